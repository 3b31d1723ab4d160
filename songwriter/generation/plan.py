"""Requests, validation and rhyme-word planning (before any decoding)."""

import html
import re
from dataclasses import dataclass, field

from songwriter.errors import BadInput
from songwriter.generation import words

SECTIONS = ("verse", "chorus", "pre-chorus", "bridge", "hook", "intro", "outro")
MAX_SYLLABLES = 24
# Fallback seeds that rhyme richly when the theme's own words do not.
SEED_WORDS = ["night", "home", "heart", "day", "light", "road", "time", "free", "rain", "fire",
              "town", "sky", "go", "life", "love", "gold", "sea", "way"]


@dataclass
class WriteRequest:
    """What to write. ``syllables`` is one count or one per line; ``stress`` a pattern like 01010101."""

    theme: str
    section: str = "verse"
    syllables: int | list[int] | None = None
    stress: str | None = None
    scheme: str = "AABB"
    slant: bool = False
    given_lines: list[str | None] | None = None
    end_words: list[str | None] | None = None
    seed: int = 0


@dataclass
class WriteResult:
    """Lines written, one check dict per line, seconds taken and the model used."""

    lines: list[str]
    checks: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    model: str = ""

    def to_dict(self) -> dict:
        return {"lines": self.lines, "seconds": round(self.seconds, 3), "model": self.model,
                "checks": self.checks}


def clean_theme(theme) -> str:
    """Theme text without markup; BadInput for empty or huge themes."""
    if not isinstance(theme, str):
        raise BadInput("theme must be text")
    text = re.sub(r"<[^>]*>", " ", html.unescape(theme))
    text = re.sub(r"[^\w\s',.!?-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise BadInput("theme is empty: say what the lines are about")
    if len(theme) > 500:
        raise BadInput(f"theme is too long ({len(theme)} characters; at most 500)")
    return text


def validate(req: WriteRequest) -> tuple[str, list[int], list[str | None], str]:
    """(theme, syllables per line, stress pattern per line, scheme) or BadInput."""
    theme = clean_theme(req.theme)
    scheme = (req.scheme or "").strip()
    if not re.fullmatch(r"[A-Za-z]{1,16}", scheme) or re.search(r"[^A-Wa-wxX]", scheme.replace("x", "").replace("X", "")):
        raise BadInput(f"scheme {req.scheme!r} must be 1-16 letters like AABB or ABCB (x = unrhymed)")
    scheme = "".join("x" if c in "xX" else c.upper() for c in scheme)
    n = len(scheme)
    if req.section not in SECTIONS:
        raise BadInput(f"section must be one of {', '.join(SECTIONS)}")
    stresses: list[str | None] = [None] * n
    if req.stress:
        if not re.fullmatch(r"[01]{1,24}", req.stress):
            raise BadInput(f"stress pattern {req.stress!r} must be 0s and 1s, like 01010101")
        stresses = [req.stress] * n
        counts = [len(req.stress)] * n
    elif req.syllables is None:
        raise BadInput("give --syllables or --stress")
    else:
        counts = req.syllables if isinstance(req.syllables, list) else [req.syllables] * n
        if len(counts) != n:
            raise BadInput(f"{len(counts)} syllable counts for {n} lines")
    for c in counts:
        if not isinstance(c, int) or isinstance(c, bool) or not 1 <= c <= MAX_SYLLABLES:
            raise BadInput(f"syllables per line must be 1 to {MAX_SYLLABLES} (got {c!r})")
    return theme, counts, stresses, scheme


# Function words make poor rhyme words ("a", "the"): the planner skips them.
FUNCTION_WORDS = set("""a an the and or but if of to in on at by for with from as is are was were be been
am i me my you your he she it we they them his her its our their this that these those there here
not no so do does did have has had will would can could shall should may might must than then""".split())


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en")


def plan_end_words(theme: str, scheme: str, counts: list[int], fixed: list[str | None],
                   slant: bool, seed: int) -> list[str | None]:
    """One end word per line: lines sharing a letter rhyme perfectly (near only with ``slant``), no
    word twice; ``x`` lines get None (free ending). Ranked by theme similarity."""
    import random

    rng = random.Random(seed)
    ends: list[str | None] = [None] * len(scheme)
    used: set[str] = set()
    theme_words = [w.lower() for w in re.findall(r"[A-Za-z]+", theme)
                   if len(w) > 2 and w.lower() not in FUNCTION_WORDS]
    for letter in dict.fromkeys(c for c in scheme if c != "x"):
        idx = [i for i, c in enumerate(scheme) if c == letter]
        given = [fixed[i] for i in idx if fixed[i]]
        budget = min(counts[i] for i in idx)
        seeds = given[:1] or (theme_words + rng.sample(SEED_WORDS, len(SEED_WORDS)))
        chosen = None
        for s in seeds:
            if not given and any(words.rhyme_kind(s, u) in ("perfect", "identical") for u in used):
                continue  # another letter already rhymes on this sound
            pool = [s] if (words.confident_syllables(s) or 99) <= budget else []
            pool += [w for w in words.perfect_rhymes(s) if _zipf(w) >= 3.2]
            if slant:
                pool += [w for w in words.near_rhymes(s) if _zipf(w) >= 3.2]
            pool = [w for w in dict.fromkeys(pool)
                    if w not in used and (w not in FUNCTION_WORDS or w in given) and (words.confident_syllables(w) or 99) <= budget]
            if len(pool) >= len(idx) - len(given):
                chosen = (s, pool)
                break
        if chosen is None:
            if given:
                raise BadInput(f"no {len(idx) - len(given)} words of at most {budget} syllables "
                               f"rhyme with {given[0]!r}")
            raise BadInput(f"no rhyme words fit lines of {budget} syllables")
        _, pool = chosen
        ranked = rank_by_theme(theme, pool[:40])
        picks = list(given)
        for w in ranked:
            if len(picks) == len(idx):
                break
            ok = all(words.rhyme_kind(w, p) in (("perfect", "near") if slant else ("perfect",))
                     for p in picks)
            if ok and w not in picks:
                picks.append(w)
        if len(picks) < len(idx):
            raise BadInput(f"could not find {len(idx)} distinct rhymes for scheme letter {letter}")
        rest = [w for w in picks if w not in given]
        for i in idx:
            ends[i] = fixed[i] or rest.pop(0)
            used.add(ends[i])
    for i, c in enumerate(scheme):
        if c == "x" and fixed[i]:
            ends[i] = fixed[i]
    for i, w in enumerate(ends):
        if w and (words.confident_syllables(w) or 99) > counts[i]:
            raise BadInput(f"line {i + 1}: {counts[i]} syllables cannot end on {w!r} "
                           f"({words.confident_syllables(w) or 'unknown'} syllables)")
    return ends


def rank_by_theme(theme: str, candidates: list[str]) -> list[str]:
    """Candidates most similar to the theme first (embedding model), frequency as tie-break."""
    if not candidates:
        return []
    try:
        from songwriter.embed import embed
        vecs = embed([theme] + candidates)
        sims = vecs[1:] @ vecs[0]
    except Exception:  # noqa: BLE001 - without embeddings, common words first
        sims = [0.0] * len(candidates)
    scored = sorted(zip(candidates, sims), key=lambda p: -(float(p[1]) + 0.03 * _zipf(p[0])))
    return [w for w, _ in scored]


def theme_rhyme_words(theme: str, max_syllables: int, limit: int = 80) -> list[str]:
    """The theme's own content words and their common perfect rhymes: end words worth a bonus."""
    theme_words = [w.lower() for w in re.findall(r"[A-Za-z]+", theme)
                   if len(w) > 2 and w.lower() not in FUNCTION_WORDS]
    out = [w for w in theme_words if (words.confident_syllables(w) or 99) <= max_syllables]
    for w in theme_words:
        out += [r for r in words.perfect_rhymes(w, limit=60)
                if _zipf(r) >= 3.2 and (words.confident_syllables(r) or 99) <= max_syllables]
    return list(dict.fromkeys(out))[:limit]
