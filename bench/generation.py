"""Constrained writing bench: fit, rhyme, speed and a quality guard vs unconstrained sampling.

Run: .venv/bin/python -m bench.generation   (default model, 2 cores)
"""

import statistics
import time

PROMPTS = [
    ("leaving a small town", 8, None, "AABB"), ("the ocean at night", None, "01010101", "ABAB"),
    ("first love in summer", 7, None, "ABCB"), ("working the night shift", 6, None, "AAAA"),
    ("my grandmother's kitchen", 9, None, "AABB"), ("a city in the rain", None, "0101010", "ABAB"),
    ("driving with the windows down", 8, None, "ABCB"), ("losing a friend", 6, None, "AABB"),
    ("winter morning light", 5, None, "ABAB"), ("dancing in the kitchen", 10, None, "AABB"),
    ("a long road home", None, "10101010", "ABCB"), ("waiting for a letter", 7, None, "AxAx"),
]


def score_text(backend, messages, text: str) -> tuple[float, int]:
    """Sum log-probability and token count of ``text`` as the assistant's reply."""
    import torch
    model, tok = backend.load()
    prompt = backend.prompt_text(messages)
    p_ids = tok(prompt, return_tensors="pt").input_ids
    t_ids = tok(text, add_special_tokens=False, return_tensors="pt").input_ids
    ids = torch.cat([p_ids, t_ids], 1)
    with torch.no_grad():
        logits = model(input_ids=ids).logits[0, p_ids.shape[1] - 1:-1].float()
    lp = torch.log_softmax(logits, -1).gather(1, t_ids[0].unsqueeze(1)).sum()
    return float(lp), t_ids.shape[1]


def main():
    from songwriter.generation import WriteRequest, decode, write_lines, words
    from songwriter.embed import embed
    from songwriter.lm import get_backend
    from songwriter.lm.prompts import render

    backend = get_backend("default")
    backend.load()
    write_lines(WriteRequest(theme="warm up", syllables=4, scheme="AA"), backend=backend)
    rows, fits, pairs, perfect = [], 0, 0, 0
    c_times, u_times, c_lp, u_lp, all_lines, u_lines, sims, u_sims = [], [], [], [], [], [], [], []
    for theme, syl, stress, scheme in PROMPTS:
        req = WriteRequest(theme=theme, syllables=syl, stress=stress, scheme=scheme, seed=0)
        r = write_lines(req, backend=backend)
        target = len(stress) if stress else syl
        fits += sum(words.line_syllables(l) == target for l in r.lines)
        ends = [words.tokenize(l)[-1].lower() for l in r.lines]
        for i, a in enumerate(scheme):
            for j in range(i + 1, len(scheme)):
                if a != "x" and scheme[j] == a:
                    pairs += 1
                    perfect += words.rhyme_kind(ends[i], ends[j]) == "perfect"
        messages = render("write_line", section="verse", theme=theme, end_hint="")
        # same number of tokens, same batch size, no mask: the unconstrained baseline
        ntok = sum(len(backend.load()[1](l, add_special_tokens=False).input_ids) for l in r.lines)
        t = time.perf_counter()
        cand = decode.sample_lines(backend, messages, "", 0, decode_n(), 0, constrained=False,
                                   max_tokens=ntok)
        u_time = time.perf_counter() - t
        t = time.perf_counter()
        for i, l in enumerate(r.lines):  # constrained decode of the same lines' budgets, timed alone
            end = ends[i] if scheme[i] != "x" else None
            budget = target - (words.confident_syllables(end) if end else 0)
            decode.sample_lines(backend, messages, "", budget, decode_n(), i, end=end)
        c_time = time.perf_counter() - t
        c_tok = sum(len(backend.load()[1](l, add_special_tokens=False).input_ids) for l in r.lines)
        c_times.append(c_time / max(1, c_tok))
        u_times.append(u_time / max(1, ntok))
        lp, n = score_text(backend, messages, "\n".join(r.lines))
        c_lp.append(lp / n)
        utext = cand[0].text
        ulp, un = score_text(backend, messages, utext)
        u_lp.append(ulp / max(1, un))
        vec = embed([theme, "\n".join(r.lines), utext])
        sims.append(float(vec[1] @ vec[0]))
        u_sims.append(float(vec[2] @ vec[0]))
        all_lines += r.lines
        u_lines.append(utext)
        rows.append((theme, stress or syl, scheme, r.seconds, r.lines))
    secs = sorted(r[3] for r in rows)
    n_lines = sum(len(r[2]) for r in rows)
    distinct = len({w.lower() for l in all_lines for w in words.tokenize(l)})
    total = sum(len(words.tokenize(l)) for l in all_lines)
    print("| prompt | meter | scheme | s | first line |\n|---|---|---|---|---|")
    for theme, m, scheme, s, lines in rows:
        print(f"| {theme} | {m} | {scheme} | {s:.1f} | {lines[0]} |")
    print()
    print("| measure | value | goal |\n|---|---|---|")
    print(f"| lines with exact syllables | {100 * fits / n_lines:.0f}% ({fits}/{n_lines}) | 100% |")
    print(f"| scheme pairs perfect | {100 * perfect / max(1, pairs):.0f}% ({perfect}/{pairs}) | 100% |")
    print(f"| seconds per 4-line verse, median | {statistics.median(secs):.2f} | ≤ 5 |")
    p90 = secs[min(len(secs) - 1, int(round(0.9 * (len(secs) - 1))))]
    print(f"| seconds per 4-line verse, p90 | {p90:.2f} | |")
    ratio = statistics.median(c_times) / statistics.median(u_times)
    print(f"| constrained / unconstrained time per token (batch {decode_n()}) | {ratio:.2f}x | ≤ 1.5x |")
    print(f"| log-likelihood per token, constrained | {statistics.mean(c_lp):.2f} | |")
    print(f"| log-likelihood per token, unconstrained sample | {statistics.mean(u_lp):.2f} | |")
    print(f"| distinct words / words (constrained) | {distinct}/{total} | |")
    print(f"| repeated lines | {len(all_lines) - len({l.lower() for l in all_lines})} | 0 |")
    print(f"| theme similarity, constrained / unconstrained | {statistics.mean(sims):.2f} / "
          f"{statistics.mean(u_sims):.2f} | |")


def decode_n():
    from songwriter.generation import CANDIDATES
    return CANDIDATES


if __name__ == "__main__":
    main()
