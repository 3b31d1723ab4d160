"""Lead sheet exports of a three-section song: time for each format, all formats together (goal:
under 3 s, PDF included, imports counted), against a baseline measured in the same run — the usual
route to an engraved lead sheet, music21 MusicXML → musicxml2ly → LilyPond — and how many chord
names each route gets wrong (a power chord "X5" printed where a triad was meant).

    .venv/bin/python -m bench.leadsheet
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 3.0
FORMATS = ("musicxml", "pdf", "png", "svg", "midi", "chordpro", "txt", "wav", "json")


def cold_all_formats(folder: Path) -> float:
    """All formats in a fresh process (imports of music21, verovio, numpy, mido included)."""
    code = ("import time; t=time.perf_counter();"
            "from songwriter.leadsheet import export_many, FORMATS;"
            "from songwriter.leadsheet.example import example_song;"
            f"export_many(example_song(), FORMATS, {str(folder)!r});"
            "print(time.perf_counter()-t)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline_musicxml2ly(song, folder: Path) -> tuple[float, int, int]:
    """music21 MusicXML → musicxml2ly → LilyPond PDF: seconds, chord names in its chord mode, and
    how many of them print as power chords ("F⁵") although the song has none."""
    import lilypond

    from songwriter.leadsheet.musicxml import to_musicxml

    bin_dir = Path(lilypond.executable()).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    xml = folder / "base.musicxml"
    xml.write_bytes(to_musicxml(song))
    subprocess.run([str(bin_dir / "musicxml2ly"), "-o", str(folder / "base.ly"), str(xml)],
                   capture_output=True, check=True, env=env)
    subprocess.run([str(lilypond.executable()), "--pdf", "-o", str(folder / "base"), str(folder / "base.ly")],
                   capture_output=True, check=True, cwd=folder)
    seconds = time.perf_counter() - start
    source = (folder / "base.ly").read_text(encoding="utf-8")
    chordmode = re.search(r"\\chordmode\s*\{(.*?)\}", source, re.S).group(1)
    names = re.findall(r"\b([a-g](?:is|es|s|f)?)(\d+\.?)?:([\w.+-]+)", chordmode)
    # An explicit ":5" / ":m5" is engraved with a superscript 5 ("F⁵", even "A⁵" for A minor).
    power = sum(1 for *_, mods in names if mods.split("/")[0] in ("5", "m5"))
    return seconds, len(names), power


def main() -> None:
    from songwriter.leadsheet import render, render_many
    from songwriter.leadsheet.audio import render_wav
    from songwriter.leadsheet.engrave import to_lilypond
    from songwriter.leadsheet.example import example_song

    song = example_song()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cold = cold_all_formats(folder)
        render_many(song, FORMATS)  # warm up imports in this process
        rows = [(fmt, timed(lambda f=fmt: render(song, f))) for fmt in FORMATS]
        together = timed(lambda: render_many(song, FORMATS))
        ours_pdf = dict(rows)["pdf"]
        base_seconds, base_names, base_power = baseline_musicxml2ly(song, folder)
        base_seconds = min(base_seconds, baseline_musicxml2ly(song, folder)[0])
        ours_source = to_lilypond(song)
        ours_chords = re.search(r"\\chordmode \{(.*?)\}", ours_source, re.S).group(1).split()
        ours_power = sum(1 for c in ours_chords if c.split("/")[0].endswith(":5"))
        builtin = timed(lambda: render_wav(song, engine="builtin"), repeat=1)
        from songwriter.leadsheet.audio import synth_engine

        fluid = timed(lambda: render_wav(song, engine="fluidsynth"), repeat=1) \
            if synth_engine() == "fluidsynth" else None

    bars = sum(s.length for s in song.sections) / 4
    print(f"song: {song.title!r}, {len(song.sections)} sections, {bars:.0f} bars, "
          f"{sum(len(c.chords) for c in song.sections)} chords")
    print()
    print(f"{'export':<34}{'seconds':>10}")
    for fmt, seconds in rows:
        print(f"{fmt:<34}{seconds:>10.3f}")
    print(f"{'all 9 formats, warm (pdf+png 1 run)':<34}{together:>10.3f}")
    print(f"{'all 9 formats, cold process':<34}{cold:>10.3f}   goal < {GOAL_SECONDS:.0f} s: "
          f"{'met' if cold < GOAL_SECONDS else 'MISSED'}")
    print()
    print(f"{'PDF route':<44}{'seconds':>9}{'names as X⁵':>14}")
    print(f"{'ours: LilyPond text we write':<44}{ours_pdf:>9.3f}{f'{ours_power}/{len(ours_chords)}':>14}")
    print(f"{'baseline: music21 → musicxml2ly → LilyPond':<44}{base_seconds:>9.3f}"
          f"{f'{base_power}/{base_names}':>14}")
    print(f"ratio (baseline / ours): {base_seconds / ours_pdf:.2f}x faster")
    print()
    print(f"{'WAV engine':<34}{'seconds':>10}")
    print(f"{'fluidsynth + FluidR3_GM':<34}" + (f"{fluid:>10.3f}" if fluid else "  not installed (make system-deps)"))
    print(f"{'built-in numpy synth':<34}{builtin:>10.3f}")


if __name__ == "__main__":
    main()
