"""Constrained lyric writing: every line fits its syllables, rhyme-letter lines rhyme perfectly.

The model proposes words; the prosody engine decides what is allowed (see decode.py). Public API:
write_lines(WriteRequest) → WriteResult, fix_line, next_line.
"""

import time

from songwriter.errors import BadInput
from songwriter.generation.plan import WriteRequest, WriteResult  # noqa: F401 - public names

CANDIDATES = 8  # sampled per line in one batch, then reranked


def _backend(backend):
    if backend is None or isinstance(backend, str):
        from songwriter.lm import get_backend
        return get_backend(backend)
    return backend


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rerank(cands, theme: str, stress: str | None, avoid: set[str]):
    """Best candidate first: mean token log-likelihood + theme similarity + stress fit."""
    from songwriter.generation import words

    scored = []
    try:
        from songwriter.embed import embed
        vecs = embed([theme] + [c[0] for c in cands])
        sims = (vecs[1:] @ vecs[0]).tolist()
    except Exception:  # noqa: BLE001
        sims = [0.0] * len(cands)
    for (text, lp, ntok), sim in zip(cands, sims):
        if text.lower() in avoid:
            continue
        score = lp / max(1, ntok) + 2.0 * sim
        if stress:
            score += 2.0 * words.stress_fit(text, stress)
        scored.append((score, text, lp, ntok, sim))
    scored.sort(key=lambda s: -s[0])
    return scored


def _line_candidates(backend, theme, section, end, budget, prev, seed, n=CANDIDATES, reply_hint=""):
    """(text, logprob, tokens) candidates of a line: prefix of ``budget`` syllables + ``end``."""
    from songwriter.generation import decode
    from songwriter.lm.prompts import render

    end_hint = f'The line ends with the word "{end}".' if end else ""
    messages = render("write_line", section=section, theme=theme, end_hint=end_hint)
    prefix = "".join(p + "\n" for p in prev)
    if hasattr(backend, "load"):
        cands = decode.sample_lines(backend, messages, prefix, budget, n, seed, end=end)
        out = [(c.text, c.logprob, c.tokens) for c in cands]
        end = None  # already in the text
    else:
        from songwriter.lm import GenerateOptions
        opts = GenerateOptions(max_tokens=40, temperature=0.8, seed=seed, stop=["\n"])
        many = getattr(backend, "generate_many", None)
        replies = many(messages, opts, n=3) if many else [backend.generate(messages, opts)]
        out = [(decode.assemble(r + " " + reply_hint, budget, end), 0.0, 1) for r in replies]
        out = [((t + " " + end).strip() if end else t, lp, k) for t, lp, k in out]
    lines = []
    for text, lp, ntok in out:
        line = _capital(text.strip())
        lines.append((line, lp, ntok))
    return lines


def check_line(line: str, target: int, stress: str | None) -> dict:
    """What our own checks say about a line."""
    from songwriter.generation import words
    got = words.line_syllables(line)
    check = {"line": line, "syllables": got, "target": target, "fits": got == target}
    if stress:
        check["stress_fit"] = round(words.stress_fit(line, stress), 2)
    return check


def write_lines(request: WriteRequest, backend=None, on_line=None) -> WriteResult:
    """Lines for ``request``; ``on_line(i, text)`` is called as each line is ready (streaming)."""
    from songwriter.generation import words
    from songwriter.generation.plan import plan_end_words, validate

    start = time.perf_counter()
    theme, counts, stresses, scheme = validate(request)
    n = len(scheme)
    given = list(request.given_lines or [None] * n)
    fixed = list(request.end_words or [None] * n)
    if len(given) != n or len(fixed) != n:
        raise BadInput(f"given lines / end words must list {n} entries (None for free)")
    for i, g in enumerate(given):
        if g:
            toks = words.tokenize(g)
            if not toks:
                raise BadInput(f"given line {i + 1} has no words")
            fixed[i] = toks[-1].lower()
    for i, w in enumerate(fixed):
        if w and words.confident_syllables(w.lower()) is None:
            raise BadInput(f"end word {w!r} is not a word the prosody engine knows confidently")
        if w and words.confident_syllables(w.lower()) > counts[i]:
            raise BadInput(f"line {i + 1}: {counts[i]} syllables cannot end on {w!r} "
                           f"({words.confident_syllables(w.lower())} syllables)")
    backend = _backend(backend)
    ends = plan_end_words(theme, scheme, counts, [w.lower() if w else None for w in fixed],
                          request.slant, request.seed)
    lines: list[str] = []
    checks = []
    for i in range(n):
        if given[i]:
            line = given[i].strip()
        else:
            end = ends[i]
            budget = counts[i] - (words.confident_syllables(end) if end else 0)
            cands = _line_candidates(backend, theme, request.section, end, budget, lines,
                                     request.seed * 1000 + i, reply_hint=theme)
            ranked = [c for c in _rerank(cands, theme, stresses[i], {l.lower() for l in lines})
                      if words.line_syllables(c[1]) == counts[i]]
            if not ranked:  # every candidate repeated an earlier line: assemble from the theme
                from songwriter.generation import decode
                ranked = [(0, _capital(f"{decode.assemble(theme + ' ' + ' '.join(lines), budget, end)} {end or ''}".strip()))]
            line = ranked[0][1]
        lines.append(line)
        checks.append(check_line(line, counts[i], stresses[i]))
        checks[-1]["rhyme_word"] = ends[i]
        if on_line:
            on_line(i, line)
    for i, c in enumerate(scheme):
        if c == "x":
            continue
        partners = [j for j in range(i) if scheme[j] == c]
        if partners:
            a = words.tokenize(lines[partners[-1]])[-1]
            b = words.tokenize(lines[i])[-1]
            checks[i]["rhymes_with_line"] = partners[-1] + 1
            checks[i]["rhyme"] = words.rhyme_kind(a, b)
    return WriteResult(lines=lines, checks=checks, seconds=time.perf_counter() - start,
                       model=getattr(backend, "model_id", ""))


def fix_line(line: str, syllables: int | None = None, stress: str | None = None,
             rhyme_with: str | None = None, backend=None, seed: int = 0, limit: int = 5) -> list[str]:
    """Ranked rewrites of ``line`` that fit the target (syllables/stress, end rhyme) and keep its words."""
    from songwriter.generation import words
    from songwriter.generation.plan import clean_theme, plan_end_words

    text = clean_theme(line)
    target = len(stress) if stress else (syllables or words.line_syllables(text))
    if not 1 <= target <= 24:
        raise BadInput("syllables must be 1 to 24")
    toks = words.tokenize(text)
    end = toks[-1].lower() if toks else None
    if rhyme_with:
        if words.confident_syllables(rhyme_with.lower()) is None:
            raise BadInput(f"{rhyme_with!r} is not a word the prosody engine knows confidently")
        end = plan_end_words(text, "AA", [target, target], [rhyme_with.lower(), None], False, seed)[1]
    if end and (words.confident_syllables(end) or 99) > target:
        end = None
    backend = _backend(backend)
    budget = target - (words.confident_syllables(end) if end else 0)
    cands = _line_candidates(backend, f"the same idea as: {text}", "verse", end, budget, [], seed,
                             reply_hint=text)
    ranked = _rerank(cands, text, stress, set())
    out = []
    for _, cand, *_ in ranked:
        if words.line_syllables(cand) == target and cand not in out:
            out.append(cand)
    return out[:limit]


def next_line(lines: list[str], syllables: int | None = None, rhyme_with_line: int | None = None,
              theme: str | None = None, backend=None, seed: int = 0) -> str:
    """A next line for a partial verse: same length as the last line, rhyming with the line before
    the last by default (ABAB-style) or with ``rhyme_with_line`` (1-based)."""
    from songwriter.generation import words

    if not lines or not any(l.strip() for l in lines):
        raise BadInput("give at least one line")
    target = syllables or words.line_syllables(lines[-1])
    ref = rhyme_with_line or (len(lines) - 1 if len(lines) >= 2 else len(lines))
    if not 1 <= ref <= len(lines):
        raise BadInput(f"no line {ref} to rhyme with")
    scheme = "".join("A" if i == ref - 1 else "x" for i in range(len(lines))) + "A"
    req = WriteRequest(theme=theme or " ".join(lines), scheme=scheme,
                       syllables=[max(1, min(24, words.line_syllables(l))) for l in lines] + [target],
                       given_lines=list(lines) + [None], seed=seed)
    return write_lines(req, backend=backend).lines[-1]
