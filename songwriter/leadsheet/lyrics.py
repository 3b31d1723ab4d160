"""Lining the syllables of a line up with the line as it was typed.

Syllables hold the bare pieces ("Hold", "on"); the line holds what the writer typed, with punctuation
and spacing ("Hold on, hold on"). Lead sheets print the punctuation under the notes and ChordPro puts
chords inside the typed line, so both need to know where each syllable sits in the text.
"""

from __future__ import annotations

from songwriter.song import Line


def align(line: Line) -> list[tuple[int, int]] | None:
    """(start, end) character span of each syllable in ``line.text``, or None when the syllables
    cannot all be found in order (then callers build the text from the syllables instead)."""
    text = line.text.casefold()
    spans = []
    cursor = 0
    for syllable in line.syllables:
        piece = syllable.text.casefold()
        if not piece:
            spans.append((cursor, cursor))
            continue
        found = text.find(piece, cursor)
        # Don't jump over another word to find it: only spaces and punctuation may lie between.
        if found < 0 or any(ch.isalnum() for ch in text[cursor:found]):
            return None
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    if any(ch.isalnum() for ch in text[cursor:]):
        return None
    return spans


def joined_text(line: Line) -> str:
    """The line rebuilt from its syllables: pieces of a word joined, words split by spaces."""
    out = []
    for syllable in line.syllables:
        out.append(syllable.text)
        if syllable.syllabic in ("single", "end"):
            out.append(" ")
    return "".join(out).strip()


def display_texts(line: Line) -> list[str]:
    """Each syllable as printed under its note, with the punctuation typed around it
    ("Hold", "on,", "hold", "on")."""
    spans = align(line)
    if spans is None:
        return [s.text for s in line.syllables]
    text = line.text
    bounds = [0] + [end for _, end in spans]
    out = []
    for i, (start, end) in enumerate(spans):
        before = text[bounds[i]:start]
        after = text[end:spans[i + 1][0]] if i + 1 < len(spans) else text[end:]
        # A gap with a space splits: punctuation before the space trails this syllable, after it
        # leads the next. A gap without a space (rock'n'roll) trails the syllable before it.
        lead = before.rsplit(" ", 1)[1] if " " in before else (before if i == 0 else "")
        trail = after.split(" ", 1)[0]
        out.append((lead + text[start:end] + trail).strip())
    return out
