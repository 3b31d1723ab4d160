"""Lead sheet exports of a hand-made three-section song, each read back by an independent reader:
music21 for MusicXML, musicxml2ly and verovio for conversion, Pillow for the PNG, mido for MIDI,
the wave module for the audio, and a small ChordPro parser written here."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import wave
from pathlib import Path

import pytest

from songwriter.leadsheet import export, export_many, render, to_chordpro, to_text
from songwriter.leadsheet.example import example_song
from songwriter.song import Song

# What each symbol in the example must be read as: (root, MusicXML kind, bass or None).
EXPECTED_KINDS = {
    "Am": ("A", "minor", None), "F": ("F", "major", None), "C": ("C", "major", None),
    "G": ("G", "major", None), "G/B": ("G", "major", "B"), "Fmaj7": ("F", "major-seventh", None),
    "Dm7": ("D", "minor-seventh", None), "E7": ("E", "dominant", None),
    "Gsus4": ("G", "suspended-fourth", None),
}
PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def midi_number(name: str) -> int:
    """MIDI number of "C#4"/"B-3"/"Bb3", computed here rather than with the exporter's parser."""
    m = re.match(r"([A-G])([#b-]*)(-?\d)$", name)
    letter, acc, octave = m.groups()
    alter = acc.count("#") - acc.count("-") - acc.count("b")
    return 12 * (int(octave) + 1) + PC[letter] + alter


def song_notes(song: Song):
    """(absolute offset, midi, duration) of every sung note, sections end to end."""
    out, start = [], 0.0
    for section in song.sections:
        for line in section.lines:
            for syllable in line.syllables:
                for note in syllable.notes:
                    out.append((start + note.offset, midi_number(note.pitch), note.duration))
        start += section.length
    return sorted(out)


def song_syllables(song: Song):
    return [(s.text, s.syllabic) for sec in song.sections for line in sec.lines for s in line.syllables
            if s.notes]


def song_chords(song: Song):
    out, start = [], 0.0
    for section in song.sections:
        out.extend((start + c.offset, c.symbol) for c in section.chords)
        start += section.length
    return out


@pytest.fixture(scope="module")
def song():
    return example_song()


@pytest.fixture(scope="module")
def files(song, tmp_path_factory):
    """Every format exported once into one folder (PDF and PNG from one LilyPond run)."""
    folder = tmp_path_factory.mktemp("sheets")
    results = export_many(song, ("musicxml", "pdf", "png", "svg", "midi", "chordpro", "txt", "json"), folder)
    return {r.format: r.path for r in results}


# --- MusicXML, read back by music21 ----------------------------------------------------------

@pytest.fixture(scope="module")
def score(files):
    from music21 import converter

    return converter.parse(str(files["musicxml"]), format="musicxml")


def test_musicxml_notes_match_song(score, song):
    from music21 import note as m21note

    written = []
    for n in score.recurse().getElementsByClass(m21note.Note):
        offset = float(n.getOffsetInHierarchy(score))
        if n.tie is not None and n.tie.type in ("stop", "continue"):
            prev = written[-1]
            assert prev[1] == n.pitch.midi and abs(prev[0] + prev[2] - offset) < 1e-6
            written[-1] = (prev[0], prev[1], prev[2] + float(n.quarterLength))
        else:
            written.append((offset, n.pitch.midi, float(n.quarterLength)))
    assert written == song_notes(song)


def test_musicxml_lyrics_and_syllabic_flags(score, song):
    from music21 import note as m21note

    sung = []
    for n in score.recurse().getElementsByClass(m21note.Note):
        if n.lyrics:
            assert len(n.lyrics) == 1
            sung.append((n.lyrics[0].text.strip(',.!?;:"\''), n.lyrics[0].syllabic))
    assert sung == song_syllables(song)
    # punctuation typed in the line is kept under the notes
    texts = [n.lyrics[0].text for n in score.recurse().getElementsByClass(m21note.Note) if n.lyrics]
    assert "on," in texts


def test_musicxml_chord_symbols_kinds_and_offsets(score, song, files):
    from music21 import harmony

    symbols = list(score.recurse().getElementsByClass(harmony.ChordSymbol))
    read = [(float(cs.getOffsetInHierarchy(score)), cs) for cs in symbols]
    expected = song_chords(song)
    assert [o for o, _ in read] == [o for o, _ in expected]
    for (_, cs), (_, symbol) in zip(read, expected):
        root, kind, bass = EXPECTED_KINDS[symbol]
        assert cs.root().name == root, symbol
        assert cs.bass().name == (bass or root), symbol
    # The written XML: every <harmony> says the kind we meant; no power chord anywhere.
    xml = files["musicxml"].read_text(encoding="utf-8")
    kinds = re.findall(r"<kind[^>]*>([^<]+)</kind>", xml)
    assert kinds == [EXPECTED_KINDS[s][1] for _, s in expected]
    assert "power" not in kinds


def test_musicxml_header_and_section_marks(score, song):
    from music21 import expressions, key, meter, tempo

    assert score.metadata.bestTitle == "Harbor Lights"
    assert score.metadata.composer == "Sam Rivera"
    assert dict(score.metadata.all())["lyricist"] == "Sam Rivera"
    ks = next(score.recurse().getElementsByClass(key.KeySignature))
    assert ks.sharps == 0
    assert next(score.recurse().getElementsByClass(meter.TimeSignature)).ratioString == "4/4"
    assert next(score.recurse().getElementsByClass(tempo.MetronomeMark)).number == 92
    marks = [m.content for m in score.recurse().getElementsByClass(expressions.RehearsalMark)]
    assert marks == ["Verse 1", "Chorus", "Verse 2"]


def test_musicxml_converts_with_musicxml2ly_and_verovio(files, tmp_path):
    import lilypond
    import verovio

    bin_dir = Path(lilypond.executable()).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(bin_dir / "musicxml2ly"), "-o", str(tmp_path / "m.ly"), str(files["musicxml"])],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower()
    assert "\\lyricmode" in (tmp_path / "m.ly").read_text(encoding="utf-8")

    toolkit = verovio.toolkit()
    assert toolkit.loadData(files["musicxml"].read_text(encoding="utf-8"))
    assert "Error" not in (toolkit.getLog() or "")
    assert toolkit.getPageCount() >= 1


# --- Engraved PDF/PNG, SVG ---------------------------------------------------------------------

def test_pdf_and_png_exist_and_png_decodes(files):
    from PIL import Image

    pdf = files["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    with Image.open(files["png"]) as image:
        image.load()
        width, height = image.size
        assert 500 <= width <= 2500 and 400 <= height <= 5000
        gray = image.convert("L")
        dark = sum(gray.histogram()[:128])
        assert dark > 0.01 * width * height  # there is music on it, not a blank page


def test_lilypond_source_has_exact_chord_names_and_quoted_lyrics(song):
    from songwriter.leadsheet.engrave import to_lilypond

    source = to_lilypond(song)
    chords = re.search(r"\\chordmode \{(.*?)\}", source, re.S).group(1).split()
    assert chords[:9] == ["a4*4:m", "f4*4", "c4*4", "g4*4/+b", "a4*4:m", "f4*4:maj7", "d4*2:m7",
                          "e4*2:7", "a4*4:m"]
    assert not any(c.endswith(":5") for c in chords)  # no power chords where triads are meant
    assert '"Stand" -- "ing"' in source and '"on,"' in source
    assert source.count("\\sectionLabel") == 3


def test_svg_preview(files):
    svg = files["svg"].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert svg.count('class="harm"') == len(song_chords(example_song()))
    assert 'class="verse"' in svg


# --- ChordPro, read back by a parser written here ----------------------------------------------

def parse_chordpro(text: str):
    """Directives, and per section: its label and lines as (lyric text, [(chord, char position)])."""
    meta, sections, current = {}, [], None
    for raw in text.splitlines():
        line = raw.rstrip("\n")
        directive = re.fullmatch(r"\{(\w+)(?::\s*(.*))?\}", line.strip())
        if directive:
            name, value = directive.group(1), (directive.group(2) or "").strip()
            if name.startswith("start_of_"):
                label = re.search(r'label="([^"]*)"', value)
                current = {"kind": name[9:], "label": label.group(1) if label else value, "lines": []}
                sections.append(current)
            elif name.startswith("end_of_"):
                current = None
            else:
                meta[name] = value
            continue
        if current is None or not line.strip():
            continue
        chords, lyric = [], ""
        for piece in re.split(r"(\[[^\]]*\])", line):
            if piece.startswith("[") and piece.endswith("]"):
                chords.append((piece[1:-1], len(lyric)))
            else:
                lyric += piece
        current["lines"].append((" ".join(lyric.split()), chords))
    return meta, sections


def test_chordpro_round_trip(song, files):
    meta, sections = parse_chordpro(files["chordpro"].read_text(encoding="utf-8"))
    assert meta["title"] == "Harbor Lights" and meta["key"] == "Am" and meta["tempo"] == "92"
    assert "capo" not in meta  # A minor needs no capo
    assert [(s["kind"], s["label"]) for s in sections] == [("verse", "Verse 1"), ("chorus", "Chorus"),
                                                         ("verse", "Verse 2")]
    for parsed, original in zip(sections, song.sections):
        assert [text for text, _ in parsed["lines"]] == [line.text for line in original.lines]
        assert [c for _, chords in parsed["lines"] for c, _ in chords] == [c.symbol for c in original.chords]
    # chords sit before the syllable sung when they change
    first = sections[0]["lines"][0]
    assert first == ("Standing by the water", [("Am", 0), ("F", len("Standing by the wa"))])


def test_chordpro_capo_writes_shapes(song):
    from songwriter.harmony import capo_suggestion

    moved = Song.from_dict(song.to_dict())
    moved.key = "Bb minor"
    names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    for section in moved.sections:  # the same song a semitone up
        for chord in section.chords:
            root = chord.symbol[0]
            rest = chord.symbol[1:]
            bass = ""
            if "/" in rest:
                rest, bass = rest.split("/")
                bass = "/" + names[(PC[bass] + 1) % 12]
            chord.symbol = names[(PC[root] + 1) % 12] + rest + bass
    fret = capo_suggestion("Bb minor")["capo"]
    assert fret > 0
    meta, sections = parse_chordpro(to_chordpro(moved))
    assert meta["capo"] == str(fret) and meta["key"] == "Bbm"
    written = [c for s in sections for _, chords in s["lines"] for c, _ in chords]
    sounding = [c.symbol for s in moved.sections for c in s.chords]

    def pc(symbol):
        m = re.match(r"([A-G])([#b]?)", symbol)
        return (PC[m.group(1)] + {"#": 1, "b": -1, "": 0}[m.group(2)]) % 12

    assert [(pc(w) + fret) % 12 for w in written] == [pc(s) for s in sounding]


# --- MIDI, read back by mido -------------------------------------------------------------------

def test_midi_tracks_tempo_key_and_notes(files, song):
    import mido

    midi = mido.MidiFile(str(files["midi"]))
    assert midi.type == 1 and len(midi.tracks) == 3
    names = [next((m.name for m in t if m.type == "track_name"), "") for t in midi.tracks]
    assert names == ["Harbor Lights", "Melody", "Chords"]
    meta = {m.type: m for m in midi.tracks[0] if m.is_meta}
    assert meta["set_tempo"].tempo == mido.bpm2tempo(92)
    assert meta["key_signature"].key == "Am"
    assert (meta["time_signature"].numerator, meta["time_signature"].denominator) == (4, 4)

    def onsets(track):
        now, out = 0, []
        for m in track:
            now += m.time
            if m.type == "note_on" and m.velocity > 0:
                out.append((now / midi.ticks_per_beat, m.note))
        return out

    assert onsets(midi.tracks[1]) == [(o, p) for o, p, _ in song_notes(song)]
    # Every comping note belongs to the chord sounding then; the lowest note at a chord change is its bass.
    chords = song_chords(song)
    from songwriter.leadsheet.chords import parse_chord

    struck = {}
    for time, pitch in onsets(midi.tracks[2]):
        struck.setdefault(time, []).append(pitch)
    assert len(struck) >= len(chords)
    for time, pitches in struck.items():
        symbol = [s for o, s in chords if o <= time + 1e-9][-1]
        chord = parse_chord(symbol)
        tones = {(chord.root_pc + i) % 12 for i in chord.intervals} | {chord.bass_pc}
        assert {p % 12 for p in pitches} <= tones, (time, symbol, pitches)
        upper = sorted(pitches)[1:] if any(abs(time - o) < 1e-9 for o, _ in chords) else pitches
        assert all(50 <= p <= 74 for p in upper), (time, symbol, pitches)  # close voicing near C4
        assert max(upper) - min(upper) <= 12
    for offset, symbol in chords:
        assert min(struck[offset]) % 12 == parse_chord(symbol).bass_pc
        assert min(struck[offset]) < 52  # the bass sits under the close-voiced chord
    assert abs(midi.length - 96 * 60 / 92) < 0.05


# --- Text, JSON --------------------------------------------------------------------------------

def test_text_and_provenance(song, files):
    assert files["txt"].read_text(encoding="utf-8") == song.lyric_text() + "\n"
    with_origin = to_text(song, provenance=True)
    assert with_origin.startswith("[Verse 1]\nStanding by the water")
    assert 'Verse 2, line 3: "every wave is calling" — generated by SmolLM2-135M-Instruct' in with_origin


def test_json_round_trip(song, files):
    assert Song.from_dict(json.loads(files["json"].read_text(encoding="utf-8"))) == song


# --- WAV preview -------------------------------------------------------------------------------

def _wav_stats(data: bytes):
    import numpy as np

    with wave.open(io.BytesIO(data)) as handle:
        rate, frames, channels = handle.getframerate(), handle.getnframes(), handle.getnchannels()
        samples = np.frombuffer(handle.readframes(frames), dtype="<i2").astype(float) / 32768
    samples = samples.reshape(-1, channels)
    return frames / rate, float(np.sqrt((samples ** 2).mean())), samples


@pytest.mark.parametrize("engine", ["builtin", "fluidsynth"])
def test_wav_preview(engine, song, monkeypatch):
    from songwriter.leadsheet import audio

    if engine == "fluidsynth" and audio.synth_engine() != "fluidsynth":
        pytest.skip("fluidsynth or a GM soundfont is not installed (make system-deps)")
    monkeypatch.setenv("SONGWRITER_SYNTH", engine if engine == "builtin" else "")
    data, notes = render(song, "wav")
    assert any(engine.lower() in n.lower() or (engine == "builtin" and "built-in" in n) for n in notes)
    seconds, rms, samples = _wav_stats(data)
    assert abs(seconds - (96 * 60 / 92 + audio.TAIL)) < 0.05
    assert rms > 0.02  # not silent
    import numpy as np

    # Sound where the song plays, silence where it has ended (after the release tail fades out).
    first_bar = samples[: int(2.6 * audio.RATE)]
    assert float(np.sqrt((first_bar ** 2).mean())) > 0.01
    assert float(np.abs(samples[-100:]).max()) < 0.01
    # No clicks: the built-in synth never jumps more than a smooth waveform can.
    if engine == "builtin":
        assert float(np.abs(np.diff(samples[:, 0])).max()) < 0.2


def test_export_single_file_by_ending(song, tmp_path):
    path = export(song, "midi", tmp_path / "harbor")
    assert path.name == "harbor.mid" and path.stat().st_size > 500
    assert sorted(p.name for p in tmp_path.iterdir()) == ["harbor.mid"]


def test_wav_falls_back_to_builtin_synth_without_a_soundfont(song, monkeypatch):
    from songwriter.leadsheet import audio

    monkeypatch.setattr(audio, "SOUNDFONTS", ())
    monkeypatch.delenv("SONGWRITER_SOUNDFONT", raising=False)
    monkeypatch.delenv("SONGWRITER_SYNTH", raising=False)
    assert audio.synth_engine() == "builtin"
    data, note = audio.render_wav(song, engine="fluidsynth")  # asked for, not there: falls back
    assert "built-in synthesizer" in note and "not installed" in note
    seconds, rms, _ = _wav_stats(data)
    assert abs(seconds - (96 * 60 / 92 + audio.TAIL)) < 0.05 and rms > 0.02
