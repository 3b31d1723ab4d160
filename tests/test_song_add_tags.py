"""`song add` reads section tags: a tag line is a label, never a lyric line; several tags, several
sections in one revision."""

import json
import subprocess
import sys


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "songwriter", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_tags_become_sections_not_lines():
    song_id = json.loads(cli("song", "new", "--title", "Tags", "--json").stdout)["id"]
    out = cli("song", "add", str(song_id), "--text-file", "-", "--json",
              stdin="[Verse 1]\ndown by the water\nwhere the current runs\n")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"id": song_id, "revision": 2, "lines": 2, "sections": ["Verse 1"]}
    out = cli("song", "add", str(song_id), "--text-file", "-", "--json",
              stdin="[Chorus]\nhold on\nhold on\n\nBridge:\nthe tide is turning\n")
    assert json.loads(out.stdout)["revision"] == 3  # two sections, one revision
    song = json.loads(cli("song", "show", str(song_id), "--json").stdout)["song"]
    assert [(s["kind"], s["label"]) for s in song["sections"]] == [
        ("verse", "Verse 1"), ("chorus", "Chorus"), ("bridge", "Bridge")]
    texts = [ln["text"] for s in song["sections"] for ln in s["lines"]]
    assert not any("[" in t or t.endswith(":") for t in texts)
    assert texts[-1] == "the tide is turning"


def test_tags_without_lines_or_with_a_forced_kind_are_refused():
    song_id = json.loads(cli("song", "new", "--title", "Tags", "--json").stdout)["id"]
    out = cli("song", "add", str(song_id), "--text-file", "-", stdin="[Chorus]\n\n")
    assert out.returncode == 1 and "no lyric lines" in out.stderr
    out = cli("song", "add", str(song_id), "--section", "verse", "--text-file", "-",
              stdin="[Verse]\na\n[Chorus]\nb\n")
    assert out.returncode == 1 and "tagged sections" in out.stderr
    assert len(json.loads(cli("song", "history", str(song_id), "--json").stdout)) == 1  # unchanged
