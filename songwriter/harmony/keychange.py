"""Transposition, capo suggestions for guitar, and Nashville numbers.

Chords are re-derived from their numerals in the new key (so spelling stays right: E major's
iii is G#m, not Abm); melody notes move by the interval between the tonics, spelled in the new
key's scale, and are folded into the new key's singing range.
"""

from __future__ import annotations

import copy

from songwriter.harmony.chords import chord_pitches, lead_name, make_chord, nashville_number
from songwriter.harmony.keys import parse_key, pitch_class
from songwriter.harmony.melody import _named, scale_names, singing_range
from songwriter.song import Song

EASY_MAJOR = ["C", "G", "D", "A", "E"]
EASY_MINOR = ["Am", "Em", "Dm"]
MAX_CAPO = 7


def transpose(song: Song, key) -> Song:
    """A copy of ``song`` in ``key``: chord symbols re-spelled from their numerals, notes moved by
    the tonic interval (into the new key's range, keeping the contour)."""
    new = parse_key(key)
    old = parse_key(song.key)
    out = copy.deepcopy(song)
    out.key = new.name
    old_low, _ = singing_range(old)
    new_low, _ = singing_range(new)
    names = {pitch_class(n): n for n in scale_names(new)}
    for section in out.sections:
        extra = {}
        for c in section.chords:
            chord = make_chord(c.roman, new, c.duration)
            c.symbol, c.roman = chord.symbol, chord.roman
            for p in chord_pitches(c.roman, new):
                extra.setdefault(pitch_class(lead_name(p)), lead_name(p))
        for line in section.lines:
            for syl in line.syllables:
                for note in syl.notes:
                    from music21 import pitch

                    midi = int(pitch.Pitch(note.pitch).ps) - old_low + new_low
                    pc = midi % 12
                    name = names.get(pc) or extra.get(pc) or _sharp_or_flat(pc, new)
                    note.pitch = _named(name, midi)
    return out


def _sharp_or_flat(pc: int, spec) -> str:
    flats = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
    sharps = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    return (flats if "b" in spec.tonic or spec.tonic in ("F", "C") and spec.family == "minor"
            else sharps)[pc]


def capo_suggestion(key) -> dict:
    """Where to put a capo to play ``key`` with open-position shapes.

    Returns {"key", "capo": fret, "shape_key": "G major", "shapes": explanation}; capo 0 when the
    key is already easy. Minor-family keys use Am/Em/Dm shapes.
    """
    spec = parse_key(key)
    easy = EASY_MINOR if spec.family == "minor" else EASY_MAJOR
    best = None
    for fret in range(0, MAX_CAPO + 1):
        for rank, shape in enumerate(easy):
            if (pitch_class(shape.rstrip("m")) + fret) % 12 == spec.tonic_pc:
                cand = (fret + rank * 0.5, fret, shape)
                if best is None or cand < best:
                    best = cand
    if best is None:
        return {"key": spec.name, "capo": 0, "shape_key": spec.name,
                "text": f"play {spec.name} in open position"}
    _, fret, shape = best
    shape_key = f"{shape.rstrip('m')} {spec.mode}"
    text = (f"{spec.name} is an easy key: no capo" if fret == 0
            else f"capo {fret}, play {shape_key} shapes (sounds in {spec.name})")
    return {"key": spec.name, "capo": fret, "shape_key": shape_key, "text": text}


def shapes(romans: list[str], key) -> list[str]:
    """The chord shapes to finger with the suggested capo: the numerals in the shape key."""
    suggestion = capo_suggestion(key)
    return [make_chord(r, suggestion["shape_key"]).symbol for r in romans]


def nashville(chords, key) -> list[str]:
    """Nashville numbers for chords (objects with ``.roman``, or numerals) in ``key``."""
    return [nashville_number(getattr(c, "roman", c), key) for c in chords]
