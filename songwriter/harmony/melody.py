"""Melody sketch: a rhythm that puts stressed syllables on strong beats, then pitches from the chord
tones (and stepwise passing tones) inside about a tenth above the tonic.

Rhythm is a small dynamic program per line over an eighth-note grid: every syllable gets one onset,
scored by how its stress suits the metrical weight of the slot. Pitches are chosen left to right:
mostly steps, chord tones on strong beats, stable tones (root, third, fifth) at phrase ends, the
tonic at the very end. A seeded random jitter breaks ties, so a seed always gives the same tune.
"""

from __future__ import annotations

import copy
import math
import random

from songwriter.harmony.chords import chord_pitches, lead_name
from songwriter.harmony.keys import MODES, NATURAL_PC, parse_key, pitch_class
from songwriter.song import Song

SLOT = 0.5  # an eighth note, in quarter notes
# Metrical weight of each eighth-note slot in a bar: 3 downbeat, 2 secondary strong beat, 1 beat.
WEIGHTS = {"4/4": [3, 0, 1, 0, 2, 0, 1, 0], "3/4": [3, 0, 1, 0, 1, 0], "6/8": [3, 0, 0, 2, 0, 0]}
STRONG = 2  # weight from which a slot counts as a strong beat
MAX_GAP = 8  # slots between two syllables of a line at most (a whole 4/4 bar)
RANGE = 16  # semitones above the low tonic: a major tenth (C4–E5 in C)


# --- rhythm -----------------------------------------------------------------------------------------
def _fit_score(stress: int, weight: int) -> float:
    if stress == 1:
        return {3: 4.0, 2: 3.0, 1: 0.5}.get(weight, -4.0)
    if stress == 2:
        return 1.5 if weight >= 2 else 0.5 if weight == 1 else -1.0
    if stress == 0:
        return {3: -2.5, 2: -1.5, 1: 0.0}.get(weight, 0.3)
    return 0.3 if weight >= 2 else 0.0  # "either": a function word


def line_bars(stresses: list[int], time_signature: str) -> int:
    """Bars a line needs: room for every syllable and a strong beat for every stress."""
    weights = WEIGHTS[time_signature]
    strong_per_bar = sum(1 for w in weights if w >= STRONG)
    n, stressed = len(stresses), sum(1 for s in stresses if s == 1)
    bars = max(1, math.ceil(stressed / strong_per_bar), math.ceil((n + 1) / len(weights)))
    if n > 3:
        bars = max(bars, 2)
    if bars == 3 and time_signature != "3/4":
        bars = 4  # phrases come in twos and fours
    return bars


def place_line(stresses: list[int], word_starts: list[bool], time_signature: str) -> tuple[list[int], int]:
    """Slots (eighth notes from the line start) for each syllable, and the line's length in bars.

    Maximises the fit of stresses to metrical weights; gaps inside a word and long gaps cost a
    little, and the last syllable keeps at least a beat before the line ends.
    """
    weights = WEIGHTS[time_signature]
    bars = line_bars(stresses, time_signature)
    n = len(stresses)
    while True:
        total = bars * len(weights)
        if n <= total - 1:
            break
        bars += 1
    last_ok = total - 2  # the final syllable gets at least a beat
    neg = -1e9
    score = [[neg] * total for _ in range(n)]
    back = [[-1] * total for _ in range(n)]
    for s in range(min(total, 6)):
        score[0][s] = _fit_score(stresses[0], weights[s % len(weights)]) - 0.4 * s
    for i in range(1, n):
        inside_word = not word_starts[i]
        for s in range(i, total):
            w = _fit_score(stresses[i], weights[s % len(weights)])
            best, arg = neg, -1
            for g in range(1, min(MAX_GAP, s) + 1):
                prev = score[i - 1][s - g]
                if prev == neg:
                    continue
                cost = 0.0 if g <= 2 else 0.2 * (g - 2)
                if inside_word and g > 2:
                    cost += 0.4
                if prev - cost > best:
                    best, arg = prev - cost, s - g
            if arg >= 0:
                score[i][s] = best + w
                back[i][s] = arg
    ends = [(score[n - 1][s] - (0.6 * (s - last_ok) if s > last_ok else 0), s) for s in range(total)
            if score[n - 1][s] > neg]
    _, s = max(ends)
    slots = [s]
    for i in range(n - 1, 0, -1):
        s = back[i][s]
        slots.append(s)
    return slots[::-1], bars


# --- pitches ----------------------------------------------------------------------------------------
def _midi(name: str) -> int:
    from music21 import pitch

    return int(pitch.Pitch(name).ps)


def scale_names(key) -> list[str]:
    """The seven scale tones spelled for the key ("F#", "G#", "A", ...)."""
    spec = parse_key(key)
    letters = "CDEFGAB"
    start = letters.index(spec.tonic[0])
    out = []
    for d, semis in enumerate(MODES[spec.mode]):
        letter = letters[(start + d) % 7]
        target = (spec.tonic_pc + semis) % 12
        diff = (target - NATURAL_PC[letter] + 6) % 12 - 6
        out.append(letter + ("#" * diff if diff > 0 else "b" * -diff))
    return out


def singing_range(key) -> tuple[int, int]:
    """(low, high) MIDI numbers: the tonic from G3 to F#4 up a major tenth."""
    pc = parse_key(key).tonic_pc
    low = 60 + pc if pc <= 6 else 48 + pc
    return low, low + RANGE


def _named(name: str, midi: int) -> str:
    """music21 name with octave for a spelled pitch class at a MIDI number ("Bb", 70) → "B-4"."""
    base = NATURAL_PC[name[0]] + sum(1 if c == "#" else -1 for c in name[1:])
    octave = (midi - base) // 12 - 1
    return name[0] + name[1:].replace("b", "-") + str(octave)


def candidates(key, low: int, high: int, extra_names=()) -> list[tuple[int, str]]:
    """(midi, spelled name) of scale tones and extra (chord) tones inside the range."""
    names = list(dict.fromkeys(list(scale_names(key)) + list(extra_names)))
    out = {}
    for name in names:
        pc = pitch_class(name)
        for midi in range(low, high + 1):
            if midi % 12 == pc and midi not in out:
                out[midi] = _named(name, midi)
    return sorted(out.items())


def chord_at(section, offset: float):
    """The ChordEvent sounding at ``offset`` in a section (or None)."""
    current = None
    for c in section.chords:
        if c.offset <= offset + 1e-9:
            current = c
    return current


def sketch_melody(song: Song, seed: int = 0) -> Song:
    """A copy of ``song`` with one note per syllable: keeps existing rhythm (note offsets) when
    present, else lays out the rhythm; pitches from the chords in the song's key."""
    from songwriter.harmony.fit import lay_out_rhythm

    song = copy.deepcopy(song)
    if any(not syl.notes for sec in song.sections for line in sec.lines for syl in line.syllables) or \
            any(not line.syllables for sec in song.sections for line in sec.lines):
        lay_out_rhythm(song)
    choose_pitches(song, seed)
    return song


def choose_pitches(song: Song, seed: int = 0) -> None:
    """Fill in the pitch of every note (in place), following the chords of each section."""
    rng = random.Random(seed)
    key = parse_key(song.key)
    low, high = singing_range(key)
    tonic_pc = key.tonic_pc
    center = low + 7
    scale_pcs = {pitch_class(n) for n in scale_names(key)}
    prev, prev2 = None, None
    all_lines = [(si, li) for si, sec in enumerate(song.sections) for li, line in enumerate(sec.lines)
                 if line.syllables]
    last_line = all_lines[-1] if all_lines else None
    sung: dict[tuple, list[str]] = {}
    for si, section in enumerate(song.sections):
        # A chorus that comes back with the same words and chords is sung to the same tune.
        signature = (section.kind, tuple(line.text for line in section.lines),
                     tuple((c.roman, c.offset) for c in section.chords))
        if signature in sung and section.kind in ("chorus", "hook", "pre-chorus"):
            notes = [n for line in section.lines for syl in line.syllables for n in syl.notes]
            for n, pitch in zip(notes, sung[signature]):
                n.pitch = pitch
            if notes and any(last_line == (si, li) for li in range(len(section.lines))):
                _end_on_tonic(notes[-1], notes[-2] if len(notes) > 1 else None, key, low, high)
            if notes:
                prev2, prev = (_midi(notes[-2].pitch) if len(notes) > 1 else None), _midi(notes[-1].pitch)
            continue
        for li, line in enumerate(section.lines):
            notes = [(syl, note) for syl in line.syllables for note in syl.notes]
            for ni, (syl, note) in enumerate(notes):
                chord = chord_at(section, note.offset)
                chord_names = [lead_name(p) for p in chord_pitches(chord.roman, key)] if chord else []
                chord_pcs = {pitch_class(n) for n in chord_names}
                stable = set()
                if chord_names:
                    stable = {pitch_class(n) for n in chord_names[:3]} - (
                        {pitch_class(chord_names[1])} if "sus" in chord.symbol else set())
                # A chord's altered tone (G# over E in A minor) rules out the plain letter (G).
                altered = {n[0]: pitch_class(n) for n in chord_names}
                cands = [(m, n) for m, n in candidates(key, low, high, chord_names)
                         if altered.get(n[0], m % 12) == m % 12]
                phrase_end = ni == len(notes) - 1
                song_end = phrase_end and (si, li) == last_line
                strong = _weight(song.time_signature, note.offset) >= STRONG or syl.stress == 1
                best, best_cost = None, math.inf
                for midi, name in cands:
                    pc = midi % 12
                    is_chord = pc in chord_pcs
                    if song_end and pc != tonic_pc:
                        continue
                    if phrase_end and not song_end and pc not in (stable or chord_pcs or scale_pcs):
                        continue
                    if not is_chord and pc not in scale_pcs:
                        continue
                    step = abs(midi - prev) if prev is not None else abs(midi - center)
                    if not is_chord and prev is not None and step > 2:
                        continue  # non-chord tones only as passing/neighbour steps
                    # Steps are the norm, repeats and leaps the exception.
                    cost = {0: 1.0, 1: 0.3, 2: 0.3, 3: 0.9, 4: 1.0}.get(step, step / 3.0 + 0.3)
                    if step > 5:
                        cost += 1.5
                    if step > 9:
                        cost += 5.0
                    if not is_chord:
                        cost += 3.0 if strong else 0.7
                    if prev is not None and midi == prev and midi == prev2:
                        cost += 0.8
                    if prev is not None and prev2 is not None and (midi - prev) * (prev - prev2) > 0:
                        cost -= 0.15  # a line that has started to move keeps its direction
                    # A gentle arch over the line: rise to the middle, come down at the end.
                    arch = center + 4 * math.sin(math.pi * ni / max(1, len(notes) - 1))
                    cost += 0.08 * abs(midi - arch)
                    if phrase_end and chord_names and pc == pitch_class(chord_names[0]):
                        cost -= 0.5
                    cost += rng.uniform(0, 0.9)
                    if cost < best_cost:
                        best, best_cost = (midi, name), cost
                if best is None:  # nothing fits the constraints: take the nearest chord tone
                    pool = [(m, n) for m, n in cands if m % 12 in (chord_pcs or scale_pcs)]
                    if song_end:
                        pool = [(m, n) for m, n in cands if m % 12 == tonic_pc] or pool
                    best = min(pool, key=lambda mn: abs(mn[0] - (prev or center)))
                note.pitch = best[1]
                prev2, prev = prev, best[0]
        sung[signature] = [n.pitch for line in section.lines for syl in line.syllables for n in syl.notes]


def _end_on_tonic(note, before, key, low: int, high: int) -> None:
    """Move a final note to the tonic nearest the note before it."""
    target = _midi(before.pitch) if before is not None else _midi(note.pitch)
    tonics = [(m, name) for m, name in candidates(key, low, high) if m % 12 == key.tonic_pc]
    m, name = min(tonics, key=lambda mn: abs(mn[0] - target))
    note.pitch = name


def _weight(time_signature: str, offset: float) -> int:
    weights = WEIGHTS.get(time_signature, WEIGHTS["4/4"])
    slot = round(offset / SLOT)
    if abs(slot * SLOT - offset) > 1e-6:
        return -1
    return weights[slot % len(weights)]


# --- measures ---------------------------------------------------------------------------------------
def strong_beat_share(song: Song) -> float:
    """Share of stressed syllables (stress 1) whose note starts on a strong beat."""
    hits = total = 0
    for section in song.sections:
        for line in section.lines:
            for syl in line.syllables:
                if syl.stress == 1 and syl.notes:
                    total += 1
                    hits += _weight(song.time_signature, syl.notes[0].offset) >= STRONG
    return hits / total if total else 1.0


def chord_tone_ratio(song: Song) -> float:
    """Share of melody notes (by count) whose pitch class is in the chord sounding with it."""
    key = parse_key(song.key)
    hits = total = 0
    for section in song.sections:
        for line in section.lines:
            for syl in line.syllables:
                for note in syl.notes:
                    chord = chord_at(section, note.offset)
                    if chord is None:
                        continue
                    pcs = {pitch_class(lead_name(p)) for p in chord_pitches(chord.roman, key)}
                    total += 1
                    hits += pitch_class(lead_name(note.pitch)) in pcs
    return hits / total if total else 0.0
