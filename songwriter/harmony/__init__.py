"""Harmony and melody: chord progressions that suit a lyric's key, mood, genre and sections, and a
melody sketch whose stressed syllables land on strong beats.

music21 is imported lazily inside functions, so importing this package stays cheap.
"""

from songwriter.harmony.chords import Chord, chord_pitches, chord_symbol, make_chord, nashville_number
from songwriter.harmony.keys import MODES, KeySpec, parse_key
from songwriter.harmony.moods import GENRES, MOODS, detect_mood
from songwriter.harmony.progressions import Progression, progressions

__all__ = ["Chord", "GENRES", "KeySpec", "MODES", "MOODS", "Progression", "capo_suggestion",
           "chord_pitches", "chord_symbol", "detect_mood", "fit_lyric", "make_chord", "nashville",
           "nashville_number", "parse_key", "progressions", "sketch_melody", "transpose"]


def fit_lyric(text_or_song, key, mood=None, genre=None, time_signature="4/4", seed=0):
    """Chords, syllables and a melody for a lyric (text or Song); see ``harmony.fit``."""
    from songwriter.harmony.fit import fit_lyric as _fit

    return _fit(text_or_song, key, mood=mood, genre=genre, time_signature=time_signature, seed=seed)


def sketch_melody(song, seed=0):
    """A melody for a Song whose sections already have chords; see ``harmony.melody``."""
    from songwriter.harmony.melody import sketch_melody as _sketch

    return _sketch(song, seed=seed)


def transpose(song, key):
    """The song moved to ``key``; see ``harmony.keychange``."""
    from songwriter.harmony.keychange import transpose as _t

    return _t(song, key)


def capo_suggestion(key):
    """Where to put a capo to play ``key`` with easy shapes; see ``harmony.keychange``."""
    from songwriter.harmony.keychange import capo_suggestion as _c

    return _c(key)


def nashville(chords, key):
    """Nashville numbers for chords (Chord/ChordEvent objects or numerals) in ``key``."""
    from songwriter.harmony.keychange import nashville as _n

    return _n(chords, key)
