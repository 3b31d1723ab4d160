"""Roman numerals to spelled pitches and lead-sheet chord symbols.

The triad (and secondary dominants) come from music21's ``roman.RomanNumeral`` in the parallel
major or minor key, so spelling follows the key (F# minor has C#, not Db). Extensions are added by
interval from the root in lead-sheet sense: "7" on a major triad is a dominant seventh (blues I7 is
C7, not Cmaj7), "maj7" a major seventh, "sus4"/"sus2" replace the third. Symbols are named here from
root + interval set, never from music21's chordSymbol names (which say "C5" or "Cmajor").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from songwriter.errors import BadInput
from songwriter.harmony.keys import parse_key, pitch_class

_FIGURE_RE = re.compile(
    r"^(?P<acc>b|#)?(?P<num>VII|vii|VI|vi|IV|iv|V|v|III|iii|II|ii|I|i)(?P<mark>°|o|ø|\+)?"
    r"(?P<ext>maj7|7|6|9|sus4|sus2|add9)?(?:/(?P<of>[b#]?(?:VII|vii|VI|vi|IV|iv|V|v|III|iii|II|ii|I|i)))?$")

# Interval set above the root (semitones) -> lead-sheet suffix.
QUALITY_SUFFIX = {
    (0, 4, 7): "", (0, 3, 7): "m", (0, 3, 6): "dim", (0, 4, 8): "aug",
    (0, 4, 7, 10): "7", (0, 4, 7, 11): "maj7", (0, 3, 7, 10): "m7", (0, 3, 6, 10): "m7b5",
    (0, 3, 6, 9): "dim7", (0, 3, 7, 11): "m(maj7)", (0, 4, 7, 9): "6", (0, 3, 7, 9): "m6",
    (0, 5, 7): "sus4", (0, 2, 7): "sus2", (0, 2, 4, 7): "add9", (0, 2, 3, 7): "madd9",
    (0, 5, 7, 10): "7sus4", (0, 2, 4, 7, 10): "9",
}


@dataclass
class Chord:
    """One chord of a progression: ``symbol`` ("F#m7"), ``roman`` ("vi7") and ``beats``."""

    symbol: str
    roman: str
    beats: float = 4.0

    def to_dict(self) -> dict:
        return {"symbol": self.symbol, "roman": self.roman, "beats": self.beats}


def _interval_up(pitch, name: str):
    from music21 import interval

    return interval.Interval(name).transposePitch(pitch)


@functools.lru_cache(maxsize=4096)
def _pitches_cached(figure: str, tonic: str, family: str) -> tuple[str, ...]:
    from music21 import key as m21key
    from music21 import roman

    m = _FIGURE_RE.match(figure)
    if not m:
        raise BadInput(f"cannot read the roman numeral '{figure}' (write like I, vi, bVII, V7/V, "
                       f"ii7, Imaj7, Vsus4, viio)")
    k = m21key.Key(tonic if family == "major" else tonic.lower())
    acc, num, mark, ext, of = m.group("acc") or "", m.group("num"), m.group("mark") or "", \
        m.group("ext") or "", m.group("of")
    dim = mark in ("°", "o", "ø")
    base = acc + num + ("o" if dim else "+" if mark == "+" else "")
    if of:
        # Secondary chords: let music21 build the whole thing (V7/V is D F# A C in C).
        fig = base + ("7" if ext == "7" else "") + "/" + of
        rn = roman.RomanNumeral(fig.replace("ø", "o"), k)
        return tuple(p.nameWithOctave for p in rn.pitches)
    # music21 finds and spells the root; the numeral's case and mark decide the quality.
    # In minor keys lower-case vi/vii sit on the natural-minor degrees (phrygian vii is Bbm in C)
    # unless marked diminished (viio is the leading-tone chord, dorian vio has the raised sixth).
    m67 = roman.Minor67Default.SHARP if dim else roman.Minor67Default.FLAT
    root = roman.RomanNumeral(acc + num, k, sixthMinor=m67, seventhMinor=m67).pitches[0]
    third = "M3" if num.isupper() and not dim else "m3"
    fifth = "d5" if dim else "A5" if mark == "+" else "P5"
    triad = [root, _interval_up(root, third), _interval_up(root, fifth)]
    if ext in ("sus4", "sus2"):
        second = _interval_up(root, "P4" if ext == "sus4" else "M2")
        pitches = [root, second, triad[2]]
    else:
        pitches = list(triad)
        if ext == "7":
            if mark == "ø":
                pitches.append(_interval_up(root, "m7"))
            elif dim:
                pitches.append(_interval_up(root, "d7"))
            else:
                pitches.append(_interval_up(root, "m7"))
        elif ext == "maj7":
            pitches.append(_interval_up(root, "M7"))
        elif ext == "6":
            pitches.append(_interval_up(root, "M6"))
        elif ext == "9":
            pitches.append(_interval_up(root, "m7"))
            pitches.append(_interval_up(root, "M9"))
        elif ext == "add9":
            pitches.append(_interval_up(root, "M9"))
    return tuple(p.nameWithOctave for p in pitches)


def normalize_figure(figure: str, key) -> str:
    """The numeral as written in this key: in minor-family keys III, VI and VII already lie a
    semitone below the major scale, so "bVII" in A minor is written "VII" (G, not Gb)."""
    spec = parse_key(key)
    if spec.family == "minor":
        figure = re.sub(r"^b(III|iii|VI|vi|VII|vii)(?![io°ø])", r"\1", figure)
    return figure


def chord_pitches(figure: str, key) -> list[str]:
    """Spelled pitches (music21 names, root first: ["F#4", "A4", "C#5"]) of a roman numeral in a key.

    >>> chord_pitches("i", "F# minor")
    ['F#4', 'A4', 'C#5']
    """
    spec = parse_key(key)
    return list(_pitches_cached(normalize_figure(figure, spec), spec.m21_tonic, spec.family))


def lead_name(m21_name: str) -> str:
    """music21 pitch name to lead-sheet spelling: "B-4" → "Bb", "F##" → "F##"."""
    name = re.sub(r"\d+$", "", m21_name)
    return name[0] + name[1:].replace("-", "b")


def symbol_from_pitches(pitches: list[str]) -> str:
    """Lead-sheet symbol from root-first pitches: ["D4","F#4","A4","C5"] → "D7"."""
    from music21 import pitch as m21pitch

    ps = [m21pitch.Pitch(p) for p in pitches]
    root = ps[0]
    intervals = tuple(sorted({round(p.ps - root.ps) % 12 for p in ps}))
    if len(ps) >= 5 and intervals == (0, 2, 4, 7, 10):
        suffix = "9"
    else:
        suffix = QUALITY_SUFFIX.get(intervals)
    if suffix is None:
        raise ValueError(f"no lead-sheet name for {pitches}")
    return lead_name(root.name) + suffix


def chord_symbol(figure: str, key) -> str:
    """The lead-sheet symbol of a roman numeral in a key: ("vi7", "C major") → "Am7"."""
    return symbol_from_pitches(chord_pitches(figure, key))


def make_chord(figure: str, key, beats: float = 4.0) -> Chord:
    """A Chord with the symbol derived from the numeral in ``key``."""
    figure = normalize_figure(figure, key)
    return Chord(chord_symbol(figure, key), figure, beats)


def is_diatonic(figure: str, key) -> bool:
    """True when every pitch of the chord is in the key's scale (its mode, not the parallel key)."""
    from songwriter.harmony.keys import MODES

    spec = parse_key(key)
    scale = {(spec.tonic_pc + s) % 12 for s in MODES[spec.mode]}
    return all(pitch_class(lead_name(p)) in scale for p in chord_pitches(figure, spec))


_NUMBER = {0: "1", 1: "b2", 2: "2", 3: "b3", 4: "3", 5: "4", 6: "#4", 7: "5", 8: "b6", 9: "6",
           10: "b7", 11: "7"}


def nashville_number(figure: str, key) -> str:
    """Nashville number of a roman numeral: the root counted on the tonic's major scale plus the
    chord's lead-sheet suffix. In C: "vi7" → "6m7", "bVII" → "b7", "V7/V" → "27"; in A minor
    "VI" → "b6"."""
    spec = parse_key(key)
    symbol = chord_symbol(figure, spec)
    root = re.match(r"[A-G][#b]*", symbol).group(0)
    number = _NUMBER[(pitch_class(root) - spec.tonic_pc) % 12]
    return number + symbol[len(root):]
