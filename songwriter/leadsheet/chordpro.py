"""ChordPro: directives for title, key, capo, tempo and time, sections as verse/chorus/bridge
environments, and each chord inline before the syllable it falls on: ``[Am]Standing by the [F]water``.

A chord is placed by time: before the syllable that starts with it, else before the next syllable
of the line being sung, else at the end of that line (a change during a held last note), else
before the first syllable of the next line (a change in a rest). A section without a melody gets its
chords on a line of their own, since there is no timing to place them by."""

from __future__ import annotations

from songwriter.leadsheet.chords import transpose_symbol
from songwriter.leadsheet.lyrics import align, joined_text
from songwriter.leadsheet.notation import parse_key
from songwriter.leadsheet.timeline import tempo_of
from songwriter.song import Line, Section, Song

ENVIRONMENTS = {"chorus": "chorus", "hook": "chorus", "refrain": "chorus", "bridge": "bridge",
                "tab": "tab", "grid": "grid"}


def capo_for(song: Song) -> tuple[int, str]:
    """(fret, shape key) a guitarist would use for this song's key; (0, "") when no capo helps or
    the harmony engine is not available."""
    try:
        from songwriter.harmony import capo_suggestion

        suggestion = capo_suggestion(song.key)
        fret = int(suggestion.get("capo", 0) or 0)
        return (fret, str(suggestion.get("shape_key", ""))) if 0 < fret < 12 else (0, "")
    except Exception:  # the harmony package may be missing or refuse an unusual key: no capo line
        return 0, ""


def _escape(value: str) -> str:
    """A directive value on one line, without the braces that would end it early."""
    return " ".join(str(value).replace("{", "(").replace("}", ")").split())


def to_chordpro(song: Song, capo: bool = True) -> str:
    """The song as ChordPro text. With a capo suggestion (and ``capo``), chords are written as the
    shapes to finger with the capo on, as guitar charts do, and ``{capo}`` says where it goes."""
    info = parse_key(song.key)
    fret, shape_key = capo_for(song) if capo else (0, "")
    flats = parse_key(shape_key).fifths < 0 if shape_key else info.fifths < 0
    out = [f"{{title: {_escape(song.title or 'Untitled')}}}"]
    if song.composer:
        out.append(f"{{composer: {_escape(song.composer)}}}")
    if song.lyricist:
        out.append(f"{{lyricist: {_escape(song.lyricist)}}}")
    out.append(f"{{key: {info.short}}}")
    if fret:
        out.append(f"{{capo: {fret}}}")
        out.append(f"{{comment: Capo {fret}: chords are {shape_key} shapes, sounding in {info.short}}}")
    out.append(f"{{tempo: {tempo_of(song)}}}")
    out.append(f"{{time: {song.time_signature}}}")
    for section in song.sections:
        out.append("")
        env = ENVIRONMENTS.get(section.kind.lower(), "verse")
        label = _escape(section.label or section.kind.title())
        out.append(f'{{start_of_{env}: label="{label.replace(chr(34), chr(39))}"}}')
        symbols = {id(c): (transpose_symbol(c.symbol, -fret, flats) if fret else c.symbol)
                   for c in section.chords}
        out.extend(section_lines(section, symbols))
        out.append(f"{{end_of_{env}}}")
    return "\n".join(out) + "\n"


def section_lines(section: Section, symbols: dict[int, str] | None = None) -> list[str]:
    """The section's lyric lines with chords inline (symbols by ChordEvent id, default as written)."""
    symbols = symbols or {}
    onsets = []  # (time, line, syllable)
    for li, line in enumerate(section.lines):
        for si, syllable in enumerate(line.syllables):
            if syllable.notes:
                onsets.append((min(n.offset for n in syllable.notes), li, si))
    onsets.sort()
    line_end = {}
    for li, line in enumerate(section.lines):
        ends = [n.offset + n.duration for s in line.syllables for n in s.notes]
        if ends:
            line_end[li] = max(ends)

    slots: dict[tuple[int, int], list[str]] = {}
    loose: list[str] = []
    for chord in sorted(section.chords, key=lambda c: c.offset):
        name = str(symbols.get(id(chord), chord.symbol)).strip()
        if not name:
            continue
        slot = _slot(chord.offset, onsets, line_end, section)
        if slot is None:
            loose.append(name)
        else:
            slots.setdefault(slot, []).append(name)

    lines = []
    if loose:
        lines.append(" ".join(f"[{name}]" for name in loose))
    for li, line in enumerate(section.lines):
        lines.append(_render(line, {k: v for (l, k), v in slots.items() if l == li}))
    return lines


def _slot(t: float, onsets, line_end, section) -> tuple[int, int] | None:
    """Where a chord at time ``t`` goes: (line, syllable index), index == len(syllables) = line end."""
    if not onsets:
        return None
    eps = 1e-6
    for time, li, si in onsets:
        if abs(time - t) < eps:
            return li, si
    before = [o for o in onsets if o[0] < t - eps]
    after = [o for o in onsets if o[0] > t + eps]
    if before:
        _, li, _ = before[-1]
        if t < line_end.get(li, 0) - eps:  # during that line: next syllable of the line, else its end
            same = [o for o in after if o[1] == li]
            return (li, same[0][2]) if same else (li, len(section.lines[li].syllables))
    if after:
        return after[0][1], after[0][2]
    _, li, _ = onsets[-1]
    return li, len(section.lines[li].syllables)


def _render(line: Line, chords_at: dict[int, list[str]]) -> str:
    """A lyric line with [chords] inserted at syllable starts (or the end)."""
    text = line.text
    spans = align(line)
    if spans is None:
        text = joined_text(line)
        spans = align(Line(text, line.syllables))
    if spans is None or not line.syllables:  # no syllables: chords (if any) lead the line
        lead = "".join(f"[{c}]" for k in sorted(chords_at) for c in chords_at[k])
        return lead + text
    inserts = []
    for k, names in chords_at.items():
        chord_text = "".join(f"[{name}]" for name in names)
        if k >= len(spans):
            inserts.append((len(text), " " + chord_text))
        else:
            inserts.append((spans[k][0], chord_text))
    for position, chord_text in sorted(inserts, reverse=True):
        text = text[:position] + chord_text + text[position:]
    return text
