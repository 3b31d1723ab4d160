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


# Likelihood is scored under one fixed plain prompt (the write_line prompt as it was before the
# few-shot example), so numbers stay comparable when prompts/write_line.txt changes.
SCORE_PROMPT = [
    {"role": "system", "content": "You are a songwriter. You write short, concrete, singable lyric lines "
                                  "with images and feelings. You answer with the lyrics only."},
    {"role": "user", "content": "Write a verse about {theme}."},
]


def score_messages(theme: str) -> list[dict]:
    return [dict(m, content=m["content"].format(theme=theme)) for m in SCORE_PROMPT]


def score_lines(backend, messages, lines: list[str]) -> tuple[float, int, float]:
    """Each line scored on its own after the prompt (no earlier lines in context, so copying an
    earlier line earns nothing): summed log-probability, tokens, and summed log P(line break right
    after the line) — newline, , . ! ? or the end of the reply."""
    import torch
    model, tok = backend.load()
    breaks = [ids[0] for ids in (tok(t, add_special_tokens=False).input_ids for t in ["\n", ",", ".", "!", "?"])]
    breaks.append(tok.eos_token_id)
    p_ids = tok(backend.prompt_text(messages), return_tensors="pt").input_ids
    total, count, ends = 0.0, 0, 0.0
    for line in lines:
        t_ids = tok(line, add_special_tokens=False, return_tensors="pt").input_ids
        ids = torch.cat([p_ids, t_ids], 1)
        with torch.no_grad():
            logp = torch.log_softmax(model(input_ids=ids).logits[0, p_ids.shape[1] - 1:].float(), -1)
        total += float(logp[:-1].gather(1, t_ids[0].unsqueeze(1)).sum())
        count += t_ids.shape[1]
        ends += float(torch.logsumexp(logp[-1, breaks], 0))
    return total, count, ends


def repeated_pairs(lines: list[str]) -> tuple[int, int]:
    """Word pairs of a verse that an earlier line of the same verse already had, and all pairs."""
    seen, again, total = set(), 0, 0
    for line in lines:
        low = [w.lower() for w in line.split()]
        pairs = list(zip(low, low[1:]))
        again += sum(p in seen for p in pairs)
        total += len(pairs)
        seen.update(pairs)
    return again, total


def main():
    from songwriter.generation import WriteRequest, decode, write_lines, words
    from songwriter.embed import embed
    from songwriter.lm import get_backend
    from songwriter.lm.prompts import render

    backend = get_backend("default")
    backend.load()
    write_lines(WriteRequest(theme="warm up", syllables=4, scheme="AA"), backend=backend)
    rows, fits, pairs, perfect = [], 0, 0, 0
    ratios, c_lp, u_lp, all_lines, u_lines, sims, u_sims = [], [], [], [], [], [], []
    line_lp, u_line_lp, end_lp, u_end_lp, rep_pairs = [], [], [], [], [0, 0]
    for theme, syl, stress, scheme in PROMPTS:
        req = WriteRequest(theme=theme, syllables=syl, stress=stress, scheme=scheme, seed=0)
        decode.calls.clear()
        r = write_lines(req, backend=backend)
        made = list(decode.calls)
        target = len(stress) if stress else syl
        fits += sum(words.line_syllables(l) == target for l in r.lines)
        ends = [words.tokenize(l)[-1].lower() for l in r.lines]
        for i, a in enumerate(scheme):
            for j in range(i + 1, len(scheme)):
                if a != "x" and scheme[j] == a:
                    pairs += 1
                    perfect += words.rhyme_kind(ends[i], ends[j]) == "perfect"
        # time per token: replay every constrained decode call of the verse without any mask, same
        # prompt, same context, same batch and the same number of steps (same run, same load)
        u_time = 0.0
        for call in made:
            decode.sample_lines(backend, call["messages"], call["prefix"], 0, decode_n(), 0,
                                constrained=False, max_tokens=call["steps"])
            u_time += decode.calls[-1]["seconds"]
        c_time = sum(c["seconds"] for c in made)
        ratios.append(c_time / max(1e-9, u_time))
        messages = render("write_line", section="verse", theme=theme, end_hint="")
        ntok = sum(len(backend.load()[1](l, add_special_tokens=False).input_ids) for l in r.lines)
        cand = decode.sample_lines(backend, messages, "", 0, decode_n(), 0, constrained=False,
                                   max_tokens=ntok)
        alone, alone_n, ends_lp = score_lines(backend, score_messages(theme), r.lines)
        line_lp.append(alone / alone_n)
        end_lp.append(ends_lp / len(r.lines))
        u_split = [l.strip() for l in cand[0].text.split("\n") if l.strip()] or [cand[0].text]
        u_alone, u_alone_n, u_ends = score_lines(backend, score_messages(theme), u_split)
        u_line_lp.append(u_alone / max(1, u_alone_n))
        u_end_lp.append(u_ends / len(u_split))
        a, t = repeated_pairs(r.lines)
        rep_pairs[0] += a
        rep_pairs[1] += t
        lp, n = score_text(backend, score_messages(theme), "\n".join(r.lines))
        c_lp.append(lp / n)
        utext = cand[0].text
        ulp, un = score_text(backend, score_messages(theme), utext)
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
    print("| prompt | meter | scheme | s | lines |\n|---|---|---|---|---|")
    for theme, m, scheme, s, lines in rows:
        print(f"| {theme} | {m} | {scheme} | {s:.1f} | {' / '.join(lines)} |")
    print()
    print("| measure | value | goal |\n|---|---|---|")
    print(f"| lines with exact syllables | {100 * fits / n_lines:.0f}% ({fits}/{n_lines}) | 100% |")
    print(f"| scheme pairs perfect | {100 * perfect / max(1, pairs):.0f}% ({perfect}/{pairs}) | 100% |")
    print(f"| seconds per 4-line verse, median | {statistics.median(secs):.2f} | ≤ 5 |")
    p90 = secs[min(len(secs) - 1, int(round(0.9 * (len(secs) - 1))))]
    print(f"| seconds per 4-line verse, p90 | {p90:.2f} | |")
    ratio = statistics.median(ratios)
    print(f"| constrained / unconstrained time per token (batch {decode_n()}, median) | {ratio:.2f}x | ≤ 1.5x |")
    print(f"| log-likelihood per token, verse in context, constrained / unconstrained | "
          f"{statistics.mean(c_lp):.2f} / {statistics.mean(u_lp):.2f} | |")
    print(f"| log-likelihood per token, each line alone, constrained / unconstrained | "
          f"{statistics.mean(line_lp):.2f} / {statistics.mean(u_line_lp):.2f} | |")
    print(f"| log P(line break after a line), constrained / unconstrained | "
          f"{statistics.mean(end_lp):.2f} / {statistics.mean(u_end_lp):.2f} | |")
    print(f"| word pairs repeated from an earlier line of the verse | "
          f"{100 * rep_pairs[0] / max(1, rep_pairs[1]):.0f}% ({rep_pairs[0]}/{rep_pairs[1]}) | |")
    print(f"| distinct words / words (constrained) | {distinct}/{total} | |")
    print(f"| repeated lines | {len(all_lines) - len({l.lower() for l in all_lines})} | 0 |")
    print(f"| theme similarity, constrained / unconstrained | {statistics.mean(sims):.2f} / "
          f"{statistics.mean(u_sims):.2f} | |")


def decode_n():
    from songwriter.generation import CANDIDATES
    return CANDIDATES


if __name__ == "__main__":
    main()
