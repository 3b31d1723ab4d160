"""Chord symbols agree with their roman numerals pitch for pitch, in every key and mode, and are
spelled in the key (F# minor has C#, not Db). The symbol is parsed back independently with
music21's ChordSymbol parser."""

import re

import pytest

from songwriter.errors import BadInput
from songwriter.harmony import chord_pitches, make_chord, nashville_number, parse_key
from songwriter.harmony.chords import is_diatonic, lead_name
from songwriter.harmony.keys import MODES, pitch_class
from songwriter.harmony.melody import scale_names
from songwriter.harmony.progressions import load_patterns, load_rules

MAJOR_TONICS = ["C", "C#", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B"]
MINOR_TONICS = ["C", "C#", "D", "D#", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"]
DIATONIC = {
    "major": ["I", "ii", "iii", "IV", "V", "vi", "viio", "Imaj7", "ii7", "iii7", "IVmaj7", "V7", "vi7",
              "viiø7"],
    "minor": ["i", "iio", "III", "iv", "v", "VI", "VII", "i7", "iv7", "VImaj7", "IIImaj7", "VII7"],
    "dorian": ["i", "ii", "III", "IV", "v", "vio", "VII"],
    "phrygian": ["i", "bII", "III", "iv", "vo", "VI", "vii"],
    "lydian": ["I", "II", "iii", "#ivo", "V", "vi", "vii"],
    "mixolydian": ["I", "ii", "iiio", "IV", "v", "vi", "bVII"],
    "aeolian": ["i", "iio", "III", "iv", "v", "VI", "VII"],
    "locrian": ["i°", "bII", "iii", "iv", "bV", "VI", "vii"],
}


def table_figures():
    figs = {f for p in load_patterns() for f in p.chords}
    rules = load_rules()
    for table in rules["sevenths"].values():
        figs |= set(table["map"].values())
    for v in rules["cadences"].values():
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            figs |= {x for x in v if x not in ("gospel", "rock", "punk", "metal")}
    figs |= {"V/vi", "V/V", "V7/V", "iv", "bVII", "Vsus4", "Isus2", "Iadd9", "I6"}
    return sorted(figs)


def parse_symbol(symbol: str) -> set[int]:
    """Pitch classes of a lead-sheet symbol, read by music21 (not by our namer)."""
    from music21 import harmony

    m = re.match(r"([A-G])([#b]*)(.*)", symbol)
    root, acc, rest = m.groups()
    rest = {"m7b5": "m7b5", "m(maj7)": "mM7"}.get(rest, rest)
    cs = harmony.ChordSymbol(root + acc.replace("b", "-") + rest)
    return {p.pitchClass for p in cs.pitches}


def keys_and_figures():
    for mode, figs in DIATONIC.items():
        tonics = MAJOR_TONICS if mode in ("major", "lydian", "mixolydian") else MINOR_TONICS
        for tonic in tonics:
            yield f"{tonic} {mode}", figs


@pytest.mark.parametrize("key,figures", list(keys_and_figures()))
def test_diatonic_symbols_match_numerals_and_are_spelled_in_the_key(key, figures):
    scale = set(scale_names(key))
    for figure in figures:
        chord = make_chord(figure, key)
        pitches = chord_pitches(figure, key)
        assert parse_symbol(chord.symbol) == {pitch_class(lead_name(p)) for p in pitches}, (key, figure)
        # spelled in the key: every chord tone is a scale tone with the key's own spelling
        assert {lead_name(p) for p in pitches} <= scale, (key, figure, pitches, scale)
        assert is_diatonic(figure, key)


@pytest.mark.parametrize("tonic", ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"])
@pytest.mark.parametrize("mode", list(MODES))
def test_every_table_figure_agrees_with_its_symbol(tonic, mode):
    from music21 import key as m21key
    from music21 import roman

    spec = parse_key(f"{tonic} {mode}")
    for figure in table_figures():
        chord = make_chord(figure, spec)
        pcs = {pitch_class(lead_name(p)) for p in chord_pitches(figure, spec)}
        assert parse_symbol(chord.symbol) == pcs, (spec.name, figure, chord.symbol)
        # the symbol's root is the numeral's root, spelled the same way
        assert chord.symbol.startswith(lead_name(chord_pitches(figure, spec)[0]))
        # plain triads and secondary dominants: same pitch classes as music21's RomanNumeral
        # (except minor-key vi/vii, which we read on the natural-minor degrees: phrygian vii = Bbm)
        natural_minor = spec.family == "minor" and chord.roman in ("vi", "vii")
        if re.fullmatch(r"[b#]?[IViv]+(o|°)?(/[IViv]+)?", chord.roman) and not natural_minor:
            k = m21key.Key(spec.m21_tonic if spec.family == "major" else spec.m21_tonic.lower())
            rn = roman.RomanNumeral(chord.roman.replace("°", "o"), k)
            assert {p.pitchClass for p in rn.pitches} == pcs, (spec.name, figure)


def test_f_sharp_minor_is_spelled_with_sharps():
    assert [make_chord(f, "F# minor").symbol for f in ["i", "iv", "V", "VI", "III", "VII"]] == \
        ["F#m", "Bm", "C#", "D", "A", "E"]
    assert make_chord("V7", "F# minor").symbol == "C#7"


def test_lead_sheet_names_not_music21_names():
    assert make_chord("I", "C") .symbol == "C"
    assert make_chord("vi7", "C").symbol == "Am7"
    assert make_chord("Imaj7", "C").symbol == "Cmaj7"
    assert make_chord("viio", "C").symbol == "Bdim"
    assert make_chord("Vsus4", "C").symbol == "Gsus4"
    assert make_chord("I7", "E").symbol == "E7"  # blues: dominant, not major seventh
    assert make_chord("bVII", "C").symbol == "Bb"
    assert make_chord("iv", "C").symbol == "Fm"


@pytest.mark.parametrize("text,name", [("A minor", "A minor"), ("F# dorian", "F# dorian"),
                                       ("Bb", "Bb major"), ("Am", "A minor"), ("c#m", "C# minor"),
                                       ("E flat major", "Eb major"), ("g mixolydian", "G mixolydian"),
                                       ("B minor", "B minor"), ("Bbm", "Bb minor")])
def test_parse_key(text, name):
    assert parse_key(text).name == name


@pytest.mark.parametrize("bad", ["H major", "", "C blorp", "<script>", "A" * 100, "7 major"])
def test_bad_keys_name_what_is_accepted(bad):
    with pytest.raises(BadInput) as exc:
        parse_key(bad)
    assert "dorian" in str(exc.value) and "A minor" in str(exc.value)


def test_nashville_numbers():
    assert [nashville_number(f, "C") for f in ["I", "vi7", "bVII", "V7/V"]] == ["1", "6m7", "b7", "27"]
    assert [nashville_number(f, "A minor") for f in ["i", "VI", "III", "V"]] == ["1m", "b6", "b3", "5"]
