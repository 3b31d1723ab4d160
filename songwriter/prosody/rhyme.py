"""How two words or phrases rhyme: perfect, near (with a finer detail), identical or none.

A rhyme part runs from the last stressed vowel to the end. Near rhymes keep the stressed vowel and
let the codas differ within a phonetic family, by an added or dropped consonant, or not at all
(assonance); or keep the coda with another vowel (consonance). Multisyllabic matches compare the
vowels of the last two or three syllables across word boundaries ("laptop" / "crack pot").
"""

from __future__ import annotations

import itertools
from collections import namedtuple

# Consonant families used by songwriters (Pattison): a coda may swap within its family.
FAMILY = {
    "B": "stop-v", "D": "stop-v", "G": "stop-v",
    "P": "stop-u", "T": "stop-u", "K": "stop-u",
    "M": "nasal", "N": "nasal", "NG": "nasal",
    "V": "fric-v", "DH": "fric-v", "Z": "fric-v", "ZH": "fric-v",
    "F": "fric-u", "TH": "fric-u", "S": "fric-u", "SH": "fric-u",
    "CH": "affr", "JH": "affr", "L": "liquid", "R": "liquid", "W": "glide", "Y": "glide", "HH": "h",
}
# Voicing partners count as a looser family (bad / bat).
MANNER = {"stop-v": "stop", "stop-u": "stop", "fric-v": "fric", "fric-u": "fric", "affr": "affr"}
# Vowels close enough for consonance to sound like a rhyme.
CLOSE_VOWELS = [{"IH", "IY"}, {"EH", "AE"}, {"AA", "AO", "AH"}, {"UH", "UW"}, {"EH", "EY"}, {"AH", "ER"},
                {"OW", "AO"}, {"AY", "AA"}]


class RhymeMatch(namedtuple("RhymeMatch", "kind detail score")):
    """Result of comparing two words or phrases. ``kind``: perfect | near | identical | none;
    ``detail``: finer kind (assonance, consonance, family, additive, subtractive, multisyllabic...);
    ``score`` in 0..1."""

    __slots__ = ()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "score": round(self.score, 3)}


def split_phones(phones: str) -> list[str]:
    return phones.split()


def is_vowel(p: str) -> bool:
    return p[-1].isdigit()


def base(p: str) -> str:
    return p.rstrip("012")


def rhyme_part(phones: str) -> list[str]:
    """Phones from the last stressed vowel (1 or 2; else the last vowel) to the end, stress digits kept."""
    ps = split_phones(phones)
    idx = None
    for i in range(len(ps) - 1, -1, -1):
        if ps[i][-1] in "12":
            idx = i
            break
    if idx is None:
        for i in range(len(ps) - 1, -1, -1):
            if is_vowel(ps[i]):
                idx = i
                break
    return ps[idx:] if idx is not None else ps


def norm_key(part: list[str]) -> str:
    """Rhyme part without stress digits; a final unstressed -ing equals -in' (runnin' / cunning)."""
    key = " ".join(base(p) for p in part)
    return key[:-2] + "N" if key.endswith(" IH NG") else key


def rhyme_key(phones: str) -> str:
    """The perfect-rhyme key: rhyme part without stress digits (-ing ~ -in')."""
    return norm_key(rhyme_part(phones))


def onset(phones: list[str], part_len: int) -> tuple[str, ...]:
    """Consonants just before the rhyme part (back to the previous vowel or the word start)."""
    i = len(phones) - part_len - 1
    out = []
    while i >= 0 and not is_vowel(phones[i]):
        out.append(phones[i])
        i -= 1
    return tuple(reversed(out))


def syllable_frames(part: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """[(vowel, following consonants)] for a rhyme part."""
    frames: list[tuple[str, list[str]]] = []
    for p in part:
        if is_vowel(p):
            frames.append((base(p), []))
        elif frames:
            frames[-1][1].append(p)
    return [(v, tuple(c)) for v, c in frames]


def coda_relation(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, float] | None:
    """How two codas relate: same, family, additive/subtractive, or None (unrelated)."""
    if a == b:
        return "same", 1.0
    if len(a) == len(b) and a:
        fams = [(FAMILY.get(x), FAMILY.get(y)) for x, y in zip(a, b)]
        if all(fx == fy for fx, fy in fams):
            return "family", 0.85
        if all(fx == fy or (MANNER.get(fx) and MANNER.get(fx) == MANNER.get(fy)) for fx, fy in fams):
            return "family", 0.75
    # one consonant more or less (rain / rained, mind / mine)
    if len(b) - len(a) == 1 and (b[: len(a)] == a or b[-len(a):] == a if a else True):
        return "additive", 0.7
    if len(a) - len(b) == 1 and (a[: len(b)] == b or a[-len(b):] == b if b else True):
        return "subtractive", 0.7
    return None


def vowels_close(a: str, b: str) -> bool:
    return a == b or any(a in s and b in s for s in CLOSE_VOWELS)


def last_vowels(phones: str, n: int) -> list[str]:
    return [base(p) for p in split_phones(phones) if is_vowel(p)][-n:]


def multi_score(pa: str, pb: str) -> tuple[int, float]:
    """Matching over the last 2–3 syllables: (syllables matched, score 0..1). Vowels must match from
    the end; consonants near each matched vowel add to the score."""
    va, vb = last_vowels(pa, 3), last_vowels(pb, 3)
    n = 0
    for x, y in zip(reversed(va), reversed(vb)):
        if x != y:
            break
        n += 1
    if n < 2:
        return n, 0.0
    # the matched stretch must carry a stress in both (opening / running share only schwas)
    sa = [p for p in split_phones(pa) if is_vowel(p)][-n:]
    sb = [p for p in split_phones(pb) if is_vowel(p)][-n:]
    if not any(p[-1] in "12" for p in sa) or not any(p[-1] in "12" for p in sb):
        return 0, 0.0
    # consonant agreement after the first matched vowel
    fa = syllable_frames(split_phones(pa))[-n:]
    fb = syllable_frames(split_phones(pb))[-n:]
    cons = [coda_relation(x[1], y[1]) for x, y in zip(fa, fb)]
    cscore = sum(c[1] if c else 0.3 for c in cons) / len(cons)
    return n, min(1.0, 0.55 + 0.15 * (n - 2) + 0.35 * cscore)


def compare_phones(pa: str, pb: str) -> RhymeMatch:
    """Compare two phone strings."""
    if pa.replace("2", "1") == pb.replace("2", "1"):
        return RhymeMatch("identical", "homophone", 0.0)
    ra, rb = rhyme_part(pa), rhyme_part(pb)
    n_multi, mscore = multi_score(pa, pb)
    if norm_key(ra) == norm_key(rb):
        # same onset before the stressed vowel too → identical rhyme (rime riche: leave / believe)
        oa, ob = onset(split_phones(pa), len(ra)), onset(split_phones(pb), len(rb))
        if oa and oa == ob:
            return RhymeMatch("identical", "same onset (rime riche)", 0.1)
        detail = "perfect" + (f", multisyllabic ({n_multi})" if n_multi >= 2 and len([p for p in ra if is_vowel(p)]) < n_multi else "")
        return RhymeMatch("perfect", detail, 1.0)
    fa, fb = syllable_frames(ra), syllable_frames(rb)
    best: RhymeMatch = RhymeMatch("none", "", 0.0)
    if fa and fb:
        va, vb = fa[0][0], fb[0][0]
        ca = tuple(c for _, cs in fa for c in cs)
        cb = tuple(c for _, cs in fb for c in cs)
        tail_a = [v for v, _ in fa[1:]]
        tail_b = [v for v, _ in fb[1:]]
        tails_ok = len(tail_a) == len(tail_b) and all(vowels_close(x, y) or {x, y} <= {"AH", "IH", "ER", "IY"} for x, y in zip(tail_a, tail_b))
        if va == vb:
            if len(fa) == len(fb):
                rel = [coda_relation(x[1], y[1]) for x, y in zip(fa, fb)]
                if all(rel):
                    kinds = [r[0] for r in rel if r[0] != "same"]
                    detail = kinds[0] if kinds else "assonance"
                    score = min(r[1] for r in rel) * (1.0 if tails_ok else 0.8)
                    best = RhymeMatch("near", detail, score)
            if best.kind == "none":
                rel = coda_relation(ca, cb)
                if rel and rel[0] in ("additive", "subtractive") and abs(len(fa) - len(fb)) <= 1:
                    best = RhymeMatch("near", rel[0], 0.65)
                elif tails_ok or not tail_a and not tail_b:
                    best = RhymeMatch("near", "assonance", 0.6 if ca and cb else 0.55)
                elif abs(len(fa) - len(fb)) <= 1:
                    best = RhymeMatch("near", "assonance", 0.5)
        elif ca and ca == cb and vowels_close(va, vb):
            best = RhymeMatch("near", "consonance", 0.55)
        elif ca and ca == cb and len(fa) == len(fb):
            best = RhymeMatch("near", "consonance", 0.45)
    if n_multi >= 2 and mscore > best.score:
        best = RhymeMatch("near", f"multisyllabic ({n_multi})", mscore)
    elif n_multi >= 2 and best.kind == "near":
        best = RhymeMatch("near", best.detail + f", multisyllabic ({n_multi})", max(best.score, mscore))
    return best


def compare_pronunciations(list_a: list[str], list_b: list[str]) -> RhymeMatch:
    """Best match over every pair of pronunciations."""
    order = {"perfect": 3, "near": 2, "none": 1, "identical": 0}
    best = None
    for pa, pb in itertools.product(list_a, list_b):
        m = compare_phones(pa, pb)
        if m.kind == "identical":
            return m  # a homophone under any reading is not a rhyme
        if best is None or (order[m.kind], m.score) > (order[best.kind], best.score):
            best = m
    if best is None:
        return RhymeMatch("identical", "homophone", 0.0)
    return best
