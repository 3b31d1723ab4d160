"""Syllable-budget decoding.

Transformers backends: a batched sampling loop whose logits are masked so that every token is a whole
word the prosody engine counts confidently (precomputed masks, one row per remaining budget: a step is
one tensor index, not a Python loop over the vocabulary).

``sample_line_set``: the line may end on any word of an end set E (endsets.py). At remaining budget r
the mask allows mid-line words of at most r − min_syllables(E) (so the line can always be finished) and
the E words of exactly r syllables; choosing one of those ends the line. One more step scores how
likely a line break (newline, or , . ! ? then newline) is right after it, so complete phrases win.

``sample_lines``: the older forced-end decode (prefix of ``budget`` syllables, then the tokens of one end
word), used when a requested end word is not a single token; also the unconstrained baseline.

Other backends (HTTP, fake) give no logits: we ask for candidate lines and assemble each line from the
reply's confident words in order, skipping words that overflow and filling any gap with short words,
then append the end word — syllables and rhyme still hold, fluency is weaker (documented trade-off).
"""

import re
import threading
from dataclasses import dataclass

from songwriter.generation import words
from songwriter.prosody.suggest import TWO_LETTER_WORDS

FILLERS = {1: ["oh", "and", "now", "so"], 2: ["again", "alone"]}
META_WORDS = {"song", "songs", "verse", "verses", "line", "lines", "lyric", "lyrics", "write", "writes",
              "create", "chorus", "bridge", "title", "rhyme", "rhymes", "words", "word", "poem",
              "stanza", "syllable", "syllables", "sentence", "writing", "writer", "writers", "poet",
              "poets", "poetry", "assistant", "story", "stories"}
# Tokens that are mostly the front half of a contraction ("Don" + "'t"): as whole words they strand
# the sentence ("Don you see the sea").
CONTRACTION_STEMS = {"don", "isn", "wasn", "didn", "doesn", "couldn", "wouldn", "shouldn", "aren",
                     "weren", "hasn", "haven", "hadn", "ain", "mustn", "needn"}
REPEAT_PENALTY = 2.5  # logits taken off a word pair an earlier line already has (sampling only)
LINE_END_TEXTS = ["\n", ",", ".", "!", "?"]  # what may follow a finished line
_tables: dict[int, tuple] = {}
_tables_lock = threading.Lock()
calls: list[dict] = []  # recent decode calls: steps, seconds, messages, prefix, kind (bench replays them)


@dataclass
class Candidate:
    text: str
    logprob: float  # sum over generated tokens, under the unmasked model distribution
    tokens: int
    end_logprob: float = 0.0  # log P(line break right after the line); 0 where not measured
    end_word: str = ""


class TokenTable:
    """Per-token facts of one tokenizer: word text and syllables; additive masks per budget; the
    end-word vocabulary (endsets.Vocab) and the tokens that may follow a finished line."""

    def __init__(self, tokenizer, max_budget: int = 24):
        pieces = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
        ends = [tokenizer(t, add_special_tokens=False).input_ids for t in LINE_END_TEXTS]
        end_ids = [ids[0] for ids in ends if len(ids) == 1]
        if tokenizer.eos_token_id is not None:
            end_ids.append(tokenizer.eos_token_id)  # the reply may end after the line, too
        self._build(pieces, end_ids, max_budget)

    @classmethod
    def from_pieces(cls, pieces: list[str | None], line_end_ids: list[int],
                    max_budget: int = 24) -> "TokenTable":
        """A table from token strings ("Ġword" = word after a space), for tests and other tokenizers."""
        table = cls.__new__(cls)
        table._build(pieces, line_end_ids, max_budget)
        return table

    def _build(self, pieces, line_end_ids, max_budget):
        import torch
        from wordfreq import zipf_frequency

        from songwriter.generation.endsets import END_ZIPF, Vocab

        n = len(pieces)
        self.max_budget = max_budget
        self.syl = torch.full((n,), 99, dtype=torch.long)
        self.start = torch.zeros(n, dtype=torch.bool)  # usable as a line's first word (no leading space)
        self.spaced_id: dict[str, int] = {}  # lowercase word → its " word" token
        self.start_id: dict[str, int] = {}   # lowercase word → its "Word" token (line start)
        end_syllables: dict[str, int] = {}
        for i, piece in enumerate(pieces):
            if piece is None:
                continue
            spaced = piece.startswith("Ġ")
            word = piece[1:] if spaced else piece
            if not re.fullmatch(r"[A-Za-z]+('[a-z]+)?", word or ""):
                continue
            low = word.lower()
            if len(low) == 1 and low not in ("a", "i"):
                continue
            if low in META_WORDS or low in CONTRACTION_STEMS:  # task talk, half contractions
                continue
            if len(low) == 2 and low not in TWO_LETTER_WORDS:  # fragments: "Co", "re", "ca"
                continue
            zipf = zipf_frequency(low, "en")
            if zipf < 3.0:
                continue
            count = words.confident_syllables(low)
            if not count:
                continue
            if spaced:
                self.syl[i] = count
                if word == low or low == "i":
                    self.spaced_id.setdefault(low, i)
                    if zipf >= END_ZIPF:
                        end_syllables[low] = count
            elif word[0].isupper():
                self.syl[i] = count
                self.start[i] = True
                self.start_id.setdefault(low, i)
        self.spaced = (self.syl < 99) & ~self.start
        budgets = torch.arange(max_budget + 1).unsqueeze(1)
        fits = self.syl.unsqueeze(0) <= budgets
        neg = torch.tensor(float("-inf"))
        self.mid_mask = torch.where(fits & self.spaced, 0.0, neg)      # (budget+1, V)
        self.start_mask = torch.where(fits & self.start, 0.0, neg)
        self.line_end_ids = torch.tensor(sorted(set(line_end_ids)), dtype=torch.long)
        self.newline_id = int(line_end_ids[0])
        self.vocab = Vocab.from_words(end_syllables)

    def line_masks(self, syllables: int, end_bonus: dict[str, float]):
        """(mid, start, is_end): additive masks of shape (syllables+1, V) indexed by the remaining
        budget r — mid-line words of at most r − min_syllables(E) plus the E words of exactly r
        syllables (with their bonus) — and a bool vector marking E's tokens. E = ``end_bonus`` keys,
        words the table has as single tokens (others are ignored)."""
        import torch

        ends = {w: b for w, b in end_bonus.items() if w in self.spaced_id}
        if not ends:
            raise ValueError("no end word of the set is a single token")
        syl_of = {w: int(self.syl[self.spaced_id[w]]) for w in ends}
        min_end = min(syl_of.values())
        neg = float("-inf")
        v = self.syl.shape[0]
        mid = torch.full((syllables + 1, v), neg)
        start = torch.full((syllables + 1, v), neg)
        for r in range(min_end, syllables + 1):
            mid[r] = self.mid_mask[min(r - min_end, self.max_budget)]
            start[r] = self.start_mask[min(r - min_end, self.max_budget)]
        is_end = torch.zeros(v, dtype=torch.bool)
        for w, bonus in ends.items():
            s = syl_of[w]
            if s > syllables:
                continue
            i = self.spaced_id[w]
            mid[s, i] = bonus
            is_end[i] = True
            j = self.start_id.get(w)
            if j is not None:  # a one-word line
                start[s, j] = bonus
                is_end[j] = True
        return mid, start, is_end


def token_table(backend) -> TokenTable:
    """The table of ``backend``'s tokenizer, built once per process."""
    _, tok = backend.load()
    with _tables_lock:
        key = id(tok)
        if key not in _tables or _tables[key][0] is not tok:  # the tokenizer is kept: ids stay unique
            _tables[key] = (tok, TokenTable(tok))
        return _tables[key][1]


def _record(steps: int, seconds: float, messages, prefix: str, kind: str) -> None:
    calls.append({"steps": steps, "seconds": seconds, "messages": messages, "prefix": prefix,
                  "kind": kind})
    del calls[:-64]


def earlier_pairs(tok, prefix: str) -> dict[int, set[int]]:
    """Token → tokens that followed it in the earlier lines of ``prefix`` (-1 → first tokens)."""
    follow: dict[int, set[int]] = {}
    for line in prefix.splitlines():
        ids = tok(line, add_special_tokens=False).input_ids if line.strip() else []
        for a, b in zip([-1] + ids, ids):
            follow.setdefault(a, set()).add(b)
    return follow


def sample_line_set(backend, messages, prefix: str, syllables: int, end_bonus: dict[str, float],
                    n: int, seed: int, temperature: float = 0.8,
                    repeat_penalty: float = REPEAT_PENALTY, on_step=None) -> list[Candidate]:
    """``n`` lines of exactly ``syllables`` syllables sampled in one batch, each ending on a word of
    the end set (``end_bonus``: word → logit bonus, 0 for none). Each candidate also carries the
    log-probability of a line break right after it (one extra batched step at most).
    ``on_step(text)``, if given, sees the leading row's text after every new token (for streaming;
    the reranked winner may be another row)."""
    import time

    import torch

    model, tok = backend.load()
    table = token_table(backend)
    mid, start, is_end = table.line_masks(syllables, end_bonus)
    text = backend.prompt_text(messages, prefix)
    ids = tok(text, return_tensors="pt").input_ids.repeat(n, 1)
    shown = "".join(m["content"] + "\n" for m in messages if m.get("role") == "assistant")
    follow = earlier_pairs(tok, shown + prefix)  # earlier lines and the prompt's example lines
    gen = torch.Generator().manual_seed(seed)
    remaining = torch.full((n,), syllables, dtype=torch.long)
    done = torch.zeros(n, dtype=torch.bool)
    scored = torch.zeros(n, dtype=torch.bool)  # line-break probability recorded
    logprob = torch.zeros(n)
    end_lp = torch.zeros(n)
    out: list[list[int]] = [[] for _ in range(n)]
    newline = torch.full((n,), table.newline_id, dtype=torch.long)
    past, cur, steps = None, ids, 0
    t0 = time.perf_counter()
    with backend.generate_lock, torch.no_grad():
        for step in range(syllables + 2):
            result = model(input_ids=cur, past_key_values=past, use_cache=True)
            past = result.past_key_values
            steps += 1
            logp = torch.log_softmax(result.logits[:, -1, :].float(), dim=-1)
            fresh = done & ~scored
            if bool(fresh.any()):
                end_lp[fresh] = torch.logsumexp(logp[fresh][:, table.line_end_ids], dim=-1)
                scored |= fresh
            if bool(scored.all()):
                break
            rows = (start if step == 0 else mid)[remaining.clamp(0, syllables)]
            if follow:  # sampling only: steer away from copying an earlier line's word pairs
                rows = rows.clone()
                for r in range(n):
                    again = follow.get(out[r][-1] if out[r] else -1)
                    if again and not bool(done[r]):
                        rows[r, list(again)] -= repeat_penalty
            nxt = _sample_masked(logp, rows, temperature, gen)
            nxt = torch.where(done, newline, nxt)  # finished rows idle on a newline
            live = ~done
            chosen = logp.gather(1, nxt.unsqueeze(1)).squeeze(1)
            logprob += torch.where(live, chosen, torch.zeros_like(chosen))
            for r in torch.nonzero(live).flatten().tolist():
                out[r].append(int(nxt[r]))
            if on_step is not None and bool(live.any()):
                mean = torch.where(live, logprob / torch.tensor([max(1, len(o)) for o in out]),
                                   torch.full_like(logprob, float("-inf")))
                on_step(tok.decode(out[int(mean.argmax())], skip_special_tokens=True).strip())
            spent = torch.where(live, table.syl[nxt], torch.zeros_like(remaining))
            ending = live & is_end[nxt] & (spent == remaining)
            remaining = remaining - spent
            done = done | ending | (live & (remaining <= 0))
            cur = nxt.unsqueeze(1)
    _record(steps, time.perf_counter() - t0, messages, prefix, "end set")
    cands = []
    for o, lp, elp in zip(out, logprob.tolist(), end_lp.tolist()):
        last = tok.convert_ids_to_tokens(o[-1:])[0] if o else ""
        cands.append(Candidate(tok.decode(o, skip_special_tokens=True).strip(), float(lp), len(o),
                               float(elp), (last or "").lstrip("Ġ").lower()))
    return cands


def _sample_masked(logp, rows, temperature: float, gen):
    """One token per row from ``softmax((logp + rows) / temperature)``; rows may be narrower than
    the model's vocabulary (padding ids are never allowed)."""
    import torch

    width = rows.shape[1]
    scores = logp[:, :width] + rows
    bad = ~torch.isfinite(scores).any(dim=1)
    if bool(bad.any()):  # a finished row with nothing allowed: any token, it is replaced anyway
        scores[bad] = 0.0
    probs = torch.softmax(scores / temperature, dim=-1)
    return torch.multinomial(probs, 1, generator=gen).squeeze(1)


def sample_lines(backend, messages, prefix: str, budget: int, n: int, seed: int,
                 temperature: float = 0.8, constrained: bool = True, max_tokens: int | None = None,
                 end: str | None = None) -> list[Candidate]:
    """``n`` lines sampled in one batch: a prefix of exactly ``budget`` syllables, then the tokens of
    ``end`` forced (their likelihood counts in the score, so prefixes that lead to the rhyme word
    naturally rank first). Unconstrained: ``max_tokens`` free tokens — the timing/likelihood baseline."""
    import torch

    model, tok = backend.load()
    table = token_table(backend)
    if budget <= 0 and constrained:
        return [Candidate(end or "", 0.0, 1) for _ in range(1)]
    forced = tok(" " + end, add_special_tokens=False).input_ids if (end and constrained) else []
    pos = torch.zeros(n, dtype=torch.long)  # how many end tokens each finished row has emitted
    text = backend.prompt_text(messages, prefix)
    ids = tok(text, return_tensors="pt").input_ids.repeat(n, 1)
    gen = torch.Generator().manual_seed(seed)
    remaining = torch.full((n,), budget, dtype=torch.long)
    logprob = torch.zeros(n)
    out = [[] for _ in range(n)]
    steps = budget + len(forced) if constrained else (max_tokens or budget)
    past = None
    cur = ids
    import time
    t0, done_steps = time.perf_counter(), 0
    with backend.generate_lock, torch.no_grad():
        for step in range(steps):
            done_steps += 1
            result = model(input_ids=cur, past_key_values=past, use_cache=True)
            past = result.past_key_values
            logits = result.logits[:, -1, :].float()
            logp = torch.log_softmax(logits, dim=-1)
            if constrained:
                mask = (table.start_mask if step == 0 else table.mid_mask)[remaining.clamp(0, 24)]
                scores = logp[:, : mask.shape[1]] + mask
                if scores.shape[1] < logp.shape[1]:
                    scores = torch.cat([scores, torch.full_like(logp[:, scores.shape[1]:], float("-inf"))], 1)
                for r in range(n):  # rows whose budget is spent emit the end word, token by token
                    if remaining[r] <= 0 and pos[r] < len(forced):
                        scores[r] = float("-inf")
                        scores[r, forced[pos[r]]] = 0.0
            else:
                scores = logp
            bad = ~torch.isfinite(scores).any(dim=1)
            if bool(bad.any()):  # finished rows: nothing allowed, their tokens are not kept
                scores[bad] = 0.0
            probs = torch.softmax(scores / temperature, dim=-1)
            nxt = torch.multinomial(probs, 1, generator=gen).squeeze(1)
            if constrained:
                active = (remaining > 0) | (pos < len(forced))
            else:
                active = torch.ones(n, dtype=torch.bool)
            chosen_lp = logp.gather(1, nxt.unsqueeze(1)).squeeze(1)
            logprob += torch.where(active, chosen_lp, torch.zeros_like(chosen_lp))
            for r in range(n):
                if active[r]:
                    out[r].append(int(nxt[r]))
            if constrained:
                spending = remaining > 0
                pos = pos + (~spending & active).long()
                remaining = remaining - torch.where(spending, table.syl[nxt], torch.zeros_like(remaining))
                if bool(((remaining <= 0) & (pos >= len(forced))).all()):
                    break
            cur = nxt.unsqueeze(1)
    _record(done_steps, time.perf_counter() - t0, messages, prefix,
            "forced end" if constrained else "unconstrained")
    return [Candidate(tok.decode(o, skip_special_tokens=True).strip(), float(lp), len(o))
            for o, lp in zip(out, logprob.tolist())]


def assemble(reply: str, budget: int, end_word: str | None) -> str:
    """A line prefix of exactly ``budget`` syllables from the reply's words in order (fallback path)."""
    picked, left = [], budget
    for raw in re.findall(r"[A-Za-z']+", reply):
        w = raw.strip("'")
        if not w or (end_word and w.lower() == end_word.lower()):
            continue
        if len(w) == 1 and w.lower() not in ("a", "i"):
            continue
        c = words.confident_syllables(w.lower())
        if c is None or c > left:
            continue
        picked.append(w)
        left -= c
        if left == 0:
            break
    while left > 0:
        f = FILLERS[2][0] if left >= 2 and not picked else FILLERS[1][len(picked) % 4]
        c = words.confident_syllables(f)
        picked.insert(0, f) if not picked else picked.append(f)
        left -= c
    return " ".join(picked)
