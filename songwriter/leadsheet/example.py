"""A hand-made three-section song (Verse 1, Chorus, Verse 2) used by the tests, the benchmark and
the docs: melody with a tie across a bar line and two melismas, chords on bars and half bars, a
slash chord and a seventh, words split into syllables with their begin/middle/end flags."""

from __future__ import annotations

from songwriter.song import ChordEvent, Line, Note, Section, Song, Syllable

# Each line: text, then (syllable, syllabic, stress, [(pitch, duration), ...]) from the line's start.
# "b"/"m"/"e"/"s" = begin/middle/end/single. Every line starts two bars (8 quarters) after the last.
VERSE_TUNE = [
    [("E4", 1)], [("E4", 0.5)], [("D4", 0.5)], [("C4", 1)], [("D4", 1)], [("E4", 3)],
    [("E4", 1)], [("G4", 1)], [("A4", 0.5)], [("G4", 0.5)], [("E4", 4)],
    [("C4", 0.5)], [("C4", 0.5)], [("D4", 1)], [("E4", 1)], [("G4", 1.5)], [("E4", 2.5)],
    [("D4", 1)], [("C4", 1)], [("B3", 1)], [("C4", 1)], [("B3", 1), ("A3", 2)],
]
VERSE_STARTS = [0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 24, 24, 24, 24, 24]

VERSE_1 = [
    ("Standing by the water", "Stand b 1|ing e 0|by s 0|the s 0|wa b 1|ter e 0"),
    ("counting every light", "count b 1|ing e 0|ev b 1|ery e 0|light s 1"),
    ("all the boats are leaving", "all s 1|the s 0|boats s 1|are s 0|leav b 1|ing e 0"),
    ("slowly into night", "slow b 1|ly e 0|in b 1|to e 0|night s 1"),
]
VERSE_2 = [
    ("Paper hearts and harbor", "Pa b 1|per e 0|hearts s 1|and s 0|har b 1|bor e 0"),
    ("streetlights on the sand", "street b 1|lights e 2|on s 0|the s 0|sand s 1"),
    ("every wave is calling", "ev b 1|ery e 0|wave s 1|is s 0|call b 1|ing e 0"),
    ("take me by the hand", "take s 1|me s 0|by s 0|the s 0|hand s 1"),
]
CHORUS = [
    ("Hold on, hold on", "Hold s 1|on s 0|hold s 1|on s 0",
     [[("C5", 1.5)], [("A4", 0.5)], [("C5", 1.5)], [("A4", 2.5)]], 0),
    ("the tide is turning over", "the s 0|tide s 1|is s 0|turn b 1|ing e 0|o b 1|ver e 0",
     [[("G4", 0.5)], [("A4", 1)], [("G4", 0.5)], [("E4", 1)], [("D4", 1)], [("C4", 1)], [("D4", 2)]], 8),
    ("Hold on, hold on", "Hold s 1|on s 0|hold s 1|on s 0",
     [[("C5", 1.5)], [("A4", 0.5)], [("C5", 1.5)], [("A4", 2.5)]], 16),
    ("till morning finds us here", "till s 0|morn b 1|ing e 0|finds s 1|us s 0|here s 1",
     [[("G4", 0.5)], [("A4", 1)], [("G4", 0.5)], [("E4", 1)], [("D4", 1)], [("C4", 1), ("B3", 1), ("A3", 2)]], 24),
]
FLAGS = {"b": "begin", "m": "middle", "e": "end", "s": "single"}


def _line(text: str, spec: str, tune, start: float, source: str = "user") -> Line:
    syllables = []
    offset = start
    for piece, notes in zip(spec.split("|"), tune):
        word, flag, stress = piece.split()
        sung = []
        for pitch, duration in notes:
            sung.append(Note(pitch, offset, duration))
            offset += duration
        syllables.append(Syllable(word, FLAGS[flag], int(stress), sung))
    provenance = {"source": source}
    if source == "generated":
        provenance.update(backend="embedded", model="SmolLM2-135M-Instruct", seed=7)
    return Line(text, syllables, provenance)


def _verse(kind: str, label: str, lines) -> Section:
    out = []
    for number, (text, spec) in enumerate(lines):
        picks = [i for i, s in enumerate(VERSE_STARTS) if s == number * 8]
        tune = [VERSE_TUNE[i] for i in picks]
        source = "generated" if (label == "Verse 2" and number == 2) else "user"
        out.append(_line(text, spec, tune, number * 8.0, source))
    chords = [ChordEvent("Am", "i", 0, 4), ChordEvent("F", "VI", 4, 4), ChordEvent("C", "III", 8, 4),
              ChordEvent("G/B", "VII6", 12, 4), ChordEvent("Am", "i", 16, 4), ChordEvent("Fmaj7", "VImaj7", 20, 4),
              ChordEvent("Dm7", "iv7", 24, 2), ChordEvent("E7", "V7", 26, 2), ChordEvent("Am", "i", 28, 4)]
    return Section(kind, label, out, chords, 32.0)


def example_song() -> Song:
    """A complete, realistic three-section song in A minor, 4/4, 92 bpm."""
    chorus_lines = [_line(text, spec, tune, start) for text, spec, tune, start in CHORUS]
    chorus_chords = [ChordEvent("F", "VI", 0, 4), ChordEvent("C", "III", 4, 4), ChordEvent("G", "VII", 8, 4),
                     ChordEvent("Am", "i", 12, 4), ChordEvent("F", "VI", 16, 4), ChordEvent("C", "III", 20, 4),
                     ChordEvent("Gsus4", "VIIsus4", 24, 2), ChordEvent("G", "VII", 26, 2),
                     ChordEvent("Am", "i", 28, 4)]
    return Song(
        title="Harbor Lights", key="A minor", tempo=92, time_signature="4/4",
        composer="Sam Rivera", lyricist="Sam Rivera", tags=["folk", "example"],
        sections=[
            _verse("verse", "Verse 1", VERSE_1),
            Section("chorus", "Chorus", chorus_lines, chorus_chords, 32.0),
            _verse("verse", "Verse 2", VERSE_2),
        ])
