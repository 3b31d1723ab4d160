"""Standard MIDI file: a melody track and a comping track (close-voiced chords near middle C with the
root an octave or so below), tempo, time and key signature set. Written with mido; no music21."""

from __future__ import annotations

import io

from songwriter.leadsheet.chords import parse_chord, voicing
from songwriter.leadsheet.notation import parse_key, parse_time_signature
from songwriter.leadsheet.timeline import Timeline, build_timeline, tempo_of
from songwriter.song import Song

TICKS = 480  # per quarter note
MELODY_CHANNEL, CHORD_CHANNEL = 0, 1
MELODY_PROGRAM = 53  # General MIDI "Voice Oohs": a sung line
CHORD_PROGRAM = 0  # General MIDI "Acoustic Grand Piano"


def comp_step(timeline: Timeline) -> float:
    """How often the chord is struck: every half bar in 4/4 and 2/2, once a bar otherwise."""
    half = timeline.bar / 2
    return half if half >= timeline.beat and (half / timeline.beat).is_integer() and timeline.bar >= 4 else timeline.bar


def chord_hits(timeline: Timeline) -> list[tuple[float, float, int, float, list[int]]]:
    """(start, length, bass, bass length, upper voices) for each time a chord is struck, in quarter
    notes; bass is -1 on strokes where it keeps ringing.

    The chord is struck where it starts and on every comping step inside it; the bass only where
    the chord starts and on each downbeat, held until the next bass note."""
    hits = []
    step = comp_step(timeline)
    for span in timeline.chords:
        chord = span.chord
        if chord is None:
            try:
                chord = parse_chord(span.symbol.split("/")[0][:2].strip())
            except ValueError:
                continue
        bass, upper = voicing(chord)
        end = span.start + span.duration
        times = [span.start] + [t * step for t in range(int(span.start // step) + 1, int(end // step) + 1)
                                if span.start < t * step < end - 1e-9]
        bass_times = [t for i, t in enumerate(times)
                      if i == 0 or abs(t / timeline.bar - round(t / timeline.bar)) < 1e-9]
        for i, time in enumerate(times):
            stop = times[i + 1] if i + 1 < len(times) else end
            if time in bass_times:
                k = bass_times.index(time)
                bass_stop = bass_times[k + 1] if k + 1 < len(bass_times) else end
                hits.append((time, stop - time, bass, bass_stop - time, upper))
            else:
                hits.append((time, stop - time, -1, 0.0, upper))
    return hits


def to_midi(song: Song, timeline: Timeline | None = None) -> bytes:
    """The song as a type-1 MIDI file (bytes): conductor track, "Melody", "Chords"."""
    import mido

    timeline = timeline or build_timeline(song)
    beats, unit = parse_time_signature(song.time_signature)
    info = parse_key(song.key)
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS)

    conductor = [
        _at(mido.MetaMessage("track_name", name=(song.title or "Untitled")[:120]), 0),
        _at(mido.MetaMessage("time_signature", numerator=beats, denominator=unit), 0),
        _at(mido.MetaMessage("key_signature", key=info.midi_key), 0),
        _at(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo_of(song))), 0),
    ]
    for section in timeline.sections:
        conductor.append(_at(mido.MetaMessage("marker", text=section.label[:120]), section.start))
    midi.tracks.append(_sequence(conductor, timeline.length))

    melody = [_at(mido.MetaMessage("track_name", name="Melody"), 0),
              _at(mido.Message("program_change", channel=MELODY_CHANNEL, program=MELODY_PROGRAM), 0)]
    for note in timeline.notes:
        pitch = max(0, min(127, note.pitch.midi))
        melody.append(_at(mido.Message("note_on", channel=MELODY_CHANNEL, note=pitch, velocity=96), note.start))
        melody.append(_at(mido.Message("note_off", channel=MELODY_CHANNEL, note=pitch, velocity=0),
                          note.start + note.duration))
        if note.text:
            melody.append(_at(mido.MetaMessage("lyrics", text=note.text[:60]), note.start))
    midi.tracks.append(_sequence(melody, timeline.length))

    chords = [_at(mido.MetaMessage("track_name", name="Chords"), 0),
              _at(mido.Message("program_change", channel=CHORD_CHANNEL, program=CHORD_PROGRAM), 0)]
    for start, length, bass, bass_length, upper in chord_hits(timeline):
        # A breath before the next stroke so a repeated chord re-attacks.
        notes = [(p, 60, length) for p in upper] + ([(bass, 74, bass_length)] if bass >= 0 else [])
        for pitch, velocity, held in notes:
            held = max(0.125, held - 0.06)
            chords.append(_at(mido.Message("note_on", channel=CHORD_CHANNEL, note=pitch, velocity=velocity), start))
            chords.append(_at(mido.Message("note_off", channel=CHORD_CHANNEL, note=pitch, velocity=0),
                              start + held))
    midi.tracks.append(_sequence(chords, timeline.length))

    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def _at(message, quarters: float):
    """Tag a message with its absolute time in ticks (turned into deltas by _sequence)."""
    return (round(quarters * TICKS), message)


def _sequence(events, length: float):
    """A mido track from (absolute tick, message) pairs: note-offs before note-ons at the same tick,
    then end_of_track at the song's end."""
    import mido

    order = {"note_off": 0, "note_on": 2}
    items = sorted(events, key=lambda e: (e[0], order.get(e[1].type, 1)))
    track = mido.MidiTrack()
    now = 0
    for tick, message in items:
        track.append(message.copy(time=tick - now))
        now = tick
    end = max(now, round(length * TICKS))
    track.append(mido.MetaMessage("end_of_track", time=end - now))
    return track
