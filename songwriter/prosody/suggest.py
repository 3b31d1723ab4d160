"""Rhyme suggestions from an index built once from CMUdict + wordfreq and stored in SQLite.

The index (tables in the SQLite store of ``dictionary.db()``) maps perfect-rhyme keys, stressed-vowel
keys, coda-family keys and last-2/3-vowel keys to words, most common first; a query reads a few
hundred candidates from those buckets and scores only them.
"""

from __future__ import annotations

import functools
import re
from collections import namedtuple

from songwriter.config import RHYME_DATA
from songwriter.errors import BadInput
from songwriter.prosody import dictionary, rhyme
from songwriter.prosody.rhyme import base, is_vowel

MIN_ZIPF = 2.0          # drops obscure names and abbreviations
PHRASE_ZIPF = 4.3       # words used to build two-word phrase rhymes
KIND_WEIGHT = {"perfect": 1.0, "multi": 0.95, "near": 0.7, "phrase": 0.8}
STOP = object()  # returned by a candidate check: nothing later in this bucket can make the list


class RhymeSuggestion(namedtuple("RhymeSuggestion", "word kind syllables score tired detail", defaults=(False, ""))):
    """One suggested rhyme: ``word`` (or phrase), ``kind`` (perfect|near|multi), ``syllables``,
    ``score`` 0..1 and whether it is a ``tired`` (overused) rhyme with the query."""

    __slots__ = ()

    def to_dict(self) -> dict:
        return {"word": self.word, "kind": self.kind, "syllables": self.syllables,
                "score": round(self.score, 3), "tired": self.tired, "detail": self.detail}


def _vowel_seq(phones: str) -> list[str]:
    return [base(p) for p in phones.split() if is_vowel(p)]


def _coda(part: list[str]) -> str:
    return " ".join(base(p) for p in part if not is_vowel(p))


def _family_key(part: list[str]) -> str:
    frames = rhyme.syllable_frames(part)
    v = frames[0][0] if frames else ""
    fam = " ".join(rhyme.FAMILY.get(c, c) for _, cs in frames for c in cs)
    return f"{v}|{len(frames)}|{fam}"


def build_index(conn) -> None:
    """Fill the rhyme index tables of the SQLite store from CMUdict and wordfreq (a few seconds, once)."""
    from wordfreq import zipf_frequency

    conn.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, word TEXT, phones TEXT, zipf REAL)")
    conn.execute("CREATE TABLE keys (kind TEXT, key TEXT, zipf REAL, id INTEGER)")
    entries, keys = [], []
    cmu = dictionary.cmu()
    for w, prons in cmu.items():
        if not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w):
            continue
        if _surname_spelling(w, prons, cmu, zipf_frequency) or _spelled_out(w, prons):
            continue
        z = zipf_frequency(w, "en")
        if z < MIN_ZIPF:
            continue
        for ph in prons[:2]:
            i = len(entries)
            entries.append((i, w, ph, z))
            part = rhyme.rhyme_part(ph)
            frames = rhyme.syllable_frames(part)
            keys.append(("perfect", rhyme.norm_key(part), z, i))
            if frames:
                keys.append(("vowel", f"{frames[0][0]}|{len(frames)}", z, i))
                c = _coda(part)
                if c:
                    keys.append(("coda", f"{c}|{len(frames)}", z, i))
                keys.append(("family", _family_key(part), z, i))
            vs = _vowel_seq(ph)
            if len(vs) >= 2:
                keys.append(("multi", " ".join(vs[-2:]), z, i))
            if len(vs) >= 3:
                keys.append(("multi", " ".join(vs[-3:]), z, i))
            if len(vs) == 1 and "1" in ph:
                keys.append(("mono_vowel", vs[0], z, i))
    conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", entries)
    conn.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", keys)
    conn.execute("CREATE INDEX keys_lookup ON keys (kind, key, zipf DESC)")


@functools.lru_cache(maxsize=4096)
def bucket(kind: str, key: str, limit: int = 400, min_zipf: float = 0.0) -> tuple[tuple[str, str, float], ...]:
    """Index entries (word, phones, zipf) under one key, most common first."""
    rows = dictionary.db().execute(
        "SELECT e.word, e.phones, e.zipf FROM keys k JOIN entries e ON e.id = k.id "
        "WHERE k.kind = ? AND k.key = ? AND k.zipf >= ? ORDER BY k.zipf DESC LIMIT ?",
        (kind, key, min_zipf, limit)).fetchall()
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def tired_pairs() -> frozenset:
    """Curated overused rhyme pairs from ``rhyme_data/tired_rhymes.txt`` (one group per line)."""
    pairs = set()
    try:
        text = (RHYME_DATA / "tired_rhymes.txt").read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        group = [w for w in re.split(r"[\s/,]+", line) if w]
        for a in group:
            for b in group:
                if a != b:
                    pairs.add((a, b))
    return frozenset(pairs)


def is_tired(a: str, b: str) -> bool:
    """Whether ``a``/``b`` is a worn-out rhyme pair."""
    return (a.lower().split()[-1] if a.split() else a, b.lower().split()[-1] if b.split() else b) in tired_pairs()


def _surname_spelling(word, prons, cmu, zipf) -> bool:
    """Browne, Crowne, Poole: a rare word spelled as a common word plus a silent e and said the same
    is nearly always a surname or an archaic spelling, never the rhyme a songwriter wants."""
    if not word.endswith("e") or not set(prons) & set(cmu.get(word[:-1], ())):
        return False
    return zipf(word, "en") < 3.5 and zipf(word[:-1], "en") >= 4.0


# Two-letter words worth offering as rhymes; other two-letter entries are fragments (re, ve, ca).
TWO_LETTER_WORDS = set("""am an as at be by do go he hi if in is it me my no of oh on or ow ox so to
up us we yo ma pa ah aw eh uh ha lo""".split())


def _spelled_out(word: str, prons) -> bool:
    """A single letter, a two-letter fragment (re, ve) or an abbreviation said letter by letter (tv,
    bbc, phd: one syllable per letter, or no vowel letter at all). Not a rhyme a songwriter wants."""
    if len(word) == 1 or not re.search(r"[aeiouy]", word):
        return True
    if len(word) == 2:
        return word not in TWO_LETTER_WORDS
    return len(word) <= 4 and all(sum(ch.isdigit() for ch in p) == len(word) for p in prons)


def _stress_of(phones: str) -> str:
    return "".join(ch for ch in phones if ch.isdigit())


def rhymes(word_or_phrase: str, kind: str = "all", syllables: int | None = None, theme: str | None = None,
           limit: int = 50, stress: str | None = None, phrases: bool = True) -> list[RhymeSuggestion]:
    """Rhymes for a word or phrase: perfect, near, multisyllabic and two-word phrase rhymes, filtered by
    ``syllables`` and ``stress`` (e.g. "10"), ranked by commonness and, with ``theme``, by relevance."""
    from songwriter.prosody.words import FUNCTION_WORDS, compound_of, phrase_pronunciations, tokenize

    if kind not in ("all", "perfect", "near", "multi"):
        raise BadInput(f"unknown rhyme kind {kind!r}: use perfect, near, multi or all")
    if limit is not None and limit <= 0:
        raise BadInput("limit must be a positive number")
    toks = tokenize(word_or_phrase or "")
    if not toks:
        raise BadInput("give a word or phrase with letters to rhyme with")
    query_prons = phrase_pronunciations(word_or_phrase)
    if not query_prons:
        raise BadInput(f"cannot pronounce {word_or_phrase!r}")
    query_words = {t.lower() for t in toks}
    query_last = toks[-1].lower()
    best: dict[str, RhymeSuggestion] = {}

    # Scores are at most 0.55 + 0.45·zipf/7 and buckets come most common first, so once ``limit``
    # words beat that bound the rest of a bucket cannot enter the top list (exact, not a heuristic).
    floor = [-1.0]

    def refresh_floor():
        if theme is None and limit and len(best) >= limit:
            floor[0] = sorted((s.score for s in best.values()), reverse=True)[limit - 1]

    def consider(w: str, ph: str, z: float, k_hint: str):
        if 0.55 + 0.45 * min(z, 7.0) / 7.0 < floor[0]:
            return STOP
        last = w.split()[-1]
        if w in query_words or last == query_last or w.startswith("mc"):
            return
        if (last.endswith(query_last) or query_last.endswith(last)) and compound_of(query_last, last):
            return  # hometown for town, sunlight for light: the same word again
        n = sum(ch.isdigit() for ch in ph)
        if syllables is not None and n != syllables:
            return
        if stress is not None and _stress_of(ph).replace("2", "1") != stress.replace("2", "1").replace("x", _stress_of(ph)[0] if ph else ""):
            return
        m = max((rhyme.compare_phones(q, ph) for q in query_prons), key=lambda m: (m.kind == "perfect", m.score))
        if m.kind == "identical" or m.kind == "none":
            return
        mult_n, mscore = max(rhyme.multi_score(q, ph) for q in query_prons)
        if m.kind == "perfect":
            kd = "perfect"
            if mult_n >= 2 and len(_vowel_seq(ph)) >= 2 and k_hint == "multi":
                kd = "multi"
        elif mult_n >= 2:
            kd = "multi"
        else:
            kd = "near"
        if kind != "all" and kd != kind and not (kind == "perfect" and m.kind == "perfect"):
            return
        if kind == "perfect" and m.kind != "perfect":
            return
        if kd != "perfect" and w in FUNCTION_WORDS:
            return  # "are", "was" as slant rhymes for "heart" only clutter the list
        quality = m.score if kd != "multi" else max(m.score, mscore)
        score = 0.55 * quality * KIND_WEIGHT.get(kd, 0.7) + 0.45 * min(z, 7.0) / 7.0
        tired = is_tired(query_last, w)
        sug = RhymeSuggestion(w, "perfect" if kind == "perfect" else kd, n, score, tired, m.detail)
        old = best.get(w)
        if old is None or old.score < sug.score:
            best[w] = sug

    # more candidates when filters will discard many of them
    depth = 120 if syllables is None and stress is None else 1500
    seen: set[tuple[str, str]] = set()

    def scan_rows(rows, hint) -> bool:
        for i, (w, ph, z) in enumerate(rows):
            if i % 16 == 0:
                refresh_floor()
            if (w, ph) not in seen:
                seen.add((w, ph))
                if consider(w, ph, z, hint) is STOP:
                    return True
        return False

    def scan(rows_of, key, depth, hint):
        # a short first page: most queries stop inside it, so a cold process reads few rows
        first = bucket(rows_of, key, min(depth, 64))
        if not scan_rows(first, hint) and len(first) == 64 < depth:
            scan_rows(bucket(rows_of, key, depth)[64:], hint)

    for q in query_prons:
        part = rhyme.rhyme_part(q)
        frames = rhyme.syllable_frames(part)
        scan("perfect", rhyme.norm_key(part), 400 if depth < 1500 else 2000, "perfect")
        vs = _vowel_seq(q)
        if kind in ("all", "multi") and len(vs) >= 2:
            for key in (" ".join(vs[-3:]), " ".join(vs[-2:])):
                scan("multi", key, depth, "multi")
        if kind in ("all", "near") and frames:
            scan("family", _family_key(part), depth, "near")
            scan("vowel", f"{frames[0][0]}|{len(frames)}", depth, "near")
            c = _coda(part)
            if c:
                scan("coda", f"{c}|{len(frames)}", depth // 2, "near")
        if phrases and kind in ("all", "multi") and len(vs) >= 2 and syllables in (None, 2):
            refresh_floor()
            _phrase_rhymes(q, consider)

    out = list(best.values())
    if theme:
        out = _theme_rank(out, theme)
    out.sort(key=lambda s: (-s.score, s.word))
    return out[:limit] if limit else out


def _phrase_rhymes(q: str, consider) -> None:
    """Two-word phrases from common words whose last two vowels match the query ("laptop" → "crack pot")."""
    from songwriter.prosody.words import FUNCTION_WORDS

    vs = _vowel_seq(q)
    tail = q.split()
    last_syll_start = max(i for i, p in enumerate(tail) if is_vowel(p))
    # second word: a common stressed one-syllable perfect rhyme of the last syllable;
    # first word: a common stressed one-syllable word on the second-to-last vowel
    seconds = [r for r in bucket("perfect", rhyme.norm_key(tail[last_syll_start:]), 200, PHRASE_ZIPF)
               if len(_vowel_seq(r[1])) == 1 and "1" in r[1] and r[0] not in FUNCTION_WORDS][:12]
    firsts = [r for r in bucket("mono_vowel", vs[-2], 200, PHRASE_ZIPF) if r[0] not in FUNCTION_WORDS][:25]
    for a in firsts:
        for b in seconds:
            if a[0] != b[0]:
                consider(f"{a[0]} {b[0]}", a[1] + " " + b[1], (a[2] + b[2]) / 2 - 0.8, "multi")


def _theme_rank(out: list[RhymeSuggestion], theme: str) -> list[RhymeSuggestion]:
    from songwriter import embed

    if not out:
        return out
    vecs = embed.embed([theme] + [s.word for s in out])
    sims = vecs[1:] @ vecs[0]
    return [RhymeSuggestion(s.word, s.kind, s.syllables, 0.6 * s.score + 0.4 * max(0.0, float(sim)), s.tired, s.detail)
            for s, sim in zip(out, sims)]
