"""Time a whole verse–chorus–verse–chorus–bridge–chorus song with the default model, lead sheet and
audio included, and measure how well it fits its form.

Baseline, measured in the same run with the same model: the plain way — asking the model for each
section's lyric in one prompt ("write a 4-line verse about …"), no meter or rhyme constraints —
checked by the same prosody checks. Goal: the constrained draft in ≤ 45 s on 2 cores.

    .venv/bin/python -m bench.songdraft [--seed N] [--theme TEXT]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

GOAL_SECONDS = 45.0
THEME = "leaving my hometown at dawn"


def baseline(backend, result, seed: int) -> tuple[float, dict]:
    """Unconstrained lyrics for the same sections, checked the same way; (seconds, summary)."""
    from songwriter.lm import GenerateOptions
    from songwriter.song import Line, Section
    from songwriter.songdraft import checks
    from songwriter.songdraft.forms import SectionSpec

    specs = [SectionSpec.from_dict(d) for d in result.song.provenance["sections"]]
    start = time.perf_counter()
    done, section_checks = {}, []
    for spec in specs:
        if spec.part not in done:
            prompt = [{"role": "user", "content":
                       f"Write the {spec.kind} of a song about {THEME}: {spec.lines} lines of "
                       f"{spec.syllables[0]} syllables, rhyme scheme {spec.scheme}. "
                       f"Only the lyric lines."}]
            text = backend.generate(prompt, GenerateOptions(max_tokens=16 * spec.lines,
                                                            temperature=0.0, seed=seed))
            lines = [ln.strip(" -*\"") for ln in text.splitlines() if ln.strip()][:spec.lines]
            lines += [""] * (spec.lines - len(lines))
            done[spec.part] = Section(kind=spec.kind, label=spec.label,
                                      lines=[Line(text=t) for t in lines])
        section_checks.append(checks.check_section(done[spec.part], spec))
    return time.perf_counter() - start, checks.summarize(section_checks)


def main(argv=None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="bench.songdraft")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--theme", default=THEME)
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    from songwriter.songdraft import DraftRequest, draft_song
    from songwriter.songdraft.draft import get_backend

    home = tempfile.mkdtemp(prefix="bench-songdraft-")
    os.environ["SONGWRITER_HOME"] = home
    t = time.perf_counter()
    backend = get_backend(None)
    backend.load()
    from songwriter import prosody
    prosody.line_syllables("warm up the pronunciation engine")
    load = time.perf_counter() - t
    request = DraftRequest(theme=args.theme, genre="pop", mood="hopeful", form="verse-chorus",
                           seed=args.seed, export_dir=os.path.join(home, "export"),
                           export_formats=("pdf", "wav"))
    events = []
    result = draft_song(request, backend=backend,
                        progress=lambda e: events.append((time.perf_counter(), e.message)))
    draft_seconds = result.timings["total"]
    base_seconds, base = baseline(backend, result, args.seed)
    summary = result.checks["summary"]

    console = Console()
    phases = Table(title=f"song draft phases (model {getattr(backend, 'model_id', '?')}, "
                         f"seed {args.seed})")
    phases.add_column("phase")
    phases.add_column("seconds", justify="right")
    for name, seconds in result.timings.items():
        if name != "total":
            phases.add_row(name, f"{seconds:.2f}")
    phases.add_row("[bold]draft total (plan → lead sheet + audio)[/bold]", f"{draft_seconds:.2f}")
    phases.add_row("model + prosody load (once per process, not in total)", f"{load:.2f}")
    console.print(phases)

    table = Table(title="verse–chorus–verse–chorus–bridge–chorus: constrained draft vs plain prompt")
    for col in ("", "seconds", "lines", "% lines exact syllables", "rhyme pairs",
                "% rhyme pairs perfect", "% perfect or near"):
        table.add_column(col, justify="right" if col else "left")

    def row(name, seconds, s):
        both = 100.0 * (s["rhyme_perfect"] + s["rhyme_near"]) / s["rhyme_pairs"] if s["rhyme_pairs"] else 0
        table.add_row(name, f"{seconds:.1f}", str(s["lines"]), f"{s['pct_lines_exact']:.0f}",
                      str(s["rhyme_pairs"]), f"{s['pct_rhyme_perfect']:.0f}", f"{both:.0f}")

    row("song draft (all phases)", draft_seconds, summary)
    row("baseline: plain prompt per section (lyrics only)", base_seconds, base)
    console.print(table)
    ratio = draft_seconds / base_seconds if base_seconds else float("nan")
    console.print(f"draft time {draft_seconds:.1f} s vs goal {GOAL_SECONDS:.0f} s "
                  f"({'met' if draft_seconds <= GOAL_SECONDS else 'NOT met'}); "
                  f"{ratio:.1f}× the plain prompt's time; exact-syllable lines "
                  f"{summary['pct_lines_exact']:.0f}% vs {base['pct_lines_exact']:.0f}%; "
                  f"perfect rhymes {summary['pct_rhyme_perfect']:.0f}% vs "
                  f"{base['pct_rhyme_perfect']:.0f}%")
    console.print(f"exports: {', '.join(result.exports)}; song “{result.song.title}”, "
                  f"{result.song.key}, {result.song.tempo} BPM")
    console.print(result.song.lyric_text(), markup=False, highlight=False)


if __name__ == "__main__":
    main()
