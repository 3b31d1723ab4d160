"""Chord symbols ("F#m7", "Bb/D", "Gsus4") parsed once, then spelled for each exporter.

Each exporter needs the same chord in a different dialect: MusicXML wants a ``kind`` ("minor-seventh"),
LilyPond's chord mode wants ``fs:m7``, the MIDI comping track wants pitches. Parsing here (not in
music21) keeps MIDI and ChordPro free of the music21 import, and lets us say exactly which kind a
symbol is, so a plain "C" can never come out as a power chord.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from songwriter.leadsheet.notation import LETTER_PC, accidental_value

# suffix -> (MusicXML kind, semitones above the root, LilyPond chord-mode modifier, music21 abbreviation)
QUALITIES: dict[str, tuple[str, tuple[int, ...], str, str]] = {
    "": ("major", (0, 4, 7), "", ""),
    "m": ("minor", (0, 3, 7), ":m", "m"),
    "7": ("dominant", (0, 4, 7, 10), ":7", "7"),
    "maj7": ("major-seventh", (0, 4, 7, 11), ":maj7", "maj7"),
    "m7": ("minor-seventh", (0, 3, 7, 10), ":m7", "m7"),
    "dim": ("diminished", (0, 3, 6), ":dim", "dim"),
    "dim7": ("diminished-seventh", (0, 3, 6, 9), ":dim7", "dim7"),
    "m7b5": ("half-diminished", (0, 3, 6, 10), ":m7.5-", "ø7"),
    "aug": ("augmented", (0, 4, 8), ":aug", "aug"),
    "sus4": ("suspended-fourth", (0, 5, 7), ":sus4", "sus4"),
    "sus2": ("suspended-second", (0, 2, 7), ":sus2", "sus2"),
    "7sus4": ("suspended-fourth", (0, 5, 7, 10), ":sus4.7", "7sus4"),
    "6": ("major-sixth", (0, 4, 7, 9), ":6", "6"),
    "m6": ("minor-sixth", (0, 3, 7, 9), ":m6", "m6"),
    "9": ("dominant-ninth", (0, 4, 7, 10, 14), ":9", "9"),
    "maj9": ("major-ninth", (0, 4, 7, 11, 14), ":maj9", "M9"),
    "m9": ("minor-ninth", (0, 3, 7, 10, 14), ":m9", "m9"),
    "add9": ("major", (0, 4, 7, 14), ":5.9", "add9"),
    "madd9": ("minor", (0, 3, 7, 14), ":m5.9", "madd9"),
    "mmaj7": ("major-minor", (0, 3, 7, 11), ":m7+", "mM7"),
    "5": ("power", (0, 7), ":5", "power"),
}

# Other spellings people and tools use for the same qualities.
ALIASES = {
    "maj": "", "M": "", "major": "", "min": "m", "-": "m", "minor": "m", "mi": "m",
    "dom7": "7", "M7": "maj7", "Maj7": "maj7", "Δ": "maj7", "Δ7": "maj7", "ma7": "maj7",
    "min7": "m7", "-7": "m7", "mi7": "m7", "°": "dim", "o": "dim", "°7": "dim7", "o7": "dim7",
    "ø": "m7b5", "ø7": "m7b5", "m7-5": "m7b5", "m7(b5)": "m7b5", "min7b5": "m7b5", "+": "aug",
    "sus": "sus4", "7sus": "7sus4", "(add9)": "add9", "add2": "add9", "m(add9)": "madd9",
    "M9": "maj9", "m(maj7)": "mmaj7", "mM7": "mmaj7", "min9": "m9", "min6": "m6",
}

_SYMBOL = re.compile(r"^([A-G])(#|b|♯|♭)?(.*?)(?:/([A-G])(#|b|♯|♭)?)?$")


@dataclass(frozen=True)
class ChordName:
    """A parsed chord symbol. ``known`` is False when the suffix was not understood; such a chord is
    realised as the plain triad on its root and its original text is kept for display."""

    symbol: str
    root_letter: str
    root_alter: int
    quality: str
    bass_letter: str | None = None
    bass_alter: int = 0
    known: bool = True
    suffix: str = ""  # as written after the root ("m7", "13#11")

    @property
    def root_pc(self) -> int:
        return (LETTER_PC[self.root_letter] + self.root_alter) % 12

    @property
    def bass_pc(self) -> int:
        if self.bass_letter is None:
            return self.root_pc
        return (LETTER_PC[self.bass_letter] + self.bass_alter) % 12

    @property
    def kind(self) -> str:
        return QUALITIES[self.quality][0]

    @property
    def intervals(self) -> tuple[int, ...]:
        return QUALITIES[self.quality][1]

    def lilypond(self, duration: str) -> str:
        """This chord in LilyPond chord mode (English note names), e.g. ``fs4*4:m7/+cs``."""
        root = _ly_name(self.root_letter, self.root_alter)
        text = f"{root}{duration}{QUALITIES[self.quality][2]}"
        if self.bass_letter is not None:
            text += "/+" + _ly_name(self.bass_letter, self.bass_alter)
        return text

    def music21_figure(self) -> str:
        """The figure music21's ChordSymbol parses to the same kind ("B-m7", "Aø7", "G/B")."""
        root = self.root_letter + ("#" * self.root_alter if self.root_alter > 0 else "-" * -self.root_alter)
        figure = root + QUALITIES[self.quality][3]
        if self.quality == "5":
            figure = root + "power"
        if self.bass_letter is not None:
            figure += "/" + self.bass_letter + (
                "#" * self.bass_alter if self.bass_alter > 0 else "-" * -self.bass_alter)
        return figure


def _ly_name(letter: str, alter: int) -> str:
    return letter.lower() + ("s" * alter if alter > 0 else "f" * -alter)


def _nearest_quality(suffix: str) -> str:
    """The known quality an unknown suffix is closest to, by its opening ("7b9" -> "7")."""
    lowered = suffix.lower()
    if lowered.startswith("maj") or suffix.startswith("M"):
        return "maj7"
    minor = lowered.startswith(("m", "min", "-")) and not lowered.startswith("maj")
    seventh = any(d in lowered for d in ("7", "9", "11", "13"))
    if minor:
        return "m7" if seventh else "m"
    if lowered.startswith(("dim", "°", "o")):
        return "dim"
    return "7" if seventh else ""


def parse_chord(symbol: str) -> ChordName:
    """Parse a lead-sheet chord symbol. Never raises for a symbol with a readable root: an
    unknown suffix gives ``known=False``; a symbol with no root raises ValueError."""
    text = str(symbol).strip().replace("♯", "#").replace("♭", "b")
    match = _SYMBOL.match(text)
    if not match:
        raise ValueError(f"not a chord symbol: {symbol!r}")
    letter, acc, suffix, bass, bass_acc = match.groups()
    suffix = suffix.strip()
    quality = suffix if suffix in QUALITIES else ALIASES.get(suffix)
    known = quality is not None
    if quality is None:
        quality = _nearest_quality(suffix)
    return ChordName(
        symbol=str(symbol).strip(), root_letter=letter, root_alter=accidental_value(acc),
        quality=quality, bass_letter=bass, bass_alter=accidental_value(bass_acc) if bass else 0,
        known=known, suffix=suffix)


def voicing(chord: ChordName, center: int = 60) -> tuple[int, list[int]]:
    """MIDI notes for comping: (bass note, close-voiced upper chord near ``center``).

    The upper voices are the chord tones (ninths folded into the octave) in the inversion whose
    middle sits closest to ``center`` (C4); the bass is the root (or slash bass) between E2 and
    D#3, about an octave under the upper voices."""
    pcs = sorted({(chord.root_pc + i) % 12 for i in chord.intervals})
    best: list[int] = []
    best_cost = None
    for start in range(center - 12, center + 1):
        notes = []
        low = start
        for pc in sorted(pcs, key=lambda p: (p - start) % 12):
            note = low + (pc - low) % 12
            notes.append(note)
        notes.sort()
        mid = (notes[0] + notes[-1]) / 2
        cost = abs(mid - center) + 0.01 * (notes[-1] - notes[0])
        if best_cost is None or cost < best_cost:
            best, best_cost = notes, cost
    bass = 40 + (chord.bass_pc - 4) % 12  # E2..D#3: an octave or so under the upper voices
    return bass, best


_SHARP_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
_FLAT_NAMES = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]


def transpose_symbol(symbol: str, semitones: int, flats: bool = False) -> str:
    """Move a chord symbol by ``semitones``, keeping its suffix as written ("F#m7", -2 -> "Em7").
    Roots are spelled with flats or sharps as asked; an unreadable symbol comes back unchanged."""
    text = str(symbol).strip().replace("♯", "#").replace("♭", "b")
    match = _SYMBOL.match(text)
    if not match:
        return symbol
    letter, acc, suffix, bass, bass_acc = match.groups()
    names = _FLAT_NAMES if flats else _SHARP_NAMES

    def move(l: str, a: str | None) -> str:
        return names[(LETTER_PC[l] + accidental_value(a) + semitones) % 12]

    out = move(letter, acc) + suffix
    if bass:
        out += "/" + move(bass, bass_acc)
    return out
