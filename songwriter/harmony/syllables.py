"""Sung syllables of a lyric line: text pieces, their place in the word and their stress.

Uses the prosody engine (``prosody.tokenize``, ``split_syllables``, ``stress_patterns``,
``line_stresses``). Until that package is in the tree a small stand-in built on the CMU dictionary
(`pronouncing`) and pyphen keeps harmony usable; it is chosen only when the import fails.
"""

from __future__ import annotations

import functools
import re
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


def _prosody():
    try:
        from songwriter import prosody
    except ImportError:
        return None
    needed = ("tokenize", "split_syllables", "stress_patterns")
    return prosody if all(hasattr(prosody, n) for n in needed) else None


@functools.lru_cache(maxsize=20000)
def _word_units(word: str) -> tuple[tuple[str, int], ...]:
    """(piece, stress) for each syllable of one word."""
    pros = _prosody()
    pieces, patterns = None, []
    if pros is not None:
        try:
            pieces = list(pros.split_syllables(word)) or [word]
            patterns = list(pros.stress_patterns(word) or [])
        except (SongwriterError, ValueError, KeyError):
            pieces = None  # a token prosody refuses (a stray symbol) is still sung, as best we can
    if pieces is None:
        pieces, patterns = _standin(word)
    pattern = next((p for p in patterns if len(p) == len(pieces)), None)
    if len(pieces) == 1:
        stress = -1 if word.lower().strip("'") in FUNCTION_WORDS else 1
        return ((pieces[0], stress),)
    if pattern is None:  # fall back: stress on the first syllable, the English default
        pattern = "1" + "0" * (len(pieces) - 1)
    return tuple((p, int(s) if s.isdigit() else 0) for p, s in zip(pieces, pattern))


def _standin(word: str) -> tuple[list[str], list[str]]:
    """CMU dictionary stresses and pyphen pieces, aligned by count (used only without prosody)."""
    import pronouncing

    clean = re.sub(r"[^a-z']", "", word.lower())
    phones = pronouncing.phones_for_word(clean) if clean else []
    patterns = [pronouncing.stresses(p) for p in phones]
    count = len(patterns[0]) if patterns else max(1, len(re.findall(r"[aeiouy]+", clean)) or 1)
    pieces = _dic().inserted(word).split("-")
    while len(pieces) > count:
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    while len(pieces) < count:
        longest = max(range(len(pieces)), key=lambda i: len(pieces[i]))
        w = pieces[longest]
        if len(w) < 2:
            break
        cut = len(w) // 2
        pieces[longest:longest + 1] = [w[:cut], w[cut:]]
    return pieces, patterns


@functools.cache
def _dic():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def tokenize(line: str) -> list[str]:
    """Lyric words of a line (prosody's tokenizer when present)."""
    pros = _prosody()
    if pros is not None:
        return list(pros.tokenize(line))
    return re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*'?", line)


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
