"""Letter-to-sound fallback: rule-based spelling → ARPAbet with stress, for words no source knows.

Syllables come from vowel-letter groups with the usual English corrections (silent final e, -le,
-ed/-es, -ism, vowel pairs that split like i-a / e-o, -ing after a vowel); each group then maps to
an ARPAbet vowel and the consonant letters to consonant phones.
"""

from __future__ import annotations

import re

VOWEL_LETTERS = set("aeiouy")
# Vowel pairs that are two syllables (me-di-a, vi-de-o, ru-in) unless in a listed exception.
SPLIT_PAIRS = ("ia", "io", "eo", "iu", "ua", "uo", "ue", "ea", "oe", "ao", "ii", "ya", "yo", "eu", "oi",
               "ui", "ie")
ONE_PAIR = {"ai", "au", "ay", "ee", "ei", "ey", "oa", "oo", "ou", "ow", "aw", "ew", "oy", "ie", "ea", "ue",
            "ui", "uy", "oe", "eu", "oi", "ua", "ey", "ye", "ya", "yo"}
# After these letters "ua"/"ue"/"ui" are one sound (quick, guard, guest).
_QG = set("qg")

CONS_MAP = [
    ("tch", "CH"), ("sch", "S K"), ("dge", "JH"), ("ph", "F"), ("sh", "SH"), ("ch", "CH"), ("th", "TH"),
    ("wh", "W"), ("ck", "K"), ("ng", "NG"), ("qu", "K W"), ("gh", ""), ("kn", "N"), ("wr", "R"), ("zz", "Z"),
    ("ss", "S"), ("ll", "L"), ("tt", "T"), ("dd", "D"), ("pp", "P"), ("bb", "B"), ("mm", "M"), ("nn", "N"),
    ("rr", "R"), ("ff", "F"), ("gg", "G"), ("cc", "K"), ("x", "K S"), ("b", "B"), ("c", "K"), ("d", "D"),
    ("f", "F"), ("g", "G"), ("h", "HH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"),
    ("p", "P"), ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("v", "V"), ("w", "W"), ("z", "Z"),
]
LONG = {"a": "EY", "e": "IY", "i": "AY", "o": "OW", "u": "UW", "y": "AY"}
SHORT = {"a": "AE", "e": "EH", "i": "IH", "o": "AA", "u": "AH", "y": "IH"}
PAIRS = {"ai": "EY", "ay": "EY", "ee": "IY", "ea": "IY", "ei": "EY", "ey": "EY", "oa": "OW", "oo": "UW",
         "ou": "AW", "ow": "OW", "aw": "AO", "au": "AO", "ew": "UW", "oy": "OY", "oi": "OY", "ie": "IY",
         "ue": "UW", "ui": "UW", "uy": "AY", "oe": "OW", "eu": "UW", "ye": "AY", "ya": "AA", "yo": "OW",
         "ua": "AA"}
PREFIXES = ("un", "re", "de", "be", "dis", "mis", "pre", "con", "com", "ex", "em", "en", "a")
# Suffixes that take stress on the syllable just before them.
PENULT = ("tion", "sion", "cian", "ic", "ical", "ity", "ia", "ian", "ious", "ial", "ual", "ular")


def _groups(word: str) -> list[str]:
    """Split into alternating consonant / vowel letter groups; 'y' is a vowel except before a vowel
    at the start of a group ("yeet", "beyond")."""
    out, cur, cur_v = [], "", None
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        is_v = ch in "aeiou" or (ch == "y" and not (nxt in "aeiou" and nxt) and i > 0) or (
            ch == "y" and i > 0 and word[i - 1] not in "aeiouy" and nxt not in "aeiou")
        if ch == "y" and i == 0:
            is_v = nxt == "" or nxt not in "aeiouy"
        if ch == "u" and i > 0 and word[i - 1] == "q":
            is_v = False  # "qu" is a consonant pair
        if cur_v is None or is_v == cur_v:
            cur += ch
        else:
            out.append(cur)
            cur = ch
        cur_v = is_v
    if cur:
        out.append(cur)
    return out


def _split_vowel_group(g: str, before: str, after: str, is_last: bool, word: str) -> list[str]:
    """A vowel-letter group may hold one or two (rarely three) syllables."""
    if len(g) == 1:
        return [g]
    if len(g) >= 3:
        # "eau", "iou" (gracious → one with c/t before), "ayi"/"oyi" (slaying), "eye".
        if g in ("eau", "eye", "ieu", "uoy", "uee"):
            return [g]
        if g.startswith(("ayi", "oyi", "eyi", "uyi", "aye", "oye")):
            return [g[:2], g[2:]]
        if g in ("iou",) and before.endswith(("c", "t", "x", "g", "s")):
            return [g]
        if g == "iou":
            return ["i", "ou"]
        if g in ("uai", "uee", "uie"):
            return [g]
        head = g[:2] if g[:2] in ONE_PAIR else g[:1]
        return [head] + _split_vowel_group(g[len(head):], before, after, is_last, word)
    if g[0] == "u" and before and before[-1] in _QG:
        return [g]
    if g in ("ia", "io", "iu", "eo", "uo", "ao", "ii"):
        if g in ("ia", "io", "iu") and before.endswith(("c", "t", "s", "x", "g")) and after.startswith(("n", "l", "s")):
            return [g]  # -tion, -cial, -cious, -gion
        return [g[0], g[1]]
    if g == "ua" or g == "ui":
        if before.endswith(("q", "g")):
            return [g]
        if g == "ui" and after in ("t", "ce", "se", "ld", "lt", "ck") or g == "ui" and after.startswith(("t", "s", "c")):
            return [g]
        return [g[0], g[1]]
    if g == "ue" and is_last and after == "":
        return [g]
    if g == "ue" and after in ("s", "d"):
        return [g]
    if g in ("ea",) and after.startswith("l") and len(after) <= 2 and word.endswith("eal"):
        return [g]
    if g in ("ie",) and after in ("r", "st", "t", "nt") and is_last:
        return [g[0], g[1]]  # fi-er? (frontier is 2, pliers 2) - "ier" is 2 in "funnier"
    if g in ("oe",) and after == "":
        return [g]
    if g in ("ya", "yo") and before == "":
        return [g]
    return [g]


def syllabify(word: str) -> list[tuple[str, str]]:
    """Return (onset_letters, vowel_letters) chunks plus the trailing consonants as a final chunk
    with empty vowel. Applies silent-e and ending rules."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return []
    groups = _groups(w)
    chunks: list[tuple[str, str]] = []  # (consonants_before, vowel)
    pending = ""
    for idx, g in enumerate(groups):
        if g[0] in VOWEL_LETTERS and not (g[0] == "y" and idx == 0 and len(groups) > 1 and groups[1][0] in "aeiou"):
            if idx == 0 and g[0] == "y" and len(g) > 1 and g[1] in "aeiou":
                pending += "y"
                g = g[1:]
            after = groups[idx + 1] if idx + 1 < len(groups) else ""
            is_last = idx >= len(groups) - 2
            parts = _split_vowel_group(g, pending or (chunks and "" or ""), after, is_last, w)
            for j, p in enumerate(parts):
                chunks.append((pending if j == 0 else "", p))
                pending = ""
        else:
            pending += g
    tail = pending
    if not chunks:
        return [("", "")] if False else [(tail, "")]
    # silent final e: "cake", "vibe" (but not "the", "be", consonant + "le", "-ee").
    last_c, last_v = chunks[-1]
    if len(chunks) > 1 and not tail and last_v == "e":
        if not (len(last_c) >= 2 and last_c.endswith("l") and last_c[-2] not in "aeiouwl") and \
                not (last_c == "l" and w.endswith(("ble", "ple", "tle", "dle", "gle", "kle", "fle", "zle"))):
            if not (last_c in ("l",) and w[-3:-2] not in VOWEL_LETTERS):
                chunks.pop()
                tail = last_c + "e"
    # -ed: silent unless after t/d ("vibed" 1, "hated" 2).
    if len(chunks) > 1 and tail == "d" and chunks[-1][1] == "e" and chunks[-1][0] and chunks[-1][0][-1] not in "td":
        c, _ = chunks.pop()
        tail = c + "ed"
    # -es: silent unless after a sibilant ("vibes" 1, "rizzes" 2) ; "-les" keeps its syllable.
    elif len(chunks) > 1 and tail == "s" and chunks[-1][1] == "e" and chunks[-1][0]:
        c = chunks[-1][0]
        if not c.endswith(("s", "z", "x", "ch", "sh", "g", "c", "ce", "ge")) and not (
                c.endswith("l") and len(c) >= 2 and c[-2] not in "aeiouwl"):
            chunks.pop()
            tail = c + "es"
    # "-ism", "-isms": syllabic m.
    if re.search(r"[^aeiou]isms?$", w) or re.search(r"[aeiou]sms?$", w):
        chunks.append(("s" if tail.startswith("s") else "", "m"))
        tail = tail[1:] if tail.startswith("s") else tail
        tail = tail[1:] if tail.startswith("m") else tail
    # "-ing" right after a vowel ("yeeing", "slaying" already split): ensure the i is separate.
    return chunks + ([(tail, "")] if tail else [])


def syllable_guess(word: str) -> int:
    """Syllable count from spelling alone (at least 1 for any word with letters)."""
    chunks = syllabify(word)
    n = sum(1 for _, v in chunks if v)
    return max(1, n) if re.search(r"[a-z]", word.lower()) else 0


def _consonants(letters: str, next_vowel: str = "") -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(letters):
        rest = letters[i:]
        if rest[0] == "c" and (len(rest) == 1 and next_vowel[:1] in ("e", "i", "y")):
            out.append("S")
            i += 1
            continue
        if rest[0] == "g" and len(rest) == 1 and next_vowel[:1] in ("e", "i") and next_vowel not in ("er",):
            out.append("G")
            i += 1
            continue
        for spelling, phones in CONS_MAP:
            if rest.startswith(spelling):
                if phones:
                    out.extend(phones.split())
                i += len(spelling)
                break
        else:
            i += 1
    # collapse doubles
    dedup: list[str] = []
    for p in out:
        if not dedup or dedup[-1] != p:
            dedup.append(p)
    return dedup


def _vowel(v: str, following: str, is_final: bool, stressed: bool) -> str:
    if v == "m":
        return "AH"  # syllabic m of -ism
    if v in PAIRS:
        return PAIRS[v]
    if len(v) > 2:
        return PAIRS.get(v[:2], SHORT.get(v[0], "AH"))
    if v == "y":
        return "IY" if is_final else "IH"
    if is_final and not following:
        return {"a": "AH", "e": "IY", "i": "IY", "o": "OW", "u": "UW"}.get(v, "AH")
    if not stressed:
        return {"i": "IH", "e": "IH", "y": "IY"}.get(v, "AH")
    # magic e / open syllable: vowel + one consonant + vowel → long.
    if re.fullmatch(r"[bcdfgklmnpstvz]e?", following or "x") and following.endswith("e"):
        return LONG.get(v, "AH")
    if following == "":
        return LONG.get(v, "AH")
    if following.startswith("r") and not following.startswith("rr"):
        return {"a": "AA", "o": "AO"}.get(v, "ER")
    return SHORT.get(v, "AH")


def stress_position(word: str, n: int) -> int:
    """Index of the primary stress among ``n`` syllables, from common English patterns."""
    w = word.lower()
    if n <= 1:
        return 0
    if w.endswith(("ation", "ition", "ution", "ician", "osis")) and n >= 3:
        return n - 2
    if w.endswith(PENULT) and n >= 2:
        return max(0, n - 2)
    if w.endswith(("ee", "eer", "ette", "esque", "ique", "oon", "ade")) and n >= 2:
        return n - 1
    if n >= 2 and w.startswith(PREFIXES[:-1]) and not w.startswith(("under", "enter", "every", "ever", "re" + "d", "com" + "m")) and n <= 3:
        return 1 if w[:2] in ("un", "re", "de", "be") and len(w) > 5 and n == 3 else 0
    return 0


def guess(word: str) -> str:
    """ARPAbet phones with stress digits for any spelling with at least one letter."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return ""
    chunks = syllabify(w)
    vowels = [i for i, (_, v) in enumerate(chunks) if v]
    if not vowels:  # "hmm", "brr": one syllable with a schwa
        return " ".join(["HH", "AH1", "M"] if w.startswith("h") else _consonants(w)[:1] + ["AH1"] + _consonants(w)[1:])
    primary = stress_position(w, len(vowels))
    phones: list[str] = []
    for k, idx in enumerate(vowels):
        onset, v = chunks[idx]
        nxt_onset = chunks[idx + 1][0] if idx + 1 < len(chunks) else ""
        is_final = k == len(vowels) - 1
        following = nxt_onset if idx + 1 < len(chunks) else ""
        if is_final and idx + 1 < len(chunks) and not chunks[idx + 1][1]:
            following = chunks[idx + 1][0]
        phones += _consonants(onset, v)
        stressed = k == primary
        vp = _vowel(v, following, is_final and not following, stressed)
        if vp == "ER" and not stressed:
            digit = "0"
        else:
            digit = "1" if stressed else "0"
        if vp == "ER":
            # the r is part of ER
            if idx + 1 < len(chunks) and chunks[idx + 1][0].startswith("r"):
                o, vv = chunks[idx + 1]
                chunks[idx + 1] = (o[1:] if not o.startswith("rr") else o[2:], vv)
        phones.append(vp + digit)
    tail = chunks[-1][0] if not chunks[-1][1] else ""
    if tail:
        phones += _consonants(tail.rstrip("e") if tail.endswith("e") and len(tail) > 1 else tail)
    if w.endswith("ed") and phones[-1] == "D" and len(phones) > 1 and phones[-2] in ("P", "K", "S", "F", "SH", "CH", "TH"):
        phones[-1] = "T"
    if w.endswith("s") and phones[-1] == "S" and len(phones) > 1 and not phones[-2] in ("P", "K", "T", "F", "TH"):
        phones[-1] = "Z"
    return " ".join(phones)
