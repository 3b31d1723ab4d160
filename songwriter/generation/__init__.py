"""Constrained lyric writing: every line fits its syllables, rhyme-letter lines rhyme perfectly.

The model proposes words; the prosody engine decides what is allowed (see decode.py). With a logits
backend each line may end on any word of an end set (endsets.py) and the model picks the one that fits
its sentence; without logits (HTTP, fake) end words are planned up front (plan.py). Public API:
write_lines(WriteRequest) → WriteResult, fix_line, next_line.
"""

import time

from songwriter.errors import BadInput
from songwriter.generation.plan import WriteRequest, WriteResult  # noqa: F401 - public names

CANDIDATES = 8  # sampled per line in one batch, then reranked
THEME_BONUS = 6.0  # end-word logit bonus per unit of theme similarity above the end set's median
MAX_BONUS = 1.5    # ... at most: a larger one made all candidates end on the same theme-near word
END_WEIGHT = 1.0   # weight of log P(line break after the line) in the rerank (2 measured worse)
COPY_WEIGHT = 2.0  # rerank penalty × share of a line's word pairs already in earlier lines


def _backend(backend):
    if backend is None or isinstance(backend, str):
        from songwriter.lm import get_backend
        return get_backend(backend)
    return backend


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pairs(line: str) -> list[tuple[str, str]]:
    low = line.lower().split()
    return list(zip(low, low[1:]))


def _rerank(cands, theme: str, stress: str | None, avoid: set[str]):
    """Best candidate first: mean token log-likelihood + log P(line break after it) + theme
    similarity + stress fit. Candidates are (text, logprob, tokens, end_logprob)."""
    from songwriter.generation import words

    scored = []
    try:
        from songwriter.embed import embed
        vecs = embed([theme] + [c[0] for c in cands])
        sims = (vecs[1:] @ vecs[0]).tolist()
    except Exception:  # noqa: BLE001
        sims = [0.0] * len(cands)
    seen = {pair for line in avoid for pair in _pairs(line)}
    for (text, lp, ntok, end_lp), sim in zip(cands, sims):
        if text.lower() in avoid:
            continue
        pairs = _pairs(text)
        copied = sum(p in seen for p in pairs) / max(1, len(pairs))
        score = lp / max(1, ntok) + END_WEIGHT * end_lp + 2.0 * sim - COPY_WEIGHT * copied
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


def _theme_bonus(theme: str, candidates: list[str], limit: int = 120) -> dict[str, float]:
    """End-word logit bonus from theme similarity (embedding model) for the first ``limit``
    candidates: words closer to the theme than the median get THEME_BONUS × the difference, at most
    MAX_BONUS; without the embedder, no bonus."""
    pool = list(dict.fromkeys(candidates))[:limit]
    if not pool:
        return {}
    try:
        from songwriter.embed import embed
        vecs = embed([theme] + pool)
        sims = (vecs[1:] @ vecs[0]).tolist()
    except Exception:  # noqa: BLE001
        return {}
    mid = sorted(sims)[len(sims) // 2]
    return {w: min(MAX_BONUS, THEME_BONUS * (s - mid)) for w, s in zip(pool, sims) if s > mid}


def _end_set(vocab, scheme: str, i: int, counts: list[int], ends: list, fixed: list, used: set,
             slant: bool) -> list[str]:
    """Allowed end words of line ``i`` (see endsets.py)."""
    from songwriter.generation import words

    letter = scheme[i]
    if fixed[i]:
        return [fixed[i]]
    if letter == "x":
        return vocab.free(counts[i], used)
    idx = [j for j, c in enumerate(scheme) if c == letter]
    anchors = [ends[j] for j in idx if j < i and ends[j]] + [fixed[j] for j in idx if j > i and fixed[j]]
    if anchors:
        return vocab.rhymes(anchors, used, counts[i], slant)
    later = [j for j in idx if j > i]
    other = [e for j, e in enumerate(ends) if e and scheme[j] not in (letter, "x")]
    other += [f for j, f in enumerate(fixed) if f and scheme[j] not in (letter, "x")]
    avoid = {k for w in other for k in words.rhyme_keys(w)}
    for margin in (6, 2, 0):  # rich rhyme families first, so partner lines have words to choose from
        found = vocab.first_of_letter(len(later), counts[i],
                                      min((counts[j] for j in later), default=counts[i]), avoid, used,
                                      margin=margin)
        if found:
            return found
    return []


def _model_line(backend, request, theme, counts, scheme, i, lines, ends, fixed, used, theme_pool,
                on_partial=None):
    """Candidates (text, logprob, tokens, end_logprob) of line ``i`` from the model with an end set;
    None when no end word of the set is a single token (caller falls back to a forced end word)."""
    from songwriter.generation import decode
    from songwriter.lm.prompts import render

    table = decode.token_table(backend)
    allowed = [w for w in _end_set(table.vocab, scheme, i, counts, ends, fixed, used, request.slant)
               if w in table.spaced_id or w == fixed[i]]
    if not allowed or (fixed[i] and fixed[i] not in table.spaced_id):
        return None
    if len(allowed) <= 150:
        bonus = _theme_bonus(theme, allowed)
    else:  # a large first-of-letter set: favour the theme's own words and their rhymes
        inside = set(allowed)
        bonus = {w: b for w, b in theme_pool().items() if w in inside}
    end_bonus = {w: bonus.get(w, 0.0) for w in allowed}
    messages = render("write_line", section=request.section, theme=theme, end_hint="")
    prefix = "".join(p + "\n" for p in lines)
    step = (lambda text: on_partial(i, _capital(text))) if on_partial else None
    cands = decode.sample_line_set(backend, messages, prefix, counts[i], end_bonus, CANDIDATES,
                                   request.seed * 1000 + i, on_step=step)
    return [(_capital(c.text.strip()), c.logprob, c.tokens, c.end_logprob) for c in cands]


def _rhyme_room(vocab, scheme, i, counts, ends, fixed, used, slant, word) -> bool:
    """True when ``word`` ending line ``i`` still leaves a distinct rhyme for each later line of its
    letter (checked by the prosody engine, not by rhyme key alone)."""
    later = [j for j in range(i + 1, len(scheme)) if scheme[j] == scheme[i] and not fixed[j]]
    if scheme[i] == "x" or not later or fixed[i]:
        return True
    anchors = [ends[j] for j in range(i) if scheme[j] == scheme[i] and ends[j]] + [word]
    room = vocab.rhymes(anchors, used | {word}, min(counts[j] for j in later), slant)
    return len(room) >= len(later)


def write_lines(request: WriteRequest, backend=None, on_line=None, on_partial=None) -> WriteResult:
    """Lines for ``request``; ``on_line(i, text)`` is called as each line is ready (streaming), and
    ``on_partial(i, text)`` with the leading candidate of line ``i`` after every token (model
    backends only; the finished line may differ)."""
    from songwriter.generation import words
    from songwriter.generation.plan import plan_end_words, theme_rhyme_words, validate

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
    fixed = [w.lower() if w else None for w in fixed]
    for i, w in enumerate(fixed):
        if w and words.confident_syllables(w) is None:
            raise BadInput(f"end word {w!r} is not a word the prosody engine knows confidently")
        if w and words.confident_syllables(w) > counts[i]:
            raise BadInput(f"line {i + 1}: {counts[i]} syllables cannot end on {w!r} "
                           f"({words.confident_syllables(w)} syllables)")
    backend = _backend(backend)
    has_logits = hasattr(backend, "load")
    planned: list = []

    def plan():  # up-front end words: the fallback path, and model lines whose set is empty
        if not planned:
            planned.extend(plan_end_words(theme, scheme, counts, fixed, request.slant, request.seed))
        return planned

    pool: dict = {}

    def theme_pool():
        if not pool:
            pool.update(_theme_bonus(theme, theme_rhyme_words(theme, max(counts)), limit=80) or {"": 0})
        return pool

    if not has_logits:
        plan()
    lines: list[str] = []
    ends: list[str | None] = [None] * n
    checks = []
    for i in range(n):
        used = {e for e in ends if e} | {f for j, f in enumerate(fixed) if f and j != i}
        if given[i]:
            line = given[i].strip()
        else:
            cands = None
            if has_logits:
                cands = _model_line(backend, request, theme, counts, scheme, i, lines, ends, fixed, used,
                                    theme_pool, on_partial)
            if cands is None:  # fallback: one planned end word, forced
                end = plan()[i] if not has_logits else _forced_end(plan, scheme, i, ends, fixed, used,
                                                                   counts, request.slant)
                budget = counts[i] - (words.confident_syllables(end) if end else 0)
                cands = [c + (0.0,) for c in _line_candidates(backend, theme, request.section, end, budget,
                                                              lines, request.seed * 1000 + i,
                                                              reply_hint=theme)]
            avoid = {l.lower() for l in lines}
            ranked = [c for c in _rerank(cands, theme, stresses[i], avoid)
                      if words.line_syllables(c[1]) == counts[i]]
            if has_logits and len(ranked) > 1:  # keep rhyme room for the letter's later lines
                roomy = [c for c in ranked if _rhyme_room(
                    decode_vocab(backend), scheme, i, counts, ends, fixed, used, request.slant,
                    words.tokenize(c[1])[-1].lower())]
                ranked = roomy or ranked
            if not ranked:  # every candidate repeated an earlier line: assemble from the theme
                from songwriter.generation import decode
                end = plan()[i]
                budget = counts[i] - (words.confident_syllables(end) if end else 0)
                ranked = [(0, _capital(f"{decode.assemble(theme + ' ' + ' '.join(lines), budget, end)} {end or ''}".strip()))]
            line = ranked[0][1]
        lines.append(line)
        ends[i] = words.tokenize(line)[-1].lower()
        checks.append(check_line(line, counts[i], stresses[i]))
        checks[-1]["rhyme_word"] = ends[i] if scheme[i] != "x" or fixed[i] else None
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


def decode_vocab(backend):
    """The end-word vocabulary of a logits backend's tokenizer."""
    from songwriter.generation import decode
    return decode.token_table(backend).vocab


def _forced_end(plan, scheme, i, ends, fixed, used, counts, slant) -> str | None:
    """An end word for a model line whose end set had no single-token word: a rhyme of the letter's
    end word so far from the whole dictionary (any tokens), else the up-front plan's word."""
    from songwriter.generation import words
    from songwriter.generation.plan import FUNCTION_WORDS

    if fixed[i] or scheme[i] == "x":
        return fixed[i]
    anchors = [ends[j] for j in range(i) if scheme[j] == scheme[i] and ends[j]]
    if anchors:
        ok = ("perfect", "near") if slant else ("perfect",)
        pool = words.perfect_rhymes(anchors[0]) + (words.near_rhymes(anchors[0]) if slant else [])
        for w in pool:
            w = w.lower()
            if (w not in used and w not in FUNCTION_WORDS and (words.confident_syllables(w) or 99) <= counts[i]
                    and all(words.rhyme_kind(a, w) in ok for a in anchors)):
                return w
        raise BadInput(f"line {i + 1}: no word of at most {counts[i]} syllables rhymes with "
                       f"{anchors[0]!r} and is not used yet")
    return plan()[i]


def fix_line(line: str, syllables: int | None = None, stress: str | None = None,
             rhyme_with: str | None = None, backend=None, seed: int = 0, limit: int = 5) -> list[str]:
    """Ranked rewrites of ``line`` that fit the target (syllables/stress, end rhyme) and keep its words."""
    from songwriter.generation import words
    from songwriter.generation.plan import clean_theme, plan_end_words

    if not isinstance(line, str) or not line.strip():
        raise BadInput("the line is empty: give the line to fix")
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
    cands = None
    if hasattr(backend, "load"):  # a logits backend: let the model choose among fitting end words
        from songwriter.generation import decode
        from songwriter.lm.prompts import render
        table = decode.token_table(backend)
        if rhyme_with:
            allowed = table.vocab.rhymes([rhyme_with.lower()], set(), target)
        elif end and end in table.spaced_id:
            allowed = [end]
        else:
            allowed = table.vocab.free(target, set())
        allowed = [w for w in allowed if w in table.spaced_id]
        if allowed:
            messages = render("write_line", section="verse", theme=f"the same idea as: {text}", end_hint="")
            cands = [(_capital(c.text), c.logprob, c.tokens, c.end_logprob) for c in
                     decode.sample_line_set(backend, messages, "", target, dict.fromkeys(allowed, 0.0),
                                            CANDIDATES, seed)]
    if cands is None:
        budget = target - (words.confident_syllables(end) if end else 0)
        cands = [c + (0.0,) for c in _line_candidates(backend, f"the same idea as: {text}", "verse", end,
                                                      budget, [], seed, reply_hint=text)]
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
