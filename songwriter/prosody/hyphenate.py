"""Orthographic syllables ("walk", "ing") aligned to the pronunciation's syllable count."""

from __future__ import annotations

import functools
import re

from songwriter.prosody import lts


@functools.lru_cache(maxsize=1)
def _dic():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def _vowel_split(piece: str) -> list[str]:
    """Split a piece at vowel-group boundaries (for when pyphen gives too few pieces)."""
    chunks = lts.syllabify(piece)
    out, cur = [], ""
    for onset, vowel in chunks:
        if vowel:
            if cur and any(ch in "aeiouy" for ch in cur):
                # give one onset consonant to the next syllable
                keep = onset[:-1] if len(onset) > 1 else ""
                out.append(cur + keep)
                cur = onset[len(keep):] + vowel
            else:
                cur += onset + vowel
        else:
            cur += onset
    if cur:
        out.append(cur)
    return out if "".join(out) == piece else [piece]


def align(pieces: list[str], n: int) -> list[str]:
    """Merge or split pieces so there are exactly ``n`` (n ≥ 1)."""
    pieces = [p for p in pieces if p]
    if n <= 0 or not pieces:
        return pieces
    while len(pieces) > n:
        # merge the shortest piece with its shorter neighbour
        i = min(range(len(pieces)), key=lambda k: len(pieces[k]))
        j = i - 1 if i == len(pieces) - 1 or (i > 0 and len(pieces[i - 1]) <= len(pieces[i + 1])) else i + 1
        a, b = sorted((i, j))
        pieces[a:b + 1] = [pieces[a] + pieces[b]]
    guard = 0
    while len(pieces) < n and guard < 10:
        guard += 1
        i = max(range(len(pieces)), key=lambda k: len(pieces[k]))
        sub = _vowel_split(pieces[i])
        if len(sub) < 2:
            p = pieces[i]
            if len(p) < 2:
                break
            mid = len(p) // 2
            sub = [p[:mid], p[mid:]]
        need = n - len(pieces) + 1
        if len(sub) > need:
            sub = align(sub, need)
        pieces[i:i + 1] = sub
    return pieces


def split_syllables(word: str) -> list[str]:
    """Orthographic pieces of ``word`` whose count equals its (most likely) syllable count. Numbers
    come back as the pieces of their spoken words ("24/7" → twen, ty, four, sev, en)."""
    from songwriter.prosody.words import syllable_count

    if not word:
        return []
    n = syllable_count(word)
    if n > 1 and re.search(r"\d", word):
        # numbers are sung as words: "24/7" → twen·ty·four·sev·en
        from songwriter.prosody.oov import number_words

        spelled = number_words(word)
        if spelled:
            return align([q for w in spelled for q in split_syllables(w)], n)
    if n <= 1 or not re.search(r"[A-Za-z]", word):
        return [word]
    if "-" in word:
        # keep the hyphen on the piece before it, so the pieces join back to the word
        parts = [p for p in re.split(r"(?<=-)", word) if p]
        pieces = [q for part in parts for q in _dic().inserted(part.rstrip("-")).split("-")[:-1]
                  + [_dic().inserted(part.rstrip("-")).split("-")[-1] + ("-" if part.endswith("-") else "")]]
        return align(pieces, n)
    return align(_dic().inserted(word).split("-"), n)
