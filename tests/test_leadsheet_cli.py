"""`songwriter leadsheet LYRIC_FILE` (harmony's fit_lyric + export, no database) and
`songwriter song export ID` (from the drafts library), through the real CLI entry point."""

from __future__ import annotations

import importlib.util
import json

import pytest

from songwriter.cli import main

LYRIC = """[Verse 1]
Standing by the water
counting every light

[Chorus]
Hold on, hold on
the tide is turning over
"""


def run(capsys, *argv):
    """Run the CLI in-process; (exit code, stdout, stderr)."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def lyric(tmp_path):
    path = tmp_path / "harbor-lights.txt"
    path.write_text(LYRIC, encoding="utf-8")
    return path


def test_leadsheet_from_lyric_file(capsys, lyric, tmp_path):
    from music21 import converter
    from music21 import harmony as m21harmony
    from music21 import note as m21note

    out = tmp_path / "sheet.musicxml"
    code, stdout, stderr = run(capsys, "leadsheet", str(lyric), "--key", "G major", "--mood", "hopeful",
                               "-o", str(out))
    assert code == 0, stderr
    assert f"wrote {out} (musicxml" in stdout
    score = converter.parse(str(out))
    assert score.metadata.bestTitle == "Harbor Lights"  # from the file name
    words = [n.lyrics[0] for n in score.recurse().getElementsByClass(m21note.Note) if n.lyrics]
    # Rebuild the words from the syllables and their flags: they must be the lyric's words.
    rebuilt, word = [], ""
    for lyric_ in words:
        word += lyric_.text
        if lyric_.syllabic in ("single", "end"):
            rebuilt.append(word.strip(",.").lower())
            word = ""
    expected = [w.strip(",").lower() for line in LYRIC.splitlines() if line and not line.startswith("[")
                for w in line.split()]
    assert rebuilt == expected
    assert len(list(score.recurse().getElementsByClass(m21harmony.ChordSymbol))) >= 4


def test_leadsheet_several_formats_into_a_folder(capsys, lyric, tmp_path):
    code, stdout, stderr = run(capsys, "leadsheet", str(lyric), "--key", "A minor", "--mood", "sad",
                               "--format", "chordpro", "--format", "midi", "--json", "-o", str(tmp_path))
    assert code == 0, stderr
    written = json.loads(stdout)
    assert [w["format"] for w in written] == ["chordpro", "midi"]
    chordpro = (tmp_path / "harbor-lights.cho").read_text(encoding="utf-8")
    assert "{key: Am}" in chordpro and "{start_of_chorus" in chordpro and "[" in chordpro


@pytest.mark.parametrize("content, message", [
    (b"", "the lyric file is empty"),
    (b"\x00\x01\x02binary", "looks binary"),
    (b"\xff\xfe\xfa not utf8", "not UTF-8"),
])
def test_leadsheet_bad_lyric_files(capsys, tmp_path, content, message):
    path = tmp_path / "lyric.txt"
    path.write_bytes(content)
    code, _, stderr = run(capsys, "leadsheet", str(path), "--key", "C major", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and f"error: " in stderr and message in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lyric.txt"]


def test_leadsheet_bad_key_and_path_fail_before_any_work(capsys, lyric, tmp_path):
    code, _, stderr = run(capsys, "leadsheet", str(lyric), "--key", "H minor", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "unknown key 'H minor'" in stderr
    code, _, stderr = run(capsys, "leadsheet", str(lyric), "--key", "A minor",
                          "-o", str(tmp_path / "missing" / "x.pdf"))
    assert code == 1 and "does not exist" in stderr
    code, _, stderr = run(capsys, "leadsheet", str(tmp_path / "nope.txt"), "--key", "A minor",
                          "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "no such lyric file" in stderr


@pytest.mark.skipif(importlib.util.find_spec("songwriter.drafts") is None,
                    reason="songwriter.drafts is not in the tree yet")
def test_song_export_from_the_library(capsys, tmp_path):
    from songwriter.drafts import open_library
    from songwriter.leadsheet.example import example_song

    library = open_library()
    song = example_song()
    song_id = library.new_song(song.title, key=song.key)
    library.save_song(song_id, song, message="hand-made example")

    code, stdout, stderr = run(capsys, "song", "export", str(song_id), "--format", "chordpro",
                               "-o", str(tmp_path / "harbor.cho"))
    assert code == 0, stderr
    assert "[Am]Standing by the wa[F]ter" in (tmp_path / "harbor.cho").read_text(encoding="utf-8")

    code, stdout, stderr = run(capsys, "song", "export", str(song_id), "--section", "Chorus",
                               "-o", str(tmp_path / "chorus.txt"))
    assert code == 0, stderr
    assert (tmp_path / "chorus.txt").read_text(encoding="utf-8").startswith("[Chorus]\nHold on, hold on")

    code, stdout, stderr = run(capsys, "song", "export", str(song_id), "--format", "json",
                               "-o", str(tmp_path / "song.json"))
    assert code == 0, stderr
    assert "Harbor Lights" in (tmp_path / "song.json").read_text(encoding="utf-8")

    code, _, stderr = run(capsys, "song", "export", "99999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "error:" in stderr
