"""Harmony + melody for a whole song: time, and the harmonization metrics of the literature
(chord-tone ratio of the melody, chord histogram entropy, share of diatonic chords — as in Yeh et
al. 2021, "Automatic melody harmonization with triad chords"), against a naive baseline measured in
the same run: I–V–vi–IV every four bars everywhere, and a melody of random chord tones on the same
rhythm. Goal: a whole song in well under a second after imports.

    .venv/bin/python -m bench.harmony
"""

from __future__ import annotations

import copy
import math
import random
import statistics
import time
from collections import Counter

GOAL_SECONDS = 1.0
LYRIC = """[Verse 1]
I walked along the river when the summer light was gold
And every little promise was a story to be told
The letters in the attic and the photographs we kept
Remember every morning that we never really slept

[Chorus]
Hold on, hold on, the night is almost over
Hold on, hold on, we're older now and bolder
Sing it to the rafters, let the windows open wide
Everything we carried we can finally set aside

[Verse 2]
The station in the winter and the coffee on the train
You wrote your name in silver on the window in the rain
We never had a map but we could always find the sea
And every road I wandered led you back again to me

[Chorus]
Hold on, hold on, the night is almost over
Hold on, hold on, we're older now and bolder
Sing it to the rafters, let the windows open wide
Everything we carried we can finally set aside

[Bridge]
Maybe all the roads we wandered were a circle after all
Maybe every bridge we burned was just a lantern in the hall

[Chorus]
Hold on, hold on, the night is almost over
Hold on, hold on, we're older now and bolder
Sing it to the rafters, let the windows open wide
Everything we carried we can finally set aside
"""


def baseline(song, seed: int = 0):
    """Syllables on consecutive eighth notes from each line's first bar (no regard for stress);
    I–V–vi–IV one chord per bar everywhere (in a minor key the same loop rotated, i–VI–III–VII,
    so the baseline is not penalised for major chords); each note a random chord tone."""
    from songwriter.harmony import make_chord, parse_key
    from songwriter.harmony.chords import chord_pitches, lead_name
    from songwriter.harmony.keys import pitch_class
    from songwriter.harmony.melody import _named, chord_at, singing_range
    from songwriter.harmony.progressions import beats_per_bar
    from songwriter.song import ChordEvent

    rng = random.Random(seed)
    out = copy.deepcopy(song)
    per_bar = beats_per_bar(out.time_signature)
    low, high = singing_range(out.key)
    minor = parse_key(out.key).family == "minor"
    for section in out.sections:
        figures = ["i", "VI", "III", "VII"] if minor else ["I", "V", "vi", "IV"]
        for line in section.lines:
            notes = [n for y in line.syllables for n in y.notes]
            start = math.floor(notes[0].offset / per_bar) * per_bar
            for i, n in enumerate(notes):
                n.offset, n.duration = start + i * 0.5, 0.5
        n = int(round(section.length / per_bar))
        section.chords = []
        for b in range(n):
            c = make_chord(figures[b % 4], out.key)
            section.chords.append(ChordEvent(c.symbol, c.roman, b * per_bar, per_bar))
        for line in section.lines:
            for syl in line.syllables:
                for note in syl.notes:
                    chord = chord_at(section, note.offset)
                    names = [lead_name(p) for p in chord_pitches(chord.roman, out.key)]
                    choices = [(m, n) for n in names for m in range(low, high + 1)
                               if m % 12 == pitch_class(n)]
                    m, name = rng.choice(choices)
                    note.pitch = _named(name, m)
    return out


def metrics(song) -> dict:
    """The harmonization metrics of one song."""
    from songwriter.harmony.chords import is_diatonic
    from songwriter.harmony.keys import pitch_class
    from songwriter.harmony.chords import lead_name
    from songwriter.harmony.melody import (STRONG, _midi, _weight, chord_tone_ratio,
                                           strong_beat_share)

    chords = [c for s in song.sections for c in s.chords]
    counts = Counter(c.symbol for c in chords)
    total = sum(counts.values())
    entropy = -sum(v / total * math.log2(v / total) for v in counts.values())
    pitches = [_midi(y.notes[0].pitch) for s in song.sections for ln in s.lines for y in ln.syllables]
    steps = [abs(a - b) for a, b in zip(pitches, pitches[1:])]
    changes_on_stress = hits = 0
    for s in song.sections:
        onsets = {round(y.notes[0].offset, 3) for ln in s.lines for y in ln.syllables if y.stress == 1}
        for c in s.chords:
            changes_on_stress += 1
            hits += round(c.offset, 3) in onsets
    last = song.sections[-1].lines[-1].syllables[-1].notes[-1].pitch
    from songwriter.harmony import parse_key

    tonic = parse_key(song.key).tonic_pc
    cadenced = sum(1 for s in song.sections if s.chords[-1].roman.rstrip("7").replace("maj", "")
                   in ("I", "i", "V")) / len(song.sections)
    return {
        "chord-tone ratio (melody)": chord_tone_ratio(song),
        "chord histogram entropy (bits)": entropy,
        "distinct chords": float(len(counts)),
        "diatonic chord share": sum(is_diatonic(c.roman, song.key) for c in chords) / len(chords),
        "stressed syllables on strong beats": strong_beat_share(song),
        "chord changes on stressed syllables": hits / changes_on_stress,
        "stepwise motion (≤2 semitones)": sum(1 for x in steps if x <= 2) / len(steps),
        "leaps > 5th": sum(1 for x in steps if x > 7) / len(steps),
        "sections ending on I or V": cadenced,
        "last note on tonic": float(pitch_class(lead_name(last)) == tonic),
        "strong-beat notes on chord tones": _strong_chord_tones(song),
    }


def _strong_chord_tones(song) -> float:
    from songwriter.harmony.chords import chord_pitches, lead_name
    from songwriter.harmony.keys import pitch_class
    from songwriter.harmony.melody import STRONG, _weight, chord_at

    hits = total = 0
    for s in song.sections:
        for ln in s.lines:
            for y in ln.syllables:
                n = y.notes[0]
                if _weight(song.time_signature, n.offset) >= STRONG:
                    c = chord_at(s, n.offset)
                    pcs = {pitch_class(lead_name(p)) for p in chord_pitches(c.roman, song.key)}
                    total += 1
                    hits += pitch_class(lead_name(n.pitch)) in pcs
    return hits / total if total else 0.0


def main() -> None:
    t0 = time.perf_counter()
    import songwriter.harmony as harmony  # noqa: F401
    t_pkg = time.perf_counter() - t0
    t0 = time.perf_counter()
    import music21  # noqa: F401
    from music21 import roman  # noqa: F401
    t_m21 = time.perf_counter() - t0

    from songwriter.harmony import fit_lyric
    from songwriter.harmony.fit import lay_out_rhythm, parse_lyric
    from songwriter.song import Song

    t0 = time.perf_counter()
    fit_lyric(LYRIC, "C major", mood="nostalgic", genre="pop", seed=0)
    cold = time.perf_counter() - t0
    warm = []
    for seed in range(1, 6):
        t0 = time.perf_counter()
        fit_lyric(LYRIC, "D major", mood="hopeful", genre="folk", seed=seed)
        warm.append(time.perf_counter() - t0)
    n_syll = 0
    rows = []
    for key, mood, genre, ts in [("C major", "nostalgic", "pop", "4/4"), ("A minor", "sad", "rock", "4/4"),
                                 ("Bb major", "romantic", "jazz", "3/4")]:
        ours = fit_lyric(LYRIC, key, mood=mood, genre=genre, time_signature=ts, seed=0)
        t0 = time.perf_counter()
        plain = Song(title="b", key=key, time_signature=ts, sections=parse_lyric(LYRIC))
        lay_out_rhythm(plain)
        base = baseline(plain, seed=0)
        t_base = time.perf_counter() - t0
        n_syll = sum(len(ln.syllables) for s in ours.sections for ln in s.lines)
        rows.append((f"{key} {ts} {mood}/{genre}", metrics(ours), metrics(base), t_base))
    t0 = time.perf_counter()
    from songwriter.harmony import detect_mood

    mood = detect_mood(LYRIC)
    t_mood = time.perf_counter() - t0

    print(f"song: 6 sections, 22 lines, {n_syll} syllables")
    print(f"{'timing':44s} {'seconds':>9s}")
    print(f"{'import songwriter.harmony':44s} {t_pkg:9.3f}")
    print(f"{'import music21 (first harmony call pays it)':44s} {t_m21:9.3f}")
    print(f"{'whole song harmony+melody, first call':44s} {cold:9.3f}")
    print(f"{'whole song harmony+melody, warm (median of 5)':44s} {statistics.median(warm):9.3f}"
          f"   goal < {GOAL_SECONDS:.1f} s: {'met' if statistics.median(warm) < GOAL_SECONDS else 'MISSED'}")
    print(f"{'naive baseline, per song':44s} {statistics.median(r[3] for r in rows):9.3f}")
    print(f"{'detect_mood incl. embedding model load':44s} {t_mood:9.3f}   (detected: {mood})")
    for name, ours, base, _ in rows:
        print(f"\n{name}")
        print(f"{'metric':40s} {'ours':>8s} {'naive':>8s} {'ours/naive':>10s}")
        for metric in ours:
            a, b = ours[metric], base[metric]
            ratio = f"{a / b:10.2f}" if b else f"{'—':>10s}"
            print(f"{metric:40s} {a:8.2f} {b:8.2f} {ratio}")


if __name__ == "__main__":
    main()
