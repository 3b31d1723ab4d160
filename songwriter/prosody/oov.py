"""Pronunciations derived from known words: dropped g, contractions, inflections, compounds, numbers,
letters of abbreviations. Anything still unknown falls back to letter-to-sound (``lts.guess``)."""

from __future__ import annotations

import re

from songwriter.prosody import dictionary

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
       "sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINAL_SUFFIX = re.compile(r"^(\d+)(st|nd|rd|th)$")
LETTER_NAMES = {c: n for c, n in zip("abcdefghijklmnopqrstuvwxyz", (
    "ay bee see dee ee ef gee aitch eye jay kay el em en oh pee cue ar es tee you vee "
    "double-you ex why zee").split())}
ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}

# Suffix → (phones to add, how to rebuild the stem spellings to try)
SUFFIXES = [
    ("in'", "IH0 N"), ("ing", "IH0 NG"), ("in", "IH0 N"), ("ers", "ER0 Z"), ("er", "ER0"), ("est", "AH0 S T"),
    ("ness", "N AH0 S"), ("less", "L AH0 S"), ("ful", "F AH0 L"), ("ly", "L IY0"), ("ment", "M AH0 N T"),
    ("ish", "IH0 SH"), ("y", "IY0"), ("ie", "IY0"), ("ies", "IY0 Z"), ("ed", None), ("es", None), ("s", None),
    ("'s", None), ("able", "AH0 B AH0 L"), ("ism", "IH2 Z AH0 M"), ("ist", "IH0 S T"),
    ("core", "K AO2 R"), ("gate", "G EY2 T"),
]
MIN_PART_ZIPF = 2.5
VOICELESS = {"P", "T", "K", "F", "TH"}
SIBILANT = {"S", "Z", "SH", "ZH", "CH", "JH"}


def number_words(token: str) -> list[str] | None:
    """Spell a numeric token as words: "24/7", "1999", "2nd", "9-5", "100%"; None if not numeric."""
    t = token.strip()
    if not t or not re.search(r"\d", t):
        return None
    m = ORDINAL_SUFFIX.match(t.lower())
    if m:
        words = _int_words(int(m.group(1)))
        if words is None:
            return None
        last = words[-1]
        words[-1] = ORDINAL_WORDS.get(last, (last[:-1] + "ieth") if last.endswith("y") else last + "th")
        return words
    if t.endswith("%"):
        inner = number_words(t[:-1])
        return inner + ["percent"] if inner else None
    if t.startswith("$"):
        inner = number_words(t[1:])
        return inner + ["dollars"] if inner else None
    parts = re.split(r"([/\-:.,])", t)
    out: list[str] = []
    for p in parts:
        if p in ("/", "-", ":", ","):
            continue
        if p == ".":
            out.append("point")
            continue
        if p.isdigit():
            w = _year_words(p) if len(p) == 4 else _int_words(int(p)) if len(p) < 10 else None
            if w is None:
                return None
            out += w
        elif p:
            return None
    return out or None


def _int_words(n: int) -> list[str] | None:
    if n < 20:
        return [ONES[n]]
    if n < 100:
        t, o = divmod(n, 10)
        return [TENS[t]] + ([ONES[o]] if o else [])
    if n < 1000:
        h, r = divmod(n, 100)
        return [ONES[h], "hundred"] + (_int_words(r) if r else [])
    if n < 1_000_000:
        th, r = divmod(n, 1000)
        return _int_words(th) + ["thousand"] + (_int_words(r) if r else [])
    if n < 1_000_000_000:
        m, r = divmod(n, 1_000_000)
        return _int_words(m) + ["million"] + (_int_words(r) if r else [])
    return None


def _year_words(p: str) -> list[str]:
    n = int(p)
    if 1100 <= n <= 1999 or 2010 <= n <= 2099:
        hi, lo = divmod(n, 100)
        if lo == 0:
            return _int_words(hi) + ["hundred"]
        return _int_words(hi) + (["oh", ONES[lo]] if lo < 10 else _int_words(lo))
    return _int_words(n)


def _phones_of_words(words: list[str]) -> str | None:
    out = []
    for w in words:
        prons = dictionary.lookup(w)
        if not prons:
            return None
        out.append(prons[0].phones)
    return " ".join(out)


def _demote(phones: str) -> str:
    """Primary stress → secondary (the second half of a compound)."""
    return phones.replace("1", "2")


def _plural(stem: str) -> str:
    last = stem.split()[-1].rstrip("012")
    if last in SIBILANT:
        return stem + " IH0 Z"
    return stem + (" S" if last in VOICELESS else " Z")


def _past(stem: str) -> str:
    last = stem.split()[-1].rstrip("012")
    if last in ("T", "D"):
        return stem + " IH0 D"
    return stem + (" T" if last in VOICELESS | {"S", "SH", "CH"} else " D")


def _stem_candidates(stem: str) -> list[str]:
    cands = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        cands.append(stem[:-1])  # runn-ing → run
    if stem.endswith("i"):
        cands.append(stem[:-1] + "y")  # cri-es → cry
    return cands


def by_suffix(w: str) -> list[str]:
    """Phones from a known stem plus a regular suffix ("rizzing" would need rizz known; "vibin'" → vibe)."""
    out: list[str] = []
    for suffix, add in SUFFIXES:
        if not w.endswith(suffix) or len(w) - len(suffix) < 2:
            continue
        stem_spelling = w[: -len(suffix)]
        for cand in _stem_candidates(stem_spelling):
            prons = dictionary.lookup(cand)
            if not prons:
                continue
            for p in prons[:2]:
                if add is not None:
                    if suffix in ("in'", "in") and dictionary.cmu_phones(cand + "ing"):
                        # prefer the -ing form's own stress, with the g dropped
                        for q in dictionary.cmu_phones(cand + "ing"):
                            out.append(re.sub(r" NG$", " N", q))
                        break
                    out.append(p.phones + " " + add)
                elif suffix in ("s", "'s", "es"):
                    out.append(_plural(p.phones))
                elif suffix == "ed":
                    out.append(_past(p.phones))
            if out:
                return list(dict.fromkeys(out))
    return out


def by_compound(w: str, depth: int = 0) -> list[str]:
    """Split a closed or hyphenated compound into known parts ("heartbreaker", "streetlight")."""
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        phones = []
        for p in parts:
            pr = pronounce_known(p)
            if not pr:
                return []
            phones.append(pr)
        return [" ".join(phones[:1] + [_demote(x) for x in phones[1:]])] if phones else []
    if depth > 2 or len(w) < 6:
        return []
    from wordfreq import zipf_frequency

    best: list[tuple[float, str]] = []
    for i in range(3, len(w) - 2):
        left, right = w[:i], w[i:]
        lp = dictionary.lookup(left)
        if not lp or len(left) < 3:
            continue
        zl = zipf_frequency(left, "en")
        if zl < MIN_PART_ZIPF:
            continue  # rare fragments ("cation", "trings") make false splits
        rp = dictionary.lookup(right)
        bonus = 1.0
        zr = zipf_frequency(right, "en")
        if rp and zr < MIN_PART_ZIPF:
            rp = []
        if not rp and len(right) >= 3:
            rp = [type(lp[0])(right, x, "derived") for x in by_suffix(right)]
            bonus, zr = 0.5, 3.0
        if not rp and depth < 2:
            rp = [type(lp[0])(right, x, "derived") for x in by_compound(right, depth + 1)]
            bonus, zr = 0.0, 3.0
        if rp:
            # prefer splits into common, directly known words
            best.append((min(zl, zr) + bonus, lp[0].phones + " " + _demote(rp[0].phones)))
    if not best:
        return []
    best.sort(key=lambda t: -t[0])
    return [best[0][1]]


def pronounce_known(w: str) -> str | None:
    """First known or derived phones for a fragment, or None."""
    prons = dictionary.lookup(w)
    if prons:
        return prons[0].phones
    d = derive(w)
    return d[0] if d else None


CONTRACTION_FORMS = {
    "'cause": "because", "cause": "because", "'til": "til", "'till": "till", "'em": None, "o'": None,
    "'bout": "about", "'round": "around", "'fore": "before", "'n'": None,
}


def derive(word: str) -> list[str]:
    """Phones for a word that is not in the dictionary but can be built from words that are."""
    w = word.lower().replace("’", "'").replace("‘", "'")
    if not w:
        return []
    nums = number_words(w)
    if nums:
        p = _phones_of_words(nums)
        return [p] if p else []
    if w.startswith("'") and dictionary.known(w[1:]):
        return [p.phones for p in dictionary.lookup(w[1:])]
    if w.endswith("'") and not w.endswith("in'"):
        base = w.rstrip("'")
        if dictionary.known(base):
            return [p.phones for p in dictionary.lookup(base)]
    if w.endswith("in'") or (w.endswith("in") and dictionary.cmu_phones(w[:-2] + "ing")):
        full = w.rstrip("'")[:-2] + "ing"
        prons = dictionary.lookup(full)
        if prons:
            return list(dict.fromkeys(re.sub(r" NG$", " N", p.phones) for p in prons))
    stripped = w.strip("'")
    if stripped != w and dictionary.known(stripped):
        return [p.phones for p in dictionary.lookup(stripped)]
    if "'" in stripped:
        head, _, tail = stripped.partition("'")
        hp = dictionary.lookup(head)
        if hp and tail in ("s", "d", "ll", "re", "ve", "m", "t"):
            add = {"s": None, "d": "D", "ll": "L", "re": "R", "ve": "V", "m": "M", "t": "T"}[tail]
            return [(_plural(p.phones) if add is None else p.phones + " " + add) for p in hp[:1]]
    s = by_suffix(stripped)
    if s:
        return s
    c = by_compound(stripped)
    if c:
        return c
    return []


def spell_letters(word: str) -> str | None:
    """Phones for an abbreviation read letter by letter ("DJ", "NYC")."""
    phones = []
    for ch in word.lower():
        name = LETTER_NAMES.get(ch)
        if not name:
            return None
        p = pronounce_known(name) if "-" not in name else by_compound(name)[0]
        if not p:
            return None
        phones.append(p)
    return " ".join(phones)
