"""One plain data model of a song, shared by harmony, melody, drafts, lead sheets and the web app.

A song has sections; a section has lines and a chord track; a line has syllables; a syllable has the
notes it is sung on (one note, or several for a melisma). Times are in quarter notes from the start of
the section, so a section can be moved, repeated or exported without rewriting its contents.

Everything here is plain data (dataclasses of str/int/float/list/dict) and round-trips through
``to_dict``/``from_dict`` exactly, so JSON export, the database and the browser all see the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Note:
    """A sung note. ``pitch`` is a scientific pitch name with sharps as '#' and flats as '-' in
    music21's spelling ("C#4", "B-3"); ``offset`` and ``duration`` are in quarter notes."""

    pitch: str
    offset: float
    duration: float


@dataclass
class Syllable:
    """One sung syllable: its orthographic text ("walk", "ing"), its place in the word
    (``syllabic``: single/begin/middle/end, as MusicXML names them), its stress (0, 1, 2) and the
    notes it is sung on (empty until a melody is sketched)."""

    text: str
    syllabic: str = "single"
    stress: int = 0
    notes: list[Note] = field(default_factory=list)


@dataclass
class Line:
    """A lyric line. ``provenance`` records who wrote it: {"source": "user"} or
    {"source": "generated", "backend", "model", "settings", "seed", "prompt"} or
    {"source": "suggestion", "edited": bool, ...}."""

    text: str
    syllables: list[Syllable] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=lambda: {"source": "user"})


@dataclass
class ChordEvent:
    """A chord symbol above the melody: ``symbol`` as a lead sheet prints it ("F#m7", "Bb"),
    ``roman`` its function in the song's key ("vi7", "bVII"), ``offset``/``duration`` in quarter
    notes from the start of the section."""

    symbol: str
    roman: str
    offset: float
    duration: float


@dataclass
class Section:
    """``kind`` is verse/pre-chorus/chorus/bridge/hook/intro/outro; ``label`` is what a lead sheet
    prints ("Verse 1"). ``length`` is the section's length in quarter notes (0 when not set)."""

    kind: str
    label: str = ""
    lines: list[Line] = field(default_factory=list)
    chords: list[ChordEvent] = field(default_factory=list)
    length: float = 0.0

    def __post_init__(self):
        if not self.label:
            self.label = self.kind.replace("-", " ").title()


@dataclass
class Song:
    """``key`` is written like "A minor", "C major", "D dorian"; ``time_signature`` like "4/4".
    ``provenance`` is {} for a song typed by hand."""

    title: str
    key: str = "C major"
    tempo: int = 96
    time_signature: str = "4/4"
    sections: list[Section] = field(default_factory=list)
    composer: str = ""
    lyricist: str = ""
    tags: list[str] = field(default_factory=list)
    # How the song came to be when a tool wrote it (song draft: request, plan, form, model, seed).
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SCHEMA_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Song":
        data = dict(data)
        schema = data.pop("schema", SCHEMA_VERSION)
        if schema > SCHEMA_VERSION:
            from songwriter.errors import BadInput

            raise BadInput(f"this song was saved by a newer songwriter (schema {schema}); "
                           f"this one reads schema {SCHEMA_VERSION} and older")
        sections = [section_from_dict(s) for s in data.pop("sections", [])]
        return cls(sections=sections, **data)

    def lyric_text(self) -> str:
        """The lyric with section tags, as generative music tools expect ("[Verse 1]\\n...")."""
        blocks = []
        for section in self.sections:
            lines = "\n".join(line.text for line in section.lines)
            blocks.append(f"[{section.label}]\n{lines}".rstrip())
        return "\n\n".join(blocks)


def section_from_dict(data: dict[str, Any]) -> Section:
    data = dict(data)
    lines = [line_from_dict(line) for line in data.pop("lines", [])]
    chords = [ChordEvent(**c) for c in data.pop("chords", [])]
    return Section(lines=lines, chords=chords, **data)


def line_from_dict(data: dict[str, Any]) -> Line:
    data = dict(data)
    syllables = []
    for s in data.pop("syllables", []):
        s = dict(s)
        notes = [Note(**n) for n in s.pop("notes", [])]
        syllables.append(Syllable(notes=notes, **s))
    return Line(syllables=syllables, **data)
