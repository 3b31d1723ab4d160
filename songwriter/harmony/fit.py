"""Fitting chords and a melody to a lyric.

1. The lyric is split into sections ("[Chorus]" tags, or stanzas; a stanza that repeats is a chorus).
2. Each line's syllables are laid on a metrical grid (``melody.place_line``): stresses on strong beats.
3. The harmonic rhythm is chosen from the lines: a chord per line, per half line, per bar or per
   half bar — changes only where a stressed syllable begins or on a
   downbeat, so chords move with the words.
4. Progressions are chosen per section so sections relate: the chorus lifts (starts on I or IV, or
   III/VI in minor, where the verse starts elsewhere), the bridge departs, each section ends on a
   cadence (half cadence on V mid-song, V–I at the end of the song).
5. ``melody.choose_pitches`` sings it.
"""

from __future__ import annotations

import copy
import re

from songwriter.errors import BadInput
from songwriter.harmony.chords import make_chord, normalize_figure
from songwriter.harmony.keys import parse_key
from songwriter.harmony.melody import SLOT, choose_pitches, place_line
from songwriter.harmony.moods import detect_mood, resolve_genre, resolve_mood
from songwriter.harmony.progressions import (_base, beats_per_bar, cadence_figures, candidate_patterns,
                                             check_time_signature, colour, resolve_section)
from songwriter.harmony.syllables import line_syllables
from songwriter.song import ChordEvent, Line, Note, Section, Song, Syllable

MAX_CHARS = 20000
MAX_LINES = 300
MAX_LINE_SYLLABLES = 64  # a sung line longer than this is a paragraph, and the rhythm search grows fast
TAG = re.compile(r"^\s*[\[(]\s*([A-Za-z][A-Za-z \-]*?)\s*\d*\s*[\])]\s*:?\s*$|^\s*([A-Za-z][A-Za-z \-]*?)\s*\d*\s*:\s*$")
SLOW_MOODS = {"sad", "calm", "dreamy", "lonely", "nostalgic"}
FAST_GENRES = {"jazz", "gospel", "r&b", "soul"}


def parse_lyric(text: str) -> list[Section]:
    """Sections of a pasted lyric: tags like "[Chorus]" or "Verse 2:" start sections; without tags,
    blank-line stanzas become verses and a stanza that comes back word for word is the chorus."""
    if not isinstance(text, str):
        raise BadInput("the lyric must be text")
    if "\x00" in text:
        raise BadInput("the lyric looks like a binary file, not text")
    if len(text) > MAX_CHARS:
        raise BadInput(f"the lyric is too long ({len(text)} characters; at most {MAX_CHARS})")
    sections: list[Section] = []
    tagged = False
    current: Section | None = None
    stanzas: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").split("\n"):
        m = TAG.match(raw)
        if m:
            word = (m.group(1) or m.group(2)).strip()
            try:
                kind = resolve_section(word)
            except BadInput:
                # "[Solo]", "[Interlude]": a bracketed tag is still a section, sung like a verse
                kind = "verse" if m.group(1) else None
            if kind:
                tagged = True
                current = Section(kind=kind, label=re.sub(r"[\[\]():]", "", raw).strip().title())
                sections.append(current)
                continue
        line = raw.strip()
        if not line:
            if stanzas[-1]:
                stanzas.append([])
            continue
        if tagged:
            if current is None:
                current = Section(kind="verse")
                sections.append(current)
            current.lines.append(Line(text=line))
        stanzas[-1].append(line)
    if not tagged:
        stanzas = [s for s in stanzas if s]
        keyed = [tuple(x.lower() for x in s) for s in stanzas]
        verse_no = 0
        for s, k in zip(stanzas, keyed):
            if keyed.count(k) > 1:
                sections.append(Section(kind="chorus", lines=[Line(text=x) for x in s]))
            else:
                verse_no += 1
                sections.append(Section(kind="verse", label=f"Verse {verse_no}",
                                        lines=[Line(text=x) for x in s]))
    return sections


def _check_song(song: Song) -> None:
    lines = [line for sec in song.sections for line in sec.lines]
    if len(lines) > MAX_LINES:
        raise BadInput(f"the lyric has {len(lines)} lines; at most {MAX_LINES}")
    counts = [len(line_syllables(line.text)) for line in lines]
    if not any(counts):
        raise BadInput("the lyric is empty: paste some lines of words (tags like [Chorus] are optional)")
    for number, (line, n) in enumerate(zip(lines, counts), 1):
        if n > MAX_LINE_SYLLABLES:
            raise BadInput(f"line {number} has {n} syllables, too many to sing as one line (at most "
                           f"{MAX_LINE_SYLLABLES}); break it into shorter lines")


def lay_out_rhythm(song: Song) -> None:
    """Syllables and note rhythm for every line (pitches left as the tonic placeholder); sets each
    section's length. In place."""
    ts = check_time_signature(song.time_signature)
    per_bar = beats_per_bar(ts)
    placeholder = parse_key(song.key).m21_tonic + "4"
    for section in song.sections:
        offset = 0.0
        for line in section.lines:
            sung = line_syllables(line.text)
            if not sung:
                line.syllables = []  # a line of emoji or punctuation has nothing to sing
                continue
            stresses = [s.stress for s in sung]
            starts = [s.syllabic in ("single", "begin") for s in sung]
            slots, bars = place_line(stresses, starts, ts)
            end = offset + bars * per_bar
            line.syllables = []
            for i, (s, slot) in enumerate(zip(sung, slots)):
                on = offset + slot * SLOT
                nxt = offset + slots[i + 1] * SLOT if i + 1 < len(slots) else None
                dur = (nxt - on) if nxt is not None else max(SLOT, min(end - on - 1.0, 2 * per_bar)
                                                             if end - on > 1.5 else end - on)
                line.syllables.append(Syllable(text=s.text, syllabic=s.syllabic,
                                               stress=max(0, s.stress),
                                               notes=[Note(placeholder, on, dur)]))
            offset = end
        section.length = offset


def line_spans(section: Section, per_bar: float) -> list[tuple[float, float]]:
    """(start, end) of each sung line: lines start on the bar their first note falls in and last
    until the next line starts (the section's end for the last)."""
    starts = [float(int(line.syllables[0].notes[0].offset // per_bar) * per_bar)
              for line in section.lines if line.syllables and line.syllables[0].notes]
    return list(zip(starts, starts[1:] + [section.length]))


def harmonic_rhythm(section: Section, ts: str, mood: str | None, genre: str | None) -> tuple[str, list[float]]:
    """(name, change offsets): "line", "half line", "bar" or "half bar", and where chords change.
    Slow moods change per line (per half line when lines are long); jazz, gospel, R&B and soul
    also change on a stressed syllable at the half bar; everything else per bar."""
    per_bar = beats_per_bar(ts)
    spans = line_spans(section, per_bar)
    if not spans:
        return "bar", [0.0]
    bars = [round((e - s) / per_bar) for s, e in spans]
    avg = sum(bars) / len(bars)
    if mood in SLOW_MOODS and genre not in FAST_GENRES:
        name = "line" if avg <= 2 else "half line"
    elif avg <= 2 and genre in FAST_GENRES and ts == "4/4":
        name = "half bar"
    else:
        name = "bar"
    points = []
    stressed_onsets = {round(n.offset, 3) for line in section.lines for syl in line.syllables
                       if syl.stress == 1 for n in syl.notes[:1]}
    half = 2.0 if ts == "4/4" else 1.5 if ts == "6/8" else None
    for (start, end), nb in zip(spans, bars):
        if name == "line" or (name == "half line" and nb < 2):
            points.append(start)
            continue
        if name == "half line":
            points += [start, start + (nb // 2) * per_bar]
            continue
        for b in range(nb):
            points.append(start + b * per_bar)
            if name == "half bar" and half and round(start + b * per_bar + half, 3) in stressed_onsets:
                points.append(start + b * per_bar + half)
    return name, sorted(set(points))


LIFT_MAJOR, LIFT_MINOR = {"I", "IV"}, {"III", "VI", "bIII", "bVI", "i"}


def choose_patterns(kinds: list[str], spec, mood, genre, seed) -> dict[str, object]:
    """A pattern per section kind, related: chorus lifts from the verse, bridge departs."""
    chosen: dict[str, object] = {}
    order = ["verse", "chorus", "pre-chorus", "bridge", "intro", "outro", "hook"]
    for kind in sorted(set(kinds), key=order.index):
        role = {"hook": "chorus", "intro": "verse"}.get(kind, kind)
        scored = candidate_patterns(spec, mood, genre, role, seed)
        used = {id(p) for p in chosen.values()}
        firsts = {_base(normalize_figure(p.chords[0], spec))[0] for p in chosen.values()}
        verse_first = (_base(normalize_figure(chosen["verse"].chords[0], spec))[0]
                       if "verse" in chosen else None)

        def bonus(p):
            first = _base(normalize_figure(p.chords[0], spec))[0]
            b = -3.0 if id(p) in used else 0.0
            b -= 0.0 if role in p.sections else 2.0
            if role == "chorus":
                lift = LIFT_MAJOR if spec.family == "major" else LIFT_MINOR
                b += 2.0 if first in lift and first != verse_first else 0.0
            if role == "bridge":
                b += 2.0 if first not in firsts else 0.0
            return b
        if kind == "outro" and "chorus" in chosen:
            chosen[kind] = chosen["chorus"]
            continue
        chosen[kind] = max(scored, key=lambda sp: sp[0] + bonus(sp[1]))[1]
    return chosen


def place_chords(section: Section, pattern, spec, mood, genre, ts, final: bool, variant: int) -> dict:
    """Chord events for a section from its pattern and harmonic rhythm, ending on a cadence."""
    name, points = harmonic_rhythm(section, ts, mood, genre)
    figures = [pattern.chords[i % len(pattern.chords)] for i in range(len(points))]
    kind = "authentic" if final or section.kind in ("chorus", "outro", "hook") else "half"
    cad = cadence_figures(spec, genre, kind)
    if len(figures) >= len(cad):
        figures[len(figures) - len(cad):] = cad
    else:
        figures = cad[-len(figures):]
    if kind == "half" and len(figures) >= 2 and _base(figures[-2])[0] == _base(figures[-1])[0]:
        # V–V is no half cadence: approach it from the predominant.
        figures[-2] = "IV" if spec.family == "major" else "iv"
    figures, notes = colour(figures, spec, mood, genre, variant)
    ends = points[1:] + [section.length]
    events = []
    for f, on, off in zip(figures, points, ends):
        if f.endswith("sus4") and off - on >= 2:
            mid = on + (off - on) / 2
            events.append(ChordEvent(make_chord(f, spec).symbol, f, on, mid - on))
            f, on = f[:-4], mid
        c = make_chord(f, spec)
        events.append(ChordEvent(c.symbol, c.roman, on, off - on))
    section.chords = _merge_repeats(events)
    return {"pattern": pattern.name, "harmonic_rhythm": name, "cadence": kind,
            "explanation": pattern.explanation + ("; " + "; ".join(dict.fromkeys(notes)) if notes else "")}


def _merge_repeats(events: list[ChordEvent]) -> list[ChordEvent]:
    """One event for a chord that simply continues into the next bar."""
    out: list[ChordEvent] = []
    for e in events:
        if out and out[-1].roman == e.roman:
            out[-1].duration += e.duration
        else:
            out.append(e)
    return out


def fit_lyric(text_or_song, key, mood=None, genre=None, time_signature="4/4", seed=0) -> Song:
    """A Song with sections, syllables, chords and a melody sketch for a lyric (text or Song).

    The mood is detected from the words by meaning when not given. Records what was chosen and
    why in ``song.provenance["harmony"]``.
    """
    spec = parse_key(key)
    ts = check_time_signature(time_signature)
    genre = resolve_genre(genre)
    mood_note = ""
    if isinstance(text_or_song, Song):
        song = copy.deepcopy(text_or_song)
        for section in song.sections:
            try:
                section.kind = resolve_section(section.kind) or "verse"
            except BadInput:
                section.kind = "verse"  # a "solo" or "interlude" is harmonised like a verse
    else:
        song = Song(title="Untitled", sections=parse_lyric(text_or_song))
    song.key, song.time_signature = spec.name, ts
    _check_song(song)
    if mood is None:
        mood = detect_mood(song.lyric_text())
        mood_note = f"mood detected from the words: {mood}"
    else:
        mood, mood_note = resolve_mood(mood)
    lay_out_rhythm(song)
    patterns = choose_patterns([s.kind for s in song.sections], spec, mood, genre, seed)
    report = []
    sung = [i for i, s in enumerate(song.sections) if s.length > 0]
    for i, section in enumerate(song.sections):
        if section.length == 0:
            section.chords = []
            continue
        info = place_chords(section, patterns[section.kind], spec, mood, genre, ts,
                            final=i == sung[-1], variant=seed)
        report.append({"section": section.label, **info})
    choose_pitches(song, seed)
    song.provenance = dict(song.provenance)
    song.provenance["harmony"] = {"mood": mood, "mood_note": mood_note, "genre": genre,
                                  "seed": seed, "sections": report}
    return song
