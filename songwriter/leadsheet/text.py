"""Plain text with section tags ("[Verse 1]"), the form generative music tools expect, with an
optional block saying where each line came from."""

from __future__ import annotations

import json

from songwriter.song import Song


def describe_provenance(provenance: dict) -> str:
    """One readable phrase for a line's provenance dict."""
    source = str(provenance.get("source", "user"))
    if source == "user":
        return "typed by the writer"
    if source == "generated":
        parts = ["generated"]
        if provenance.get("model"):
            parts.append(f"by {provenance['model']}")
        if provenance.get("backend"):
            parts.append(f"({provenance['backend']})")
        if provenance.get("seed") is not None:
            parts.append(f"seed {provenance['seed']}")
        return " ".join(parts)
    if source == "suggestion":
        return "a suggestion, edited by the writer" if provenance.get("edited") else "a suggestion, kept as is"
    return source


def to_text(song: Song, provenance: bool = False) -> str:
    """The lyric with section tags; with ``provenance``, a closing block listing each line's origin."""
    body = song.lyric_text()
    if not provenance:
        return body + "\n"
    rows = []
    for section in song.sections:
        for number, line in enumerate(section.lines, 1):
            rows.append(f"{section.label}, line {number}: {json.dumps(line.text, ensure_ascii=False)} — "
                        f"{describe_provenance(line.provenance or {})}")
    block = "\n".join(["", "---", "Provenance", *rows])
    return body + "\n" + block + "\n"


def to_json(song: Song) -> str:
    """The song's full data (``Song.to_dict``) as pretty-printed JSON."""
    return json.dumps(song.to_dict(), ensure_ascii=False, indent=2) + "\n"
