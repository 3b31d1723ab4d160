"""The prosody facts the writer needs, all from songwriter.prosody so counts agree everywhere.

While the prosody package's public surface lands piece by piece, this module reaches the same
functions in its submodules; `rhymes` falls back to CMU rhyme candidates checked by prosody's compare.
"""

import functools


def _prosody():
    from songwriter import prosody
    return prosody


def _fn(name: str):
    p = _prosody()
    if hasattr(p, name):
        return getattr(p, name)
    for sub in ("words", "rhyme"):
        try:
            mod = __import__(f"songwriter.prosody.{sub}", fromlist=[name])
        except ImportError:
            continue
        if hasattr(mod, name):
            return getattr(mod, name)
    raise AttributeError(name)


@functools.lru_cache(maxsize=200_000)
def confident_syllables(word: str) -> int | None:
    """Syllables of ``word`` when the engine knows it confidently and the count is unambiguous."""
    try:
        if not _fn("is_confident")(word):
            return None
        counts = _fn("syllable_counts")(word)
    except Exception:  # noqa: BLE001 - anything the engine cannot read is simply not allowed
        return None
    if not counts or len(set(counts)) != 1:
        return None
    return counts[0]


def line_syllables(line: str) -> int:
    """Syllables of a line (prosody engine)."""
    return _fn("line_syllables")(line)


def line_stresses(line: str) -> str:
    """Stress string of a line (prosody engine), "x" for either."""
    return _fn("line_stresses")(line)


def tokenize(line: str) -> list[str]:
    """Lyric words of a line."""
    return _fn("tokenize")(line)


def rhyme_kind(a: str, b: str) -> str:
    """"perfect" | "near" | "identical" | "none" for two words."""
    p = _prosody()
    if hasattr(p, "compare"):
        return p.compare(a, b).kind
    pron = _fn("pronunciations")
    return _fn("compare_pronunciations")([x.phones for x in pron(a)], [x.phones for x in pron(b)]).kind


def perfect_rhymes(word: str, limit: int = 200) -> list[str]:
    """Words that rhyme perfectly with ``word`` (confident, not identical)."""
    p = _prosody()
    if hasattr(p, "rhymes"):
        found = [s.word for s in p.rhymes(word, kind="perfect", limit=limit)]
    else:
        import pronouncing
        found = pronouncing.rhymes(word)[: limit * 3]
    out = []
    for w in found:
        if " " in w or not w.isalpha() or confident_syllables(w) is None:
            continue
        if rhyme_kind(word, w) == "perfect":
            out.append(w)
        if len(out) >= limit:
            break
    return out


def near_rhymes(word: str, limit: int = 100) -> list[str]:
    """Near (slant) rhymes of ``word``."""
    p = _prosody()
    if hasattr(p, "rhymes"):
        return [s.word for s in p.rhymes(word, kind="near", limit=limit) if " " not in s.word]
    return []


def stress_fit(line: str, pattern: str) -> float:
    """Share of syllables whose stress agrees with ``pattern`` ("x" agrees with anything)."""
    got = line_stresses(line)
    if len(got) != len(pattern):
        return 0.0
    ok = sum(1 for g, w in zip(got, pattern) if g == "x" or (g in "12") == (w in "12"))
    return ok / max(1, len(pattern))


@functools.lru_cache(maxsize=200_000)
def rhyme_keys(word: str) -> tuple[str, ...]:
    """Perfect-rhyme keys of ``word``, one per distinct reading (words sharing a key rhyme perfectly
    unless identical)."""
    from songwriter.prosody.rhyme import rhyme_key
    try:
        prons = _fn("pronunciations")(word)
    except Exception:  # noqa: BLE001
        return ()
    return tuple(dict.fromkeys(rhyme_key(p.phones) for p in prons if p.phones))
