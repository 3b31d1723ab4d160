"""Pitch names, keys and time signatures as the exporters need them, without importing music21.

The song model spells pitches the music21 way ("C#4", "B-3"); people and other tools also write
"Bb3". Keys are written "A minor", "D dorian", "Eb major" or just "G".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from songwriter.errors import BadInput

LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
# Position of each natural on the circle of fifths, counted from C.
LETTER_FIFTHS = {"F": -1, "C": 0, "G": 1, "D": 2, "A": 3, "E": 4, "B": 5}
# How far a mode's key signature sits from the major key on the same tonic, in fifths.
MODE_FIFTHS = {"major": 0, "ionian": 0, "minor": -3, "aeolian": -3, "dorian": -2, "mixolydian": -1,
               "lydian": 1, "phrygian": -4, "locrian": -5}
MAJOR_BY_FIFTHS = {-7: "Cb", -6: "Gb", -5: "Db", -4: "Ab", -3: "Eb", -2: "Bb", -1: "F", 0: "C",
                   1: "G", 2: "D", 3: "A", 4: "E", 5: "B", 6: "F#", 7: "C#"}
MINOR_BY_FIFTHS = {-7: "Abm", -6: "Ebm", -5: "Bbm", -4: "Fm", -3: "Cm", -2: "Gm", -1: "Dm", 0: "Am",
                   1: "Em", 2: "Bm", 3: "F#m", 4: "C#m", 5: "G#m", 6: "D#m", 7: "A#m"}

_PITCH = re.compile(r"^\s*([A-Ga-g])(#{1,2}|x|-{1,2}|b{1,2}|♯|♭)?(-?\d)\s*$")
_NAME = re.compile(r"^\s*([A-Ga-g])(#{1,2}|-{1,2}|b{1,2}|♯|♭)?\s*$")


def accidental_value(text: str | None) -> int:
    """Semitones of an accidental written '#', '##', 'x', '-', '--', 'b', 'bb', '♯' or '♭'."""
    if not text:
        return 0
    if text in ("x", "##"):
        return 2
    if text[0] in "#♯":
        return len(text)
    return -len(text)


@dataclass(frozen=True)
class Pitch:
    """A spelled pitch: letter, accidental in semitones, octave (C4 = middle C)."""

    letter: str
    alter: int
    octave: int

    @property
    def midi(self) -> int:
        return 12 * (self.octave + 1) + LETTER_PC[self.letter] + self.alter

    @property
    def music21_name(self) -> str:
        return self.letter + ("#" * self.alter if self.alter > 0 else "-" * -self.alter) + str(self.octave)


def parse_pitch(text: str) -> Pitch:
    """Parse "C#4", "B-3" or "Bb3" into a Pitch; BadInput for anything else."""
    match = _PITCH.match(str(text))
    if not match:
        raise BadInput(f"not a pitch name: {text!r} (expected something like 'C#4' or 'B-3')")
    letter, acc, octave = match.groups()
    return Pitch(letter.upper(), accidental_value(acc), int(octave))


def parse_note_name(text: str) -> tuple[str, int]:
    """Parse a pitch class name ("F#", "Bb", "E-") into (letter, alter)."""
    match = _NAME.match(str(text))
    if not match:
        raise BadInput(f"not a note name: {text!r}")
    letter, acc = match.groups()
    return letter.upper(), accidental_value(acc)


@dataclass(frozen=True)
class KeyInfo:
    """A parsed key: tonic spelling, mode and its key signature (fifths > 0 sharps, < 0 flats)."""

    letter: str
    alter: int
    mode: str
    fifths: int

    @property
    def tonic(self) -> str:
        """The tonic as a lead sheet writes it ("Bb", "F#")."""
        return self.letter + ("#" * self.alter if self.alter > 0 else "b" * -self.alter)

    @property
    def short(self) -> str:
        """Key as ChordPro writes it: "Am", "Bb", "D dorian"."""
        if self.mode in ("major", "ionian"):
            return self.tonic
        if self.mode in ("minor", "aeolian"):
            return self.tonic + "m"
        return f"{self.tonic} {self.mode}"

    @property
    def midi_key(self) -> str:
        """The key signature name mido accepts ("Am", "Bb"); modes use their parent major."""
        fifths = max(-7, min(7, self.fifths))
        if self.mode in ("minor", "aeolian"):
            return MINOR_BY_FIFTHS[fifths]
        return MAJOR_BY_FIFTHS[fifths]


def parse_key(text: str) -> KeyInfo:
    """Parse "A minor", "Am", "Eb major", "D dorian" or "G" into a KeyInfo."""
    raw = str(text or "").strip()
    if not raw:
        raise BadInput("no key given (try 'C major' or 'A minor')")
    parts = raw.replace("_", " ").split()
    head, mode = parts[0], " ".join(parts[1:]).lower() or "major"
    if len(parts) == 1 and len(head) >= 2 and head.endswith("m") and head[:-1] and _NAME.match(head[:-1]):
        head, mode = head[:-1], "minor"
    mode = {"maj": "major", "min": "minor", "m": "minor"}.get(mode, mode)
    if mode not in MODE_FIFTHS or not _NAME.match(head):
        raise BadInput(f"unknown key {raw!r} (try 'C major', 'A minor' or 'D dorian')")
    letter, alter = parse_note_name(head)
    fifths = LETTER_FIFTHS[letter] + 7 * alter + MODE_FIFTHS[mode]
    return KeyInfo(letter, alter, mode, fifths)


def parse_time_signature(text: str) -> tuple[int, int]:
    """Parse "4/4", "3/4", "6/8" into (beats, beat_unit)."""
    match = re.match(r"^\s*(\d{1,2})\s*/\s*(1|2|4|8|16)\s*$", str(text or ""))
    if not match or int(match.group(1)) == 0:
        raise BadInput(f"not a time signature: {text!r} (expected something like '4/4')")
    return int(match.group(1)), int(match.group(2))


def bar_length(time_signature: str) -> float:
    """Length of one bar in quarter notes ("6/8" -> 3.0)."""
    beats, unit = parse_time_signature(time_signature)
    return beats * 4.0 / unit
