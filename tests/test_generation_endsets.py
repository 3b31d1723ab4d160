"""End-set decoding without the real model: masks, end sets and the batched loop over a tiny
tokenizer whose "model" gives seeded random logits (so every guarantee is exercised, not fluency)."""

import threading
from types import SimpleNamespace

import pytest

torch = pytest.importorskip("torch")

from songwriter.generation import WriteRequest, decode, fix_line, write_lines, words  # noqa: E402
from songwriter.generation.endsets import Vocab  # noqa: E402

RHYMING = ["night", "light", "bright", "sight", "right", "fight", "tonight", "town", "down", "around",
           "crown", "brown", "day", "way", "stay", "play", "away", "say", "rain", "pain", "again",
           "train", "home", "alone", "stone", "phone", "knight", "believe", "leave", "grieve"]
MID = ["the", "a", "I", "we", "walk", "walked", "through", "old", "city", "in", "love", "will", "never",
       "and", "my", "heart", "beautiful", "remember", "streets", "empty"]
STARTS = ["The", "I", "We", "In", "My", "Walk"]
PIECES = ["Ċ", ",", ".", "<|im_end|>", "Ġ"] + ["Ġ" + w for w in RHYMING + MID] + STARTS


class TinyTokenizer:
    """Whole-word pieces only: enough of a tokenizer for decode.py."""

    eos_token_id = 3

    def __init__(self):
        self.ids = {p: i for i, p in enumerate(PIECES)}

    def __len__(self):
        return len(PIECES)

    def convert_ids_to_tokens(self, ids):
        return [PIECES[i] for i in ids]

    def encode_text(self, text):
        out = []
        for part in text.replace("\n", " \n ").split(" "):
            if part == "\n":
                out.append(0)
            elif part:
                out.append(self.ids.get("Ġ" + part.lower(), self.ids.get(part, 4)))
        return out or [4]

    def __call__(self, text, return_tensors=None, add_special_tokens=True):
        ids = self.encode_text(text)
        return SimpleNamespace(input_ids=torch.tensor([ids]) if return_tensors else ids)

    def decode(self, ids, skip_special_tokens=True):
        text = ""
        for i in ids:
            p = PIECES[i]
            text += ("\n" if p == "Ċ" else "" if p.startswith("<") else " " + p[1:] if p.startswith("Ġ") else p)
        return text


class RandomModel:
    """Seeded random logits that depend on the last input token, so runs repeat exactly."""

    def __call__(self, input_ids, past_key_values=None, use_cache=True):
        rows = []
        for row in input_ids:
            g = torch.Generator().manual_seed(int(row[-1]) * 7919 + int(row.shape[0]))
            rows.append(torch.randn(1, len(PIECES), generator=g) * 3)
        return SimpleNamespace(logits=torch.stack(rows), past_key_values=None)


class TinyBackend:
    model_id = "tiny"

    def __init__(self):
        self.tok, self.model = TinyTokenizer(), RandomModel()
        self.generate_lock = threading.Lock()

    def load(self):
        return self.model, self.tok

    def prompt_text(self, messages, prefix=""):
        return "the " + prefix


@pytest.fixture(scope="module")
def table():
    return decode.TokenTable.from_pieces(PIECES, [0, 1, 2, 3])


def test_mask_allows_exactly_the_words_that_keep_the_line_completable(table):
    ends = {"night": 0.0, "tonight": 0.5}
    syllables = 7
    mid, start, is_end = table.line_masks(syllables, ends)
    end_ids = {table.spaced_id[w] for w in ends}
    usable = [i for i in range(len(PIECES)) if table.spaced[i]]

    def completable(r, first=False):  # brute force: some word sequence lands exactly on an E word
        pool = [i for i in range(len(PIECES)) if table.start[i]] if first else usable
        return any(allowed(r, i, first) for i in pool)

    memo = {}

    def allowed(r, i, first):
        key = (r, i, first)
        if key not in memo:
            s = int(table.syl[i])
            word = PIECES[i].lstrip("Ġ").lower()
            memo[key] = (word in ends and s == r) or (s < r and completable(r - s))
        return memo[key]

    for r in range(syllables + 1):
        got = {i for i in usable if torch.isfinite(mid[r, i])}
        want = {i for i in usable if allowed(r, i, False)}
        assert got == want, r
        got_start = {i for i in range(len(PIECES)) if table.start[i] and torch.isfinite(start[r, i])}
        want_start = {i for i in range(len(PIECES)) if table.start[i] and allowed(r, i, True)}
        assert got_start == want_start, r
    assert {i for i in range(len(PIECES)) if is_end[i]} == end_ids
    assert float(mid[2, table.spaced_id["tonight"]]) == 0.5  # the bonus sits on its exact budget only
    assert not torch.isfinite(mid[1, table.spaced_id["tonight"]])


def test_sampled_lines_fit_and_end_on_an_end_word():
    backend = TinyBackend()
    ends = {"night": 0.0, "light": 0.0, "tonight": 0.0}
    for seed in range(5):
        cands = decode.sample_line_set(backend, [], "", 6, ends, 8, seed)
        assert len(cands) == 8
        for c in cands:
            assert words.line_syllables(c.text) == 6, c.text
            last = words.tokenize(c.text)[-1].lower()
            assert last in ends and c.end_word == last
            assert c.end_logprob < 0 and c.logprob < 0
    again = decode.sample_line_set(backend, [], "", 6, ends, 8, 4)
    assert [c.text for c in again] == [c.text for c in cands]


def test_end_sets_rhyme_perfectly_and_never_repeat():
    vocab = Vocab.from_words({w: words.confident_syllables(w) for w in RHYMING + ["the", "of"]})
    assert "the" not in vocab.syllables and "of" not in vocab.syllables  # cannot close a line
    rh = vocab.rhymes(["night"], {"light"}, 8)
    assert rh and "night" not in rh and "light" not in rh and "knight" not in rh  # identical rhyme
    assert all(words.rhyme_kind("night", w) == "perfect" for w in rh)
    assert "tonight" not in vocab.rhymes(["night"], set(), 1)  # too long for a one-syllable line
    assert "believe" not in vocab.rhymes(["leave"], set(), 8)  # rime riche is identical, not perfect
    first = vocab.first_of_letter(1, 8, 8, set(), set())
    assert "night" in first and "grieve" not in first  # leave/believe/grieve: too few true rhymes
    assert all(len(vocab.rhymes([w], set(), 8)) >= 1 for w in first)
    avoid = set(words.rhyme_keys("night"))
    assert not set(vocab.first_of_letter(1, 8, 8, avoid, set())) & {"night", "light", "bright"}


@pytest.mark.parametrize("scheme,syl", [("AABB", 8), ("ABAB", 6), ("AAAA", 5), ("AxAx", 7), ("ABCB", 4)])
def test_model_path_fits_and_rhymes(scheme, syl):
    decode.calls.clear()
    r = write_lines(WriteRequest(theme="a night in town", syllables=syl, scheme=scheme, seed=1),
                    backend=TinyBackend())
    assert [c["kind"] for c in decode.calls] == ["end set"] * len(scheme)
    assert [words.line_syllables(l) for l in r.lines] == [syl] * len(scheme)
    e = [words.tokenize(l)[-1].lower() for l in r.lines]
    for i, a in enumerate(scheme):
        for j in range(i + 1, len(scheme)):
            if a != "x" and scheme[j] == a:
                assert words.rhyme_kind(e[i], e[j]) == "perfect", (e[i], e[j])
            elif a != "x" and scheme[j] != "x":
                assert words.rhyme_kind(e[i], e[j]) != "perfect", (e[i], e[j])
    assert len({e[i] for i, c in enumerate(scheme) if c != "x"}) == sum(c != "x" for c in scheme)
    assert len({l.lower() for l in r.lines}) == len(r.lines)


def test_model_path_keeps_given_lines_and_end_words_and_streams():
    seen = []
    req = WriteRequest(theme="rain", syllables=6, scheme="AABB", seed=2,
                       given_lines=["We walk the city down", None, None, None],
                       end_words=[None, None, None, "stay"])
    r = write_lines(req, backend=TinyBackend(), on_line=lambda i, t: seen.append((i, t)))
    assert r.lines[0] == "We walk the city down"
    e = [words.tokenize(l)[-1].lower() for l in r.lines]
    assert words.rhyme_kind("down", e[1]) == "perfect" and e[3] == "stay"
    assert words.rhyme_kind(e[2], "stay") == "perfect" and e[2] != "stay"
    assert [i for i, _ in seen] == [0, 1, 2, 3]
    again = write_lines(req, backend=TinyBackend())
    assert again.lines == r.lines


def test_forced_end_fallback_still_fits():
    """An end word the tokenizer has no single token for is forced token by token (older path)."""
    decode.calls.clear()
    r = write_lines(WriteRequest(theme="rain", syllables=5, scheme="AA", end_words=["tomorrow", None]),
                    backend=TinyBackend())
    assert decode.calls[0]["kind"] == "forced end"
    assert words.tokenize(r.lines[0])[-1].lower() == "tomorrow"
    assert [words.line_syllables(l) for l in r.lines] == [5, 5]
    assert words.rhyme_kind("tomorrow", words.tokenize(r.lines[1])[-1]) == "perfect"


def test_fix_line_with_logits_rhymes():
    out = fix_line("we walk the city streets", syllables=6, rhyme_with="day", backend=TinyBackend())
    assert out and all(words.line_syllables(o) == 6 for o in out)
    assert all(words.rhyme_kind(words.tokenize(o)[-1], "day") == "perfect" for o in out)


def test_partials_stream_each_line_token_by_token():
    partials, finished = [], []
    req = WriteRequest(theme="a night in town", syllables=6, scheme="ABAB", seed=3)
    r = write_lines(req, backend=TinyBackend(), on_line=lambda i, t: finished.append(t),
                    on_partial=lambda i, t: partials.append((i, t)))
    assert finished == r.lines
    assert [i for i in sorted({i for i, _ in partials})] == [0, 1, 2, 3]
    for i in range(4):
        texts = [t for j, t in partials if j == i]
        assert len(texts) >= 2  # more than one update per line: token by token, not per line
        assert all(words.line_syllables(t) <= 6 for t in texts)  # partials never overrun the meter
    # streaming does not change what is written
    assert write_lines(req, backend=TinyBackend()).lines == r.lines
