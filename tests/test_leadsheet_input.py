"""Lead sheet exports given bad paths, broken engravers and odd songs: a clear message, nothing
half-written, and for an incomplete song an export of what exists plus a warning."""

from __future__ import annotations

import os
import re
import stat

import pytest

from songwriter.errors import BackendError, BadInput, NotFound
from songwriter.leadsheet import export, export_report, render
from songwriter.leadsheet.example import example_song
from songwriter.song import ChordEvent, Line, Note, Section, Song, Syllable


@pytest.fixture
def song():
    return example_song()


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


# --- paths ---------------------------------------------------------------------------------------

def test_missing_folder(song, tmp_path):
    with pytest.raises(NotFound, match="does not exist"):
        export(song, "txt", tmp_path / "nope" / "song.txt")


def test_dotdot_and_odd_names_are_refused(song, tmp_path):
    with pytest.raises(BadInput, match=r"'\.\.'"):
        export(song, "txt", str(tmp_path / "a" / ".." / "song.txt"))
    for name in ("so?ng.txt", "line\nbreak.txt", "tab\there.txt", 'quote".txt', "-rf.txt", "..."):
        with pytest.raises(BadInput, match="not safe"):
            export(song, "txt", tmp_path / name)
    assert listing(tmp_path) == []


def test_ending_that_names_another_format(song, tmp_path):
    with pytest.raises(BadInput, match=r"ends in \.pdf \(pdf\) but the format is midi"):
        export(song, "midi", tmp_path / "song.pdf")


def test_parent_is_a_file(song, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(BadInput, match="is not a folder"):
        export(song, "txt", tmp_path / "file" / "song.txt")


def test_unwritable_folder(song, tmp_path):
    if os.geteuid() == 0:  # root may write anywhere it has a file system that takes writes
        target = "/proc/song.txt"
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        target = locked / "song.txt"
    with pytest.raises(BadInput, match="writ"):
        export(song, "txt", target)


def test_folder_target_gets_a_name_from_the_title(song, tmp_path):
    song.title = "Río / Night!"
    assert export(song, "chordpro", tmp_path).name == "rio-night.cho"


# --- engraver failures: a message and nothing half-written ----------------------------------------

def test_lilypond_failing_leaves_old_file_untouched(song, tmp_path, monkeypatch):
    from songwriter.leadsheet import engrave

    fake = tmp_path / "bin" / "lilypond"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'sheet.ly:3:1: error: syntax error, unexpected }' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(engrave, "lilypond_executable", lambda: str(fake))
    out = tmp_path / "out"
    out.mkdir()
    (out / "song.pdf").write_bytes(b"%PDF old")
    with pytest.raises(BackendError, match="LilyPond could not engrave the lead sheet: .*syntax error"):
        export(song, "pdf", out / "song.pdf")
    assert listing(out) == ["song.pdf"]
    assert (out / "song.pdf").read_bytes() == b"%PDF old"


def test_lilypond_missing(song, tmp_path, monkeypatch):
    import lilypond

    monkeypatch.setattr(lilypond, "executable", lambda: "/nonexistent/lilypond")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackendError, match="LilyPond is not installed"):
        export(song, "png", tmp_path / "song.png")
    assert listing(tmp_path) == []


def test_write_interrupted_midway_leaves_nothing(song, tmp_path, monkeypatch):
    from songwriter.leadsheet import files

    real = os.replace

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(BadInput, match="No space left"):
        export(song, "txt", tmp_path / "song.txt")
    monkeypatch.setattr(files.os, "replace", real)
    assert listing(tmp_path) == []


# --- incomplete and unusual songs -----------------------------------------------------------------

def test_song_without_melody_exports_what_exists(song, tmp_path):
    for section in song.sections:
        for line in section.lines:
            for syllable in line.syllables:
                syllable.notes = []
    result = export_report(song, "pdf", tmp_path / "s.pdf")
    assert any("no melody in Verse 1, Chorus, Verse 2" in n for n in result.notes)
    assert result.path.read_bytes().startswith(b"%PDF")
    from songwriter.leadsheet.engrave import to_lilypond

    assert '\\line { "Standing by the water" }' in to_lilypond(song)  # lyrics printed as text
    cho = export(song, "chordpro", tmp_path / "s.cho").read_text(encoding="utf-8")
    assert "[Am] [F] [C] [G/B]" in cho and "\nStanding by the water\n" in cho
    import mido

    midi = mido.MidiFile(str(export(song, "midi", tmp_path / "s.mid")))
    assert sum(m.type == "note_on" for m in midi.tracks[1]) == 0
    assert sum(m.type == "note_on" for m in midi.tracks[2]) > 0


def test_song_without_chords_exports_what_exists(song, tmp_path):
    for section in song.sections:
        section.chords = []
    result = export_report(song, "musicxml", tmp_path / "s.musicxml")
    assert any("no chords in Verse 1, Chorus, Verse 2" in n for n in result.notes)
    xml = result.path.read_text(encoding="utf-8")
    syllables = sum(len(line.syllables) for section in song.sections for line in section.lines)
    assert "<harmony" not in xml and xml.count("<lyric") == syllables == 65
    data, notes = render(song, "png")
    assert data.startswith(b"\x89PNG")


def test_empty_song(tmp_path):
    empty = Song(title="Nothing yet")
    result = export_report(empty, "pdf", tmp_path / "empty.pdf")
    assert result.path.stat().st_size > 1000
    assert any("no sections" in n for n in result.notes)
    assert export(empty, "txt", tmp_path / "e.txt").read_text(encoding="utf-8") == "\n"


def _one_line_song(text: str, pieces: list[str], title="Weird") -> Song:
    syllables = [Syllable(p, "single", 1, [Note("C4" if i % 2 else "E4", float(i), 1.0)])
                 for i, p in enumerate(pieces)]
    return Song(title=title, key="C major", sections=[
        Section("verse", "Verse 1", [Line(text, syllables)], [ChordEvent("C", "I", 0, 4)], 8.0)])


def test_emoji_non_latin_and_quote_characters_engrave(tmp_path):
    from music21 import converter
    from music21 import note as m21note

    pieces = ["Привет", "мир", "🌊", "夜の海", 'say "hi"', "back\\slash", "{brace}", "#%$"]
    song = _one_line_song(" ".join(pieces), pieces, title='Ünïcode "song" \\ 🌊')
    result = export_report(song, "pdf", tmp_path / "u.pdf")
    assert result.path.read_bytes().startswith(b"%PDF")
    # LilyPond's fonts here have Cyrillic but no CJK or emoji: the person is told, not surprised.
    assert any("cannot show 🌊 夜 の 海" in n for n in result.notes)
    assert not any("П" in n for n in result.notes)
    xml = export(song, "musicxml", tmp_path / "u.musicxml")
    score = converter.parse(str(xml))
    lyrics = [n.lyrics[0].text for n in score.recurse().getElementsByClass(m21note.Note) if n.lyrics]
    assert lyrics == pieces
    assert "Привет мир 🌊 夜の海" in export(song, "chordpro", tmp_path / "u.cho").read_text(encoding="utf-8")
    assert render(song, "svg")[0].startswith(b"<") or b"<svg" in render(song, "svg")[0][:400]


def test_unknown_chord_symbols_are_kept_as_written(tmp_path):
    song = _one_line_song("la la", ["la", "la"])
    song.sections[0].chords = [ChordEvent("C13#11", "I", 0, 2), ChordEvent("Hm7", "?", 2, 2),
                               ChordEvent("F#m7b5", "vii", 4, 4)]
    result = export_report(song, "musicxml", tmp_path / "c.musicxml")
    assert any("C13#11" in n and "Hm7" in n for n in result.notes)
    xml = result.path.read_text(encoding="utf-8")
    assert '<kind text="13#11">dominant</kind>' in xml
    assert "<kind>half-diminished</kind>" in xml and "<root-alter>1</root-alter>" in xml
    from songwriter.leadsheet.engrave import to_lilypond

    source = to_lilypond(song)
    assert '\\override ChordName.text = \\markup { "C13#11" }' in source
    assert "fs4*4:m7.5-" in source
    assert export(song, "pdf", tmp_path / "c.pdf").stat().st_size > 1000


def test_bad_key_and_pitch_are_clear(tmp_path):
    song = _one_line_song("la", ["la"])
    song.key = "H major"
    with pytest.raises(BadInput, match="unknown key 'H major'"):
        export(song, "midi", tmp_path / "k.mid")
    song = _one_line_song("la", ["la"])
    song.sections[0].lines[0].syllables[0].notes[0].pitch = "X9"
    with pytest.raises(BadInput, match="not a pitch name: 'X9'"):
        export(song, "midi", tmp_path / "p.mid")
    assert listing(tmp_path) == []


def test_three_four_and_flat_keys(tmp_path):
    """A waltz in E-flat: bars of three, flats in the key and the chord names."""
    import mido

    syllables = [Syllable(t, f, 1, [Note(p, o, d)]) for t, f, p, o, d in [
        ("Wal", "begin", "B-4", 0, 2), ("tzing", "end", "G4", 2, 1), ("home", "single", "E-4", 3, 3)]]
    song = Song(title="Waltz", key="Eb major", time_signature="3/4", tempo=120, sections=[
        Section("verse", "Verse", [Line("Waltzing home", syllables)],
                [ChordEvent("Eb", "I", 0, 3), ChordEvent("Bb7/D", "V7", 3, 3)], 6.0)])
    from songwriter.leadsheet.engrave import to_lilypond

    source = to_lilypond(song)
    assert "\\key ef \\major \\time 3/4" in source and "ef4*3 bf4*3:7/+d" in source
    assert re.search(r"bf'2 g'4 \|\s+ef'2\.", source)
    midi = mido.MidiFile(str(export(song, "midi", tmp_path / "w.mid")))
    meta = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert meta["key_signature"].key == "Eb" and meta["time_signature"].numerator == 3
    xml = export(song, "musicxml", tmp_path / "w.musicxml").read_text(encoding="utf-8")
    assert "<fifths>-3</fifths>" in xml and "<root-alter>-1</root-alter>" in xml


def test_overlapping_notes_and_chords_are_made_one_voice(tmp_path):
    """Two chords at one moment, a chord running into the next, overlapping melody notes: every
    format still agrees on one chord and one note at a time, and later offsets do not drift."""
    from music21 import converter, harmony

    song = _one_line_song("a b c d", ["a", "b", "c", "d"])
    song.sections[0].lines[0].syllables[1].notes[0].duration = 2.5  # runs over "c" and "d"
    song.sections[0].chords = [ChordEvent("C", "I", 0, 4), ChordEvent("Am", "vi", 0, 2),
                               ChordEvent("F", "IV", 2, 4), ChordEvent("G", "V", 4, 4)]
    from songwriter.leadsheet.engrave import to_lilypond

    chords = re.search(r"\\chordmode \{(.*?)\}", to_lilypond(song), re.S).group(1).split()
    assert chords == ["a4*2:m", "f4*2", "g4*4"]
    score = converter.parse(str(export(song, "musicxml", tmp_path / "o.musicxml")))
    read = [(float(cs.getOffsetInHierarchy(score)), cs.figure)
            for cs in score.recurse().getElementsByClass(harmony.ChordSymbol)]
    assert read == [(0.0, "Am"), (2.0, "F"), (4.0, "G")]
    notes = [(float(n.getOffsetInHierarchy(score)), float(n.quarterLength)) for n in score.recurse().notes
             if not isinstance(n, harmony.ChordSymbol)]
    assert notes == [(0.0, 1.0), (1.0, 1.0), (2.0, 1.0), (3.0, 1.0)]
