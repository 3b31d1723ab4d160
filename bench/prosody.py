"""Prosody benchmark: rhyme queries vs `pronouncing`, verse analysis, CLI start-up, OOV syllables vs
the `syllables` package, labelled rhyme-pair kinds vs `pronouncing`. Run: python -m bench.prosody"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["night", "love", "heart", "time", "fire", "away", "money", "forever"]
VERSE = """I was walking down the line at night
with the streetlight humming in my head,
every promise that you made was bright,
every word was something left unsaid.
Now I'm runnin' from the things I know,
tryna find a reason I should stay,
but the river's got a place to go
and it carries all of me away.
Heartbreaker, you were never mine,
only borrowed for a little while,
like a summer that forgets to shine,
like a stranger with a famous smile.
So I'm drivin' till the morning light,
twenty-four seven, on the road again,
counting mile markers through the night,
singing back the words I don't understand."""


def _py(code: str, env=None) -> tuple[float, str]:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    if p.returncode:
        raise RuntimeError(p.stderr)
    return time.perf_counter() - t, p.stdout.strip()


def _tsv(name):
    from songwriter.config import RHYME_DATA

    return [l.split("\t") for l in (RHYME_DATA / name).read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")]


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    # a normal install caches bytecode; without it every fresh process recompiles our modules
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("SONGWRITER_HOME", tempfile.mkdtemp(prefix="sw-bench-"))
    os.environ["SONGWRITER_HOME"] = env["SONGWRITER_HOME"]
    rows: list[tuple[str, str, str, str]] = []

    # one-time index build (cached on disk afterwards); also warms the bytecode cache
    build, _ = _py("from songwriter import prosody; prosody.rhymes('night')",
                   {**env, "SONGWRITER_CACHE": tempfile.mkdtemp(prefix="sw-bench-cache-")})
    _py("from songwriter import prosody; prosody.rhymes('night')", env)
    _py("import pronouncing; pronouncing.rhymes('night')", env)
    rows.append(("index build + first query (one-time, empty cache)", f"{build:.2f} s", "—", ""))

    # cold: fresh process, import + first answer, measured inside the process
    code_ours = ("import time; t=time.perf_counter(); from songwriter import prosody; "
                 "r=prosody.rhymes('{w}', limit=50); print(time.perf_counter()-t, len(r))")
    code_pr = ("import time; t=time.perf_counter(); import pronouncing; "
               "r=pronouncing.rhymes('{w}'); print(time.perf_counter()-t, len(r))")
    cold_o, cold_p, n_o, n_p = [], [], [], []
    for w in QUERIES:
        out = _py(code_ours.format(w=w), env)[1].split()
        cold_o.append(float(out[0])); n_o.append(int(out[1]))
        out = _py(code_pr.format(w=w), env)[1].split()
        cold_p.append(float(out[0])); n_p.append(int(out[1]))
    co, cp = statistics.median(cold_o), statistics.median(cold_p)
    rows.append(("rhyme query, cold (fresh process, import + first answer)", f"{co * 1000:.0f} ms",
                 f"{cp * 1000:.0f} ms", f"{cp / co:.1f}× faster"))

    # warm: in-process, after one query
    import pronouncing

    from songwriter import prosody

    prosody.rhymes("night")
    pronouncing.rhymes("night")
    t = time.perf_counter()
    ours = [prosody.rhymes(w, limit=50) for w in QUERIES]
    wo = (time.perf_counter() - t) / len(QUERIES)
    t = time.perf_counter()
    theirs = [pronouncing.rhymes(w) for w in QUERIES]
    wp = (time.perf_counter() - t) / len(QUERIES)
    ratio = f"{wp / wo:.1f}× faster" if wp > wo else f"{wo / max(wp, 1e-9):.0f}× slower (dict lookup vs scoring)"
    rows.append(("rhyme query, warm (mean of 8 words)", f"{wo * 1000:.1f} ms", f"{wp * 1000:.3f} ms", ratio))
    kinds = {k for r in ours for k in (s.kind for s in r)}
    rows.append(("results per query (kinds)", f"{statistics.mean(len(r) for r in ours):.0f} ({', '.join(sorted(kinds))})",
                 f"{statistics.mean(len(r) for r in theirs):.0f} (perfect only, unranked)", "ours capped at 50"))

    # verse analysis
    prosody.analyze("warm up line")
    t = time.perf_counter()
    for _ in range(5):
        a = prosody.analyze(VERSE)
    rows.append(("analyze a 16-line verse (warm)", f"{(time.perf_counter() - t) / 5 * 1000:.0f} ms", "—",
                 f"scheme {a.scheme}"))

    # CLI start-up
    exe = Path(sys.executable).parent / "songwriter"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "songwriter"]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(cmd + ["rhymes", "night", "--json"], capture_output=True, env=env, timeout=60)
        times.append(time.perf_counter() - t)
    rows.append(("`songwriter rhymes night --json` wall time", f"{statistics.median(times) * 1000:.0f} ms", "—",
                 "median of 3"))

    # OOV syllables
    import syllables as syl

    from songwriter.prosody import dictionary, words

    oov = _tsv("oov_syllables.tsv")
    full = sum(prosody.syllable_count(w) == int(n) for w, n in oov) / len(oov)
    saved = dictionary.additions
    dictionary.additions = lambda: {}
    words._pronunciations.cache_clear()
    engine = sum(prosody.syllable_count(w) == int(n) for w, n in oov) / len(oov)
    dictionary.additions = saved
    words._pronunciations.cache_clear()
    base = sum(syl.estimate(w) == int(n) for w, n in oov) / len(oov)
    rows.append((f"OOV syllable accuracy ({len(oov)} words), engine alone", f"{engine:.1%}", f"{base:.1%} (syllables)",
                 f"with project additions {full:.1%}"))

    # rhyme kinds
    pairs = _tsv("rhyme_pairs.tsv")
    ok = sum(prosody.compare(a, b).kind == k for a, b, k in pairs) / len(pairs)
    okp = sum((("perfect" if b in pronouncing.rhymes(a) else "none") == k) for a, b, k in pairs) / len(pairs)
    rows.append((f"rhyme kind accuracy ({len(pairs)} labelled pairs)", f"{ok:.1%}", f"{okp:.1%} (pronouncing)",
                 "pronouncing: perfect if in rhymes(a), else none"))

    table = Table("measure", "songwriter", "baseline", "note", title="prosody bench")
    for r in rows:
        table.add_row(*r)
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
