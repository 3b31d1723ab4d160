"""Lead sheets and other exports of a Song: MusicXML, PDF/PNG (LilyPond), SVG (verovio), MIDI,
ChordPro, plain text, JSON and a WAV preview.

    from songwriter.leadsheet import export
    export(song, "pdf", "harbor-lights.pdf")

Every format is written whole or not at all (temporary file + rename). Heavy libraries (music21,
verovio, numpy) load only when their format is asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from songwriter.errors import BadInput
from songwriter.leadsheet.files import FORMATS, check_target, format_for, write_atomic
from songwriter.song import Song

__all__ = ["FORMATS", "Export", "export", "export_many", "export_report", "format_for", "missing_parts",
           "render", "render_png", "to_chordpro", "to_text"]


@dataclass
class Export:
    """What an export wrote and what the person should know about it."""

    path: Path
    format: str
    bytes: int
    notes: list[str] = field(default_factory=list)


def missing_parts(song: Song) -> list[str]:
    """Warnings about what the song lacks (melody, chords, readable chord symbols)."""
    from songwriter.leadsheet.timeline import build_timeline

    return build_timeline(song).warnings


def _check_song(song) -> Song:
    if not isinstance(song, Song):
        raise BadInput("export needs a Song")
    return song


def render(song: Song, fmt: str, provenance: bool = False) -> tuple[bytes, list[str]]:
    """The bytes of one format and notes about them (missing parts, which synthesizer)."""
    song = _check_song(song)
    return render_many(song, (fmt,), provenance=provenance)[fmt]


def render_many(song: Song, formats, provenance: bool = False) -> dict[str, tuple[bytes, list[str]]]:
    """Several formats from one time line; PDF and PNG come from a single LilyPond run."""
    from songwriter.leadsheet.timeline import build_timeline

    song = _check_song(song)
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise BadInput(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    timeline = build_timeline(song)
    warnings = list(timeline.warnings)
    out: dict[str, tuple[bytes, list[str]]] = {}
    engraved = [f for f in ("pdf", "png") if f in formats]
    if engraved:
        from songwriter.leadsheet.engrave import engrave, to_lilypond

        from songwriter.leadsheet.engrave import missing_glyphs

        pages = engrave(to_lilypond(song, timeline), tuple(engraved))
        absent = missing_glyphs(song)
        engraved_notes = warnings + ([
            "the PDF/PNG fonts cannot show " + " ".join(absent[:12]) + (" …" if len(absent) > 12 else "")
            + "; MusicXML, SVG, ChordPro and text keep them"] if absent else [])
        for fmt in engraved:
            out[fmt] = (pages[fmt], engraved_notes)
    xml = None
    if "musicxml" in formats or "svg" in formats:
        from songwriter.leadsheet.musicxml import to_musicxml

        xml = to_musicxml(song, timeline)
        if "musicxml" in formats:
            out["musicxml"] = (xml, warnings)
    if "svg" in formats:
        from songwriter.leadsheet.svg import musicxml_to_svg

        out["svg"] = (musicxml_to_svg(xml).encode("utf-8"), warnings)
    if "midi" in formats:
        from songwriter.leadsheet.midi import to_midi

        out["midi"] = (to_midi(song, timeline), warnings)
    if "wav" in formats:
        from songwriter.leadsheet.audio import render_wav

        data, engine = render_wav(song, timeline)
        out["wav"] = (data, warnings + [f"audio: {engine}"])
    if "chordpro" in formats:
        from songwriter.leadsheet.chordpro import to_chordpro

        out["chordpro"] = (to_chordpro(song).encode("utf-8"), warnings)
    if "txt" in formats:
        from songwriter.leadsheet.text import to_text

        out["txt"] = (to_text(song, provenance=provenance).encode("utf-8"), [])
    if "json" in formats:
        from songwriter.leadsheet.text import to_json

        out["json"] = (to_json(song).encode("utf-8"), [])
    return {fmt: out[fmt] for fmt in formats}


def export_report(song: Song, fmt: str | None, path: str | os.PathLike, provenance: bool = False) -> Export:
    """Export one format to ``path`` (format from the file ending when ``fmt`` is None)."""
    song = _check_song(song)
    fmt = fmt or format_for(path)
    if fmt is None:
        raise BadInput(f"cannot tell the format from {os.fspath(path)!r}; give --format "
                       f"({', '.join(FORMATS)})")
    target = check_target(path, fmt, song.title)  # before any work: a bad path fails fast
    data, notes = render(song, fmt, provenance=provenance)
    write_atomic(target, data)
    return Export(target, fmt, len(data), notes)


def export(song: Song, fmt: str, path: str | os.PathLike) -> Path:
    """Export ``song`` as ``fmt`` (musicxml|pdf|png|svg|midi|chordpro|txt|wav|json) to ``path``;
    returns the path written. Raises BadInput/NotFound for a bad path, BackendError when LilyPond
    or verovio fail; nothing is left behind on failure."""
    return export_report(song, fmt, path).path


def export_many(song: Song, formats, folder: str | os.PathLike, stem: str | None = None,
                provenance: bool = False) -> list[Export]:
    """Export several formats into ``folder`` in one go (one time line, one LilyPond run per layout)."""
    from songwriter.leadsheet.files import SUFFIXES, slug

    song = _check_song(song)
    name = slug(stem or song.title)
    targets = {fmt: check_target(Path(folder) / (name + SUFFIXES[fmt][0]), fmt, song.title)
               for fmt in formats}
    results = []
    for fmt, (data, notes) in render_many(song, list(targets), provenance=provenance).items():
        write_atomic(targets[fmt], data)
        results.append(Export(targets[fmt], fmt, len(data), notes))
    return results


def render_png(song: Song) -> bytes:
    """The engraved lead sheet as PNG bytes (a preview of the whole song, cropped to the music)."""
    return render(song, "png")[0]


def to_chordpro(song: Song) -> str:
    """The song as ChordPro text."""
    from songwriter.leadsheet.chordpro import to_chordpro as _cp

    return _cp(_check_song(song))


def to_text(song: Song, provenance: bool = False) -> str:
    """The lyric with section tags ("[Verse 1]"), optionally with a provenance block."""
    from songwriter.leadsheet.text import to_text as _tt

    return _tt(_check_song(song), provenance=provenance)
