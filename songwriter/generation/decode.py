"""Syllable-budget decoding.

Transformers backends: a batched sampling loop whose logits are masked so that every token is a whole
word the prosody engine counts confidently and fits the remaining syllable budget (precomputed masks,
one row per budget: no Python loop over the vocabulary per step). The line prefix gets
budget = target − syllables(end word), then the planned end word is appended, so syllables and rhyme
hold by construction.

Other backends (HTTP, fake) give no logits: we ask for candidate lines and assemble each line from the
reply's confident words in order, skipping words that overflow and filling any gap with short words,
then append the end word — syllables and rhyme still hold, fluency is weaker (documented trade-off).
"""

import re
import threading
from dataclasses import dataclass

from songwriter.generation import words

FILLERS = {1: ["oh", "and", "now", "so"], 2: ["again", "alone"]}
META_WORDS = {"song", "songs", "verse", "verses", "line", "lines", "lyric", "lyrics", "write", "writes",
              "create", "chorus", "bridge", "title", "rhyme", "rhymes", "words", "word", "poem",
              "stanza", "syllable", "syllables", "sentence"}
_tables: dict[int, "TokenTable"] = {}
_tables_lock = threading.Lock()


@dataclass
class Candidate:
    text: str
    logprob: float  # sum over generated tokens, under the unmasked model distribution
    tokens: int


class TokenTable:
    """Per-token facts of one tokenizer: word text and syllables; additive masks per budget."""

    def __init__(self, tokenizer, max_budget: int = 24):
        import torch
        from wordfreq import zipf_frequency

        n = len(tokenizer)
        self.syl = torch.full((n,), 99, dtype=torch.long)
        self.start = torch.zeros(n, dtype=torch.bool)  # usable as a line's first word (no leading space)
        pieces = tokenizer.convert_ids_to_tokens(list(range(n)))
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
            if zipf_frequency(low, "en") < 3.0:
                continue
            count = words.confident_syllables(low)
            if count is None:
                continue
            if spaced:
                self.syl[i] = count
            elif word[0].isupper():
                self.syl[i] = count
                self.start[i] = True
        for i, piece in enumerate(pieces):  # words that make a small model talk about the task
            if piece and piece.lstrip("Ġ").lower() in META_WORDS:
                self.syl[i] = 99
                self.start[i] = False
        self.spaced = (self.syl < 99) & ~self.start
        budgets = torch.arange(max_budget + 1).unsqueeze(1)
        fits = self.syl.unsqueeze(0) <= budgets
        neg = torch.tensor(float("-inf"))
        self.mid_mask = torch.where(fits & self.spaced, 0.0, neg)      # (budget+1, V)
        self.start_mask = torch.where(fits & self.start, 0.0, neg)


def token_table(backend) -> TokenTable:
    _, tok = backend.load()
    with _tables_lock:
        key = id(tok)
        if key not in _tables:
            _tables[key] = TokenTable(tok)
        return _tables[key]


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
    with backend.generate_lock, torch.no_grad():
        for step in range(steps):
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
