"""Keys and modes: parse what a person types ("A minor", "F# dorian", "Bb", "Am") into a KeySpec.

Parsing is plain Python (no music21) so a bad key is rejected fast. Pitch work happens in
``chords.py``, which evaluates roman numerals in the parallel major key (major, lydian, mixolydian)
or the parallel minor key (minor, aeolian, dorian, phrygian, locrian): music21's own modal keys
misspell chromatic numerals (bVII in D dorian comes out as Cb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from songwriter.errors import BadInput

# Semitones of each scale degree above the tonic.
MODES = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
MAJOR_FAMILY = ("major", "lydian", "mixolydian")
MODE_ALIASES = {"maj": "major", "ionian": "major", "min": "minor", "m": "minor", "aeolian": "aeolian",
                "dor": "dorian", "phr": "phrygian", "lyd": "lydian", "mix": "mixolydian",
                "loc": "locrian"}
TONICS = ["C", "C#", "Db", "D", "D#", "Eb", "E", "F", "F#", "Gb", "G", "G#", "Ab", "A", "A#", "Bb",
          "B", "Cb", "E#", "Fb", "B#"]
NATURAL_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
ACCEPTED = ("a tonic A–G with an optional # or b (e.g. C, F#, Bb) and a mode: "
            + ", ".join(MODES) + " — like 'A minor', 'F# dorian', 'Bb' or 'Am'")


@dataclass(frozen=True)
class KeySpec:
    """A key: ``tonic`` as a lead sheet writes it ("F#", "Bb") and ``mode`` (one of MODES)."""

    tonic: str
    mode: str

    @property
    def name(self) -> str:
        """"F# minor", as the song model stores keys."""
        return f"{self.tonic} {self.mode}"

    @property
    def family(self) -> str:
        """"major" or "minor": which parallel key numerals are read in."""
        return "major" if self.mode in MAJOR_FAMILY else "minor"

    @property
    def tonic_pc(self) -> int:
        return pitch_class(self.tonic)

    @property
    def m21_tonic(self) -> str:
        """music21 spells flats with '-': "B-"."""
        return self.tonic[0] + self.tonic[1:].replace("b", "-")

    def __str__(self) -> str:
        return self.name


def pitch_class(name: str) -> int:
    """Pitch class 0–11 of a note name ("F#", "Bb", "B-")."""
    pc = NATURAL_PC[name[0].upper()]
    for ch in name[1:]:
        pc += 1 if ch == "#" else -1 if ch in "b-" else 0
    return pc % 12


_KEY_RE = re.compile(r"^\s*([A-Ga-g])\s*(#|♯|b|♭|-|sharp|flat)?\s*(.*?)\s*$", re.IGNORECASE)


def parse_key(text) -> KeySpec:
    """A KeySpec from "A minor", "F# dorian", "Bb", "Am", "c#m", "E flat major" or a KeySpec.

    >>> parse_key("Am").name
    'A minor'
    """
    if isinstance(text, KeySpec):
        return text
    if not isinstance(text, str) or not text.strip() or len(text) > 40:
        raise BadInput(f"the key is empty or too long; use {ACCEPTED}")
    m = _KEY_RE.match(text)
    if not m:
        raise BadInput(f"unknown key '{text.strip()[:40]}'; use {ACCEPTED}")
    letter, acc, rest = m.group(1).upper(), (m.group(2) or "").lower(), m.group(3).lower()
    accidental = {"#": "#", "♯": "#", "sharp": "#", "b": "b", "♭": "b", "-": "b", "flat": "b"}.get(acc, "")
    rest = rest.replace("key", "").strip()
    if rest in ("", "maj", "major", "ionian"):
        mode = "major"
    elif rest in MODES:
        mode = rest
    elif rest in MODE_ALIASES:
        mode = MODE_ALIASES[rest]
    elif rest in ("mi", "-", "moll"):
        mode = "minor"
    else:
        raise BadInput(f"unknown mode '{rest[:30]}' in key '{text.strip()[:40]}'; use {ACCEPTED}")
    tonic = letter + accidental
    if tonic not in TONICS:
        raise BadInput(f"unknown key '{text.strip()[:40]}'; use {ACCEPTED}")
    return KeySpec(tonic, mode)
