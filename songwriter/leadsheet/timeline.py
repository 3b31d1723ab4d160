"""The song laid out on one time line: sections end to end, each note tied to the syllable it carries.

Every exporter reads this instead of the nested model, so they all agree on where a section starts,
how long it is (whole bars), which note carries which syllable, and which chord sounds when. Times are
quarter notes from the start of the song, snapped to a 32nd-note grid so notation never meets a
duration it cannot write.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from songwriter.leadsheet.chords import ChordName, parse_chord
from songwriter.leadsheet.lyrics import display_texts
from songwriter.leadsheet.notation import Pitch, bar_length, parse_pitch, parse_time_signature
from songwriter.song import Song

GRID = 0.125  # a 32nd note
BARS_PER_LINE = 4  # lead sheets read in four-bar phrases: the engraving and the MusicXML break there


def snap(value: float) -> float:
    """Round a time to the grid."""
    return round(float(value) / GRID) * GRID


@dataclass
class NoteEvent:
    """One sung note. ``text`` (the syllable with the punctuation typed around it, "on,") is set on
    the first note of a syllable; later notes of the same syllable (a melisma) have ``text=None``."""

    start: float
    duration: float
    pitch: Pitch
    text: str | None
    syllabic: str
    section: int
    line: int


@dataclass
class ChordSpan:
    """A chord symbol from ``start`` for ``duration`` quarter notes. ``chord`` is None when the
    symbol could not be read at all (it is still printed as text where a format allows)."""

    start: float
    duration: float
    symbol: str
    chord: ChordName | None


@dataclass
class SectionSpan:
    """Where a section sits: its start and length in quarter notes (whole bars)."""

    index: int
    kind: str
    label: str
    start: float
    length: float


@dataclass
class Timeline:
    """The whole song flattened: sections, notes and chords in time order, plus what is missing."""

    song: Song
    bar: float
    beat: float
    sections: list[SectionSpan] = field(default_factory=list)
    notes: list[NoteEvent] = field(default_factory=list)
    chords: list[ChordSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def length(self) -> float:
        """Length of the song in quarter notes."""
        return self.sections[-1].start + self.sections[-1].length if self.sections else 0.0

    @property
    def seconds(self) -> float:
        """Length of the song in seconds at its tempo."""
        return self.length * 60.0 / tempo_of(self.song)


def tempo_of(song: Song) -> int:
    """The song's tempo, clamped to something playable (20..300 bpm)."""
    try:
        tempo = int(song.tempo)
    except (TypeError, ValueError):
        tempo = 96
    return max(20, min(300, tempo))


def build_timeline(song: Song) -> Timeline:
    """Lay the song out end to end; collect warnings for missing melody/chords and unread symbols."""
    bar = bar_length(song.time_signature)
    timeline = Timeline(song=song, bar=bar, beat=beat_length(song.time_signature))
    start = 0.0
    missing_melody, missing_chords, unread = [], [], []
    for index, section in enumerate(song.sections):
        notes = _section_notes(section, index, start)
        chords, bad = _section_chords(section, start)
        unread.extend(bad)
        ends = [n.start + n.duration - start for n in notes] + [c.start + c.duration - start for c in chords]
        content = max(ends, default=0.0)
        length = max(float(section.length or 0.0), content)
        if length <= 0:
            length = bar * max(1, len(section.lines))
        length = math.ceil(length / bar - 1e-9) * bar
        label = section.label or section.kind.title()
        timeline.sections.append(SectionSpan(index, section.kind, label, start, length))
        timeline.notes.extend(notes)
        timeline.chords.extend(chords)
        if section.lines and not notes:
            missing_melody.append(label)
        if not section.chords:
            missing_chords.append(label)
        start += length
    if not song.sections:
        timeline.warnings.append("the song has no sections: the export is empty apart from the title")
    if missing_melody:
        timeline.warnings.append("no melody in " + ", ".join(missing_melody)
                                 + ": the notation shows its chords over rests, its words as text below the music")
    if missing_chords:
        timeline.warnings.append("no chords in " + ", ".join(missing_chords))
    if unread:
        timeline.warnings.append("chord symbols not understood, shown as written and played as the "
                                 "plain triad: " + ", ".join(sorted(set(unread))))
    return timeline


def _section_notes(section, index: int, start: float) -> list[NoteEvent]:
    events: list[NoteEvent] = []
    for line_no, line in enumerate(section.lines):
        shown = display_texts(line)
        for syllable, text in zip(line.syllables, shown):
            for k, note in enumerate(sorted(syllable.notes, key=lambda n: n.offset)):
                duration = snap(note.duration)
                if duration <= 0:
                    continue
                events.append(NoteEvent(
                    start=start + snap(max(0.0, note.offset)), duration=duration,
                    pitch=parse_pitch(note.pitch),
                    text=(text if k == 0 else None), syllabic=syllable.syllabic or "single",
                    section=index, line=line_no))
    events.sort(key=lambda e: e.start)
    # A melody is one voice: a note that overlaps the next is cut short; a duplicate start is dropped.
    kept: list[NoteEvent] = []
    for event in events:
        if kept and event.start <= kept[-1].start:
            if event.text and not kept[-1].text:
                kept[-1] = event
            continue
        if kept and kept[-1].start + kept[-1].duration > event.start:
            kept[-1].duration = event.start - kept[-1].start
        kept.append(event)
    return kept


def _section_chords(section, start: float) -> tuple[list[ChordSpan], list[str]]:
    spans: list[ChordSpan] = []
    unread: list[str] = []
    for event in sorted(section.chords, key=lambda c: c.offset):
        duration = snap(event.duration)
        if duration <= 0 or not str(event.symbol).strip():
            continue
        try:
            chord = parse_chord(event.symbol)
            if not chord.known:
                unread.append(event.symbol)
        except ValueError:
            chord = None
            unread.append(event.symbol)
        spans.append(ChordSpan(start + snap(max(0.0, event.offset)), duration, str(event.symbol).strip(), chord))
    # One chord at a time: a later symbol at the same moment replaces the earlier one, and a chord
    # that runs into the next is cut where the next begins.
    kept: list[ChordSpan] = []
    for span in spans:
        if kept and span.start <= kept[-1].start + 1e-9:
            kept[-1] = span
            continue
        if kept and kept[-1].start + kept[-1].duration > span.start:
            kept[-1].duration = span.start - kept[-1].start
        kept.append(span)
    return kept, unread


# Note values notation can write as one symbol (quarter-note lengths): whole, dotted half, half, ...
WRITABLE = (4.0, 3.0, 2.0, 1.5, 1.0, 0.75, 0.5, 0.375, 0.25, 0.125)


def pieces(start: float, duration: float, bar: float, beat: float = 1.0) -> list[tuple[float, float]]:
    """Split a note or rest into (start, length) pieces that each fit in a bar and are one
    writable value (tied together when they are a note).

    Longest value first, with two reading rules: a value of a beat or more starts on a beat, and a
    piece that starts off the beat stops at the next beat (so 2.5 beats from "and of 1" is written
    eighth + half, not a dotted eighth and a chain of 32nds)."""
    out: list[tuple[float, float]] = []
    position, end = start, start + duration
    while end - position > 1e-9:
        bar_start = math.floor(position / bar + 1e-9) * bar
        in_bar = position - bar_start
        room = min(end, bar_start + bar) - position
        off_beat = (in_bar % beat) > 1e-9 and beat - (in_bar % beat) > 1e-9
        if off_beat:
            room = min(room, beat - in_bar % beat)
        value = GRID
        for candidate in WRITABLE:
            if candidate > room + 1e-9:
                continue
            plain = _undotted(candidate)
            # Values of a beat or more start on a beat; shorter ones on their own value (a dotted
            # one on half its plain value), but never on a finer grid than an eighth requires.
            grid = beat if candidate >= beat - 1e-9 else min(plain / 2 if plain != candidate else plain, 0.5)
            if (in_bar % grid) < 1e-9 or grid - (in_bar % grid) < 1e-9:
                value = candidate
                break
        out.append((position, value))
        position += value
    return out


def beat_length(time_signature: str) -> float:
    """The beat in quarter notes: 1.0 in x/4, a dotted quarter in compound x/8 (6/8, 9/8, 12/8)."""
    beats, unit = parse_time_signature(time_signature)
    if unit == 8 and beats % 3 == 0 and beats > 3:
        return 1.5
    return 4.0 / unit if unit >= 4 else 1.0


def _undotted(value: float) -> float:
    """The plain note value under a dotted one (3.0 -> 2.0), or the value itself."""
    for plain in (4.0, 2.0, 1.0, 0.5, 0.25, 0.125):
        if abs(value - plain * 1.5) < 1e-9:
            return plain
    return value


@dataclass
class Piece:
    """One written symbol of the melody staff: a note (``pitch`` set) or a rest, at most one bar
    long. ``tie`` is True when it is tied to the next piece; ``text``/``syllabic`` only on the piece
    that starts a syllable; ``slur`` is "start"/"stop" around a melisma."""

    start: float
    length: float
    pitch: Pitch | None = None
    tie: bool = False
    text: str | None = None
    syllabic: str = "single"
    slur: str | None = None


def melody_pieces(timeline: Timeline) -> list[Piece]:
    """The melody staff as written symbols: notes split at bar lines and tied, rests in the gaps."""
    out: list[Piece] = []
    bar, beat = timeline.bar, timeline.beat
    position = 0.0
    notes = timeline.notes
    in_melisma = False
    for i, note in enumerate(notes):
        if note.start > position + 1e-9:
            out.extend(Piece(s, d) for s, d in pieces(position, note.start - position, bar, beat))
        split = pieces(note.start, note.duration, bar, beat)
        for k, (s, d) in enumerate(split):
            out.append(Piece(s, d, note.pitch, tie=k < len(split) - 1,
                             text=note.text if k == 0 else None, syllabic=note.syllabic))
        # Slurs mark a melisma: from the syllable's first note to its last.
        next_note = notes[i + 1] if i + 1 < len(notes) else None
        continues = next_note is not None and next_note.text is None and next_note.section == note.section
        if continues and not in_melisma:
            out[-len(split)].slur = "start"
            in_melisma = True
        elif in_melisma and not continues:
            out[-1].slur = "stop"
            in_melisma = False
        position = note.start + note.duration
    if timeline.length > position + 1e-9:
        out.extend(Piece(s, d) for s, d in pieces(position, timeline.length - position, bar, beat))
    return out
