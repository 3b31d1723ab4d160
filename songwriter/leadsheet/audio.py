"""A WAV preview of the song (melody + chords), rendered offline from our MIDI.

First choice is FluidSynth with a General MIDI soundfont (Debian packages ``fluidsynth`` and
``fluid-soundfont-gm``; `make system-deps` installs them), which sounds like instruments. When either
is missing, a small additive synthesizer in numpy renders the same notes (soft sine-based voice for
the melody, a decaying electric-piano-like tone for the chords, short fades so nothing clicks).
``SONGWRITER_SYNTH=builtin`` forces the built-in one; ``SONGWRITER_SOUNDFONT`` points at another .sf2.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from songwriter.leadsheet.midi import chord_hits, to_midi
from songwriter.leadsheet.timeline import Timeline, build_timeline, tempo_of
from songwriter.song import Song

RATE = 22050  # a sketch preview: half the size of CD rate, still clear up to 11 kHz
TAIL = 1.5  # seconds of release after the last bar
SOUNDFONTS = ("/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/default-GM.sf2",
              "/usr/share/soundfonts/FluidR3_GM.sf2", "/usr/share/soundfonts/default.sf2",
              "/usr/share/sounds/sf2/TimGM6mb.sf2")


def find_soundfont() -> str | None:
    """A General MIDI soundfont on this machine, or None."""
    wanted = os.environ.get("SONGWRITER_SOUNDFONT")
    for path in ([wanted] if wanted else []) + list(SOUNDFONTS):
        if path and os.path.isfile(path):
            return path
    return None


def synth_engine() -> str:
    """Which synthesizer a preview will use: "fluidsynth" or "builtin"."""
    if os.environ.get("SONGWRITER_SYNTH", "").lower() == "builtin":
        return "builtin"
    if shutil.which("fluidsynth") and find_soundfont():
        return "fluidsynth"
    return "builtin"


def render_wav(song: Song, timeline: Timeline | None = None, engine: str | None = None) -> tuple[bytes, str]:
    """The preview as WAV bytes (44.1 kHz, 16-bit stereo) and a note of the engine used.

    The length is the song's length at its tempo plus a short release tail."""
    import numpy as np

    timeline = timeline or build_timeline(song)
    engine = engine or synth_engine()
    seconds = timeline.seconds + TAIL
    note = ""
    if engine == "fluidsynth":
        try:
            samples = _fluidsynth(to_midi(song, timeline))
            note = f"FluidSynth with {Path(find_soundfont() or '').name}"
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            samples = None
            note = f"built-in synthesizer (FluidSynth failed: {str(exc)[:120]})"
        if samples is None:
            engine = "builtin"
    if engine == "builtin":
        samples = _builtin(timeline)
        note = note or "built-in synthesizer (install fluidsynth + fluid-soundfont-gm for real instruments)"
    total = int(round(seconds * RATE))
    if samples.shape[0] < total:
        samples = np.concatenate([samples, np.zeros((total - samples.shape[0], 2), dtype=samples.dtype)])
    samples = samples[:total].astype(np.float64)
    fade = min(total, int(0.3 * RATE))  # end on silence, whatever the engine left ringing
    samples[total - fade:] *= np.linspace(1.0, 0.0, fade)[:, None]
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if peak > 0:
        samples *= 0.89 / peak  # -1 dBFS
    return _wav_bytes(samples), note


def _wav_bytes(samples) -> bytes:
    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def _fluidsynth(midi: bytes):
    """Render MIDI with the fluidsynth program; float samples shaped (n, 2)."""
    import numpy as np

    soundfont, program = find_soundfont(), shutil.which("fluidsynth")
    if not soundfont or not program:
        raise ValueError("fluidsynth or a General MIDI soundfont is not installed")
    with tempfile.TemporaryDirectory(prefix="songwriter-wav-") as tmp:
        mid, wav = Path(tmp) / "song.mid", Path(tmp) / "song.wav"
        mid.write_bytes(midi)
        done = subprocess.run(
            [program, "-ni", "-q", "-g", "0.5", "-r", str(RATE), "-O", "s16", "-T", "wav",
             "-F", str(wav), soundfont, str(mid)],
            capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or not wav.exists():
            raise ValueError(done.stderr.strip()[-200:] or f"exit code {done.returncode}")
        with wave.open(str(wav), "rb") as handle:
            channels, width = handle.getnchannels(), handle.getsampwidth()
            frames = handle.readframes(handle.getnframes())
    if width != 2:
        raise ValueError(f"unexpected sample width {width}")
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    data = data.reshape(-1, channels)
    return data if channels == 2 else np.repeat(data[:, :1], 2, axis=1)


def _builtin(timeline: Timeline):
    """Additive synthesis of the melody and the comping, straight from the time line."""
    import numpy as np

    per_quarter = 60.0 / tempo_of(timeline.song)
    total = int((timeline.seconds + TAIL) * RATE) + RATE
    left = np.zeros(total)
    right = np.zeros(total)

    def add(start_q: float, length_q: float, midi: int, gain: float, voice: str, pan: float):
        start = int(start_q * per_quarter * RATE)
        held = length_q * per_quarter
        release = 0.08 if voice == "melody" else 0.25
        count = int((held + release) * RATE)
        if count <= 0 or start >= total:
            return
        count = min(count, total - start)
        t = np.arange(count) / RATE
        freq = 440.0 * 2 ** ((midi - 69) / 12)
        if voice == "melody":
            vibrato = 1 + 0.004 * np.sin(2 * np.pi * 5.5 * t) * np.clip((t - 0.25) * 3, 0, 1)
            phase = 2 * np.pi * freq * np.cumsum(vibrato) / RATE
            wave_ = np.sin(phase) + 0.35 * np.sin(2 * phase) + 0.12 * np.sin(3 * phase)
            env = np.minimum(1.0, t / 0.03) * (0.85 + 0.15 * np.exp(-t * 4))
        else:
            phase = 2 * np.pi * freq * t
            wave_ = np.sin(phase) + 0.25 * np.sin(2 * phase) * np.exp(-t * 3) + 0.08 * np.sin(4 * phase) * np.exp(-t * 6)
            env = np.minimum(1.0, t / 0.005) * np.exp(-t * 1.6)
        # Release: a cosine fade after the note is let go, so no click at the end.
        off = int(held * RATE)
        if off < count:
            tail = count - off
            env[off:] *= 0.5 * (1 + np.cos(np.linspace(0, np.pi, tail)))
        signal = gain * env * wave_
        left[start:start + count] += signal * (1 - pan)
        right[start:start + count] += signal * pan

    for note in timeline.notes:
        add(note.start, note.duration, note.pitch.midi, 0.32, "melody", 0.55)
    for start, length, bass, bass_length, upper in chord_hits(timeline):
        for pitch in upper:
            add(start, length, pitch, 0.11, "chords", 0.4)
        if bass >= 0:
            add(start, bass_length, bass, 0.2, "chords", 0.5)
    return np.stack([left, right], axis=1)
