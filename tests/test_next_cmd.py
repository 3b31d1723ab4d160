"""`songwriter next`: the next line of a partial verse fits the last line's length and rhymes with
the line asked for (fake backend: the constraint logic, not the model's words)."""

import json
import subprocess
import sys

from songwriter.generation import words


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "songwriter", "next", *args, "--model", "fake"],
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_next_line_rhymes_and_scans():
    verse = "[Verse 1]\nold words that do not count\n\nThe river runs so wide\nI watch it from the shore\nThe water at my side\n"
    out = cli("--json", stdin=verse)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["lines"] == ["The river runs so wide", "I watch it from the shore", "The water at my side"]
    nxt = data["next"]
    assert words.line_syllables(nxt) == data["syllables"] == 6
    end = words.tokenize(nxt)[-1].lower()
    assert words.rhyme_kind(end, "shore") == "perfect"
    out = json.loads(cli("--json", "--rhyme-with-line", "3", "--syllables", "8", stdin=verse).stdout)
    assert words.line_syllables(out["next"]) == 8
    assert words.rhyme_kind(words.tokenize(out["next"])[-1].lower(), "side") == "perfect"


def test_next_line_bad_input():
    assert "no lyric lines" in cli(stdin="[Chorus]\n\n").stderr
    out = cli("--rhyme-with-line", "4", stdin="one line\ntwo lines\n")
    assert out.returncode == 1 and "no line 4" in out.stderr
