"""Key, tempo, chords and melody for a drafted song, on top of ``songwriter.harmony``.

Key and tempo come from the mood (mode, tempo range) and the genre (tonics its instruments like,
tempo range), chosen by seed so a draft is reproducible. Chords and melody are fitted one section
at a time, so a section is finished — words, chords and tune — before the next one starts.
"""

from __future__ import annotations

import random

from songwriter.errors import BadInput
from songwriter.song import Line, Section, Song
from songwriter.songdraft import forms
from songwriter.songdraft.forms import Genre, Mood


def choose_tempo(mood: Mood, genre: Genre, seed: int = 0) -> int:
    """A tempo inside both the mood's and the genre's range, or between them when they don't
    overlap; even numbers, as a metronome shows them."""
    lo, hi = max(mood.tempo[0], genre.tempo[0]), min(mood.tempo[1], genre.tempo[1])
    if lo > hi:  # e.g. a calm punk song: meet in the middle
        lo = hi = (lo + hi) // 2
    return int(round(random.Random(seed).randint(lo, hi) / 2) * 2)


def choose_key(mood: Mood, genre: Genre, seed: int = 0) -> str:
    """A tonic the genre favours (one of its first three), in the mood's mode: "G major"."""
    tonics = genre.keys[:3] or ["C"]
    return f"{random.Random(seed + 1).choice(tonics)} {mood.mode}"


def parse_key(text: str) -> str:
    """A key as the song model writes it ("A minor"), or BadInput for a key that does not exist.
    Defers to harmony's parser, which knows every spelling."""
    from songwriter import harmony

    if not text or len(text) > 40:
        raise BadInput("the key must be like 'G major', 'A minor' or 'Eb'")
    parsed = harmony.parse_key(text)
    return _key_text(parsed)


def _key_text(parsed) -> str:
    """harmony.parse_key may return a string or an object; the song model wants "Eb major"."""
    if isinstance(parsed, str):
        return parsed
    for attr in ("name", "text"):
        value = getattr(parsed, attr, None)
        if isinstance(value, str) and " " in value:
            return value
    tonic = getattr(parsed, "tonic", None)
    mode = getattr(parsed, "mode", "major")
    name = getattr(tonic, "name", tonic)
    return f"{str(name).replace('-', 'b')} {mode}"


def fit_section(section: Section, key: str, mood: str | None, genre: str | None,
                time_signature: str = "4/4", tempo: int = 96, seed: int = 0) -> Section:
    """``section`` with chords, syllables and a melody, from harmony.fit_lyric on that section
    alone. Lines keep their text and provenance; harmony fills in syllables and notes."""
    from songwriter import harmony

    if mood in forms.mood_names():
        mood = forms.mood(mood).harmony
    sketch = Song(title="section", key=key, tempo=tempo, time_signature=time_signature,
                  sections=[Section(kind=section.kind, label=section.label,
                                    lines=[Line(text=line.text, provenance=line.provenance)
                                           for line in section.lines])])
    fitted = None
    # harmony knows its own moods and genres; an unknown one is not worth failing a whole draft.
    for m, g in ((mood, genre), (mood, None), (None, None)):
        try:
            fitted = harmony.fit_lyric(sketch, key, mood=m, genre=g, time_signature=time_signature,
                                       seed=seed)
            break
        except BadInput:
            if m is None and g is None:
                raise
    out = fitted.sections[0]
    out.kind, out.label = section.kind, section.label
    for new, old in zip(out.lines, section.lines):
        new.text, new.provenance = old.text, old.provenance
    return out


def transpose(song: Song, key: str) -> Song:
    """``song`` in ``key`` (chords and melody moved by harmony.transpose)."""
    from songwriter import harmony

    return harmony.transpose(song, key)
