"""Progressions: the table, the rules, moods/genres/sections, bad input and the chords command."""

import json

import pytest
from click.testing import CliRunner

from songwriter.cli import cli
from songwriter.errors import BadInput
from songwriter.harmony import GENRES, MOODS, progressions
from songwriter.harmony.chords import chord_pitches, is_diatonic
from songwriter.harmony.progressions import load_patterns


def test_table_rows_are_complete_and_parse():
    rows = load_patterns()
    assert len(rows) >= 30
    for p in rows:
        assert p.explanation and p.source and p.moods and p.genres and p.sections, p.name
        for f in p.chords:
            chord_pitches(f, "C " + ("major" if p.mode in ("major", "lydian", "mixolydian") else "minor"))
    moods = {m for p in rows for m in p.moods}
    assert moods <= set(MOODS)
    for m in ["happy", "sad", "hopeful", "dark", "nostalgic", "tense", "romantic", "triumphant",
              "dreamy", "angry"]:
        assert m in moods
    for g in ["pop", "rock", "folk", "country", "blues", "jazz", "gospel", "edm", "r&b", "punk"]:
        assert g in GENRES and any(g in p.genres for p in rows), g


def test_several_progressions_with_explanations():
    found = progressions("A minor", mood="sad", genre="pop", section="verse")
    assert len(found) >= 3
    assert len({tuple(p.romans) for p in found}) == len(found)
    for p in found:
        assert p.explanation and p.chords
        assert all(c.beats == 4.0 for c in p.chords)


def test_jazz_gets_sevenths_and_blues_dominant_sevenths():
    jazz = progressions("Bb", genre="jazz")[0]
    assert any(c.symbol.endswith("maj7") for c in jazz.chords) or any("7" in c.symbol for c in jazz.chords)
    assert "Cm7 F7 Bbmaj7" in " ".join(c.symbol for c in jazz.chords)
    blues = progressions("E", genre="blues")[0]
    assert len(blues.chords) == 12
    assert {c.symbol for c in blues.chords} == {"E7", "A7", "B7"}


def test_borrowed_iv_for_nostalgia_in_major():
    found = progressions("C", mood="nostalgic", genre="pop")
    assert any("Fm" in [c.symbol for c in p.chords] and "iv" in p.romans for p in found)
    assert any("borrowed" in p.explanation for p in found)


def test_bars_and_outro_cadence():
    p = progressions("G", mood="hopeful", genre="folk", section="outro", bars=8)[0]
    assert sum(c.beats for c in p.chords) == 32
    assert p.chords[-1].symbol == "G" and p.chords[-2].roman in ("V", "IV", "bVII")
    p3 = progressions("D", bars=6, time_signature="3/4")[0]
    assert sum(c.beats for c in p3.chords) == 18


def test_same_seed_same_answer_and_mostly_diatonic():
    a = progressions("E minor", mood="dark", seed=3)
    b = progressions("E minor", mood="dark", seed=3)
    assert [p.romans for p in a] == [p.romans for p in b]
    chords = [c for p in a for c in p.chords]
    assert sum(is_diatonic(c.roman, "E minor") for c in chords) / len(chords) >= 0.6


@pytest.mark.parametrize("kwargs,needle", [
    ({"key": "H major"}, "dorian"), ({"key": "C", "bars": 0}, "1 to 64"),
    ({"key": "C", "bars": 10000}, "1 to 64"), ({"key": "C", "genre": "polka"}, "jazz"),
    ({"key": "C", "section": "solo-ish"}, "chorus"), ({"key": "C", "mood": ""}, "happy"),
    ({"key": "C", "mood": "<script>"}, "happy"), ({"key": "C", "time_signature": "5/4"}, "6/8")])
def test_bad_input_names_what_is_accepted(kwargs, needle):
    with pytest.raises(BadInput) as exc:
        progressions(**kwargs)
    assert needle in str(exc.value)


def test_unknown_mood_maps_by_meaning_and_nonsense_is_refused():
    found = progressions("C", mood="melancholy")
    assert "nearest by meaning: sad" in found[0].explanation
    with pytest.raises(BadInput) as exc:
        progressions("C", mood="xqzzv")
    assert "hopeful" in str(exc.value)


def test_chords_command_json():
    res = CliRunner().invoke(cli, ["chords", "--key", "A minor", "--mood", "sad", "--genre", "rock",
                                   "--section", "chorus", "--bars", "4", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["key"] == "A minor"
    assert [set(c) for c in data["chords"]] == [{"symbol", "roman", "beats"}] * 4
    assert data["explanation"] and data["alternatives"]
    assert data["chords"][0]["symbol"].startswith("A") or data["chords"][0]["roman"] != "i"
    assert len(data["nashville"]) == 4 and data["capo"]["capo"] == 0


def test_chords_command_bad_key_message():
    from songwriter.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["chords", "--key", "H major"])
    assert exc.value.code == 1


def test_capo_and_transpose_keep_spelling():
    from songwriter.harmony import capo_suggestion

    assert capo_suggestion("F# minor")["capo"] == 2 and capo_suggestion("F# minor")["shape_key"] == "E minor"
    assert capo_suggestion("Bb")["capo"] in (1, 3)
    assert capo_suggestion("G")["capo"] == 0


def test_importing_harmony_and_its_commands_stays_light():
    import subprocess
    import sys

    code = ("import sys, songwriter.harmony, songwriter.cli.harmony_cmds, songwriter.harmony.fit; "
            "heavy = [m for m in ('music21', 'torch', 'sentence_transformers') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("text,moods", [
    ("We are the champions, we will rise, nothing can stop us now", {"triumphant"}),
    ("Dancing in the sunshine, smiling all day long", {"happy", "playful"}),
    ("I hate the lies you told me, I will burn it all down", {"angry"}),
    ("[Verse]\nOld photographs and letters in the attic\nWe were young that summer long ago",
     {"nostalgic"})])
def test_detect_mood_by_meaning(text, moods):
    from songwriter.harmony import detect_mood

    assert detect_mood(text) in moods
