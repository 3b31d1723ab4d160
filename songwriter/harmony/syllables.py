"""Sung syllables of a lyric line: text pieces, their place in the word and their stress.

Uses the prosody engine (``prosody.tokenize``, ``split_syllables``, ``stress_patterns``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from songwriter.errors import SongwriterError

# One-syllable words that take the beat only when the meter wants them.
FUNCTION_WORDS = set("""a an the and or but nor so yet of to in on at by for with from as if than
that this these those is am are was were be been i you he she it we they me him her us them my your
his its our their do does did have has had will would can could shall should may might must not no
oh o up out off than then there here when where who whom what which how why all just""".split())


@dataclass
class SungSyllable:
    """One syllable: ``text``, ``syllabic`` (single/begin/middle/end) and ``stress`` — 1 stressed,
    2 secondary, 0 unstressed, -1 "either" (a one-syllable function word)."""

    text: str
    syllabic: str
    stress: int


@functools.lru_cache(maxsize=20000)
def _word_units(word: str) -> tuple[tuple[str, int], ...]:
    """(piece, stress) for each syllable of one word."""
    from songwriter import prosody

    try:
        pieces = list(prosody.split_syllables(word)) or [word]
        patterns = list(prosody.stress_patterns(word) or [])
    except (SongwriterError, ValueError, KeyError):
        pieces, patterns = [word], []  # a token prosody refuses (a stray symbol) is sung as one note
    pattern = next((p for p in patterns if len(p) == len(pieces)), None)
    if len(pieces) == 1:
        stress = -1 if word.lower().strip("'") in FUNCTION_WORDS else 1
        return ((pieces[0], stress),)
    if pattern is None:  # fall back: stress on the first syllable, the English default
        pattern = "1" + "0" * (len(pieces) - 1)
    return tuple((p, int(s) if s.isdigit() else 0) for p, s in zip(pieces, pattern))


def tokenize(line: str) -> list[str]:
    """Lyric words of a line (the prosody engine's tokenizer)."""
    from songwriter import prosody

    return list(prosody.tokenize(line))


def line_syllables(line: str) -> list[SungSyllable]:
    """The sung syllables of a line, word by word, with syllabic flags as MusicXML names them."""
    out = []
    for word in tokenize(line):
        units = _word_units(word)
        n = len(units)
        for i, (piece, stress) in enumerate(units):
            syllabic = "single" if n == 1 else "begin" if i == 0 else "end" if i == n - 1 else "middle"
            out.append(SungSyllable(piece, syllabic, stress))
    return out
