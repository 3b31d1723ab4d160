"""The current song as HTML: per-line syllable counts, rhyme letters, end words coloured by rhyme
group, stresses marked. All song text is escaped (lyrics are text, never markup)."""

import html

from songwriter.song import Line, Section, Song

COLOURS = ["#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#117a65", "#a04000", "#2e4053"]


def song_html(song: Song, pending: list[str] | None = None) -> str:
    """The song panel: title, key, then each section's lines with counts, stresses and rhyme letters;
    ``pending`` lines (the last reply's, not in the song yet) are shown below, marked as such."""
    body = _song_body(song)
    if pending:
        extra = Song(title="", sections=[Section(kind="draft", label="Not in the song yet — say “use that” to add",
                                                  lines=[Line(t) for t in pending])])
        body = body[:-len("</div>")] + '<div class="sw-pending">' + _sections_html(extra) + "</div></div>"
    return body


def _song_body(song: Song) -> str:
    parts = [f'<div class="sw-song"><h3 class="sw-title">{html.escape(song.title or "Untitled")}</h3>'
             f'<div class="sw-meta">{html.escape(song.key)} · {song.tempo} bpm · {html.escape(song.time_signature)}</div>']
    if not any(sec.lines for sec in song.sections):
        parts.append('<p class="sw-empty">No lines yet. Ask for a verse, or paste one, then say “use that”.</p></div>')
        return "".join(parts)
    parts.append(_sections_html(song))
    parts.append("</div>")
    return "".join(parts)


def _sections_html(song: Song) -> str:
    from songwriter import prosody
    parts = []
    for sec in song.sections:
        text = "\n".join(l.text for l in sec.lines)
        try:
            analysis = prosody.analyze(text) if text.strip() else None
        except Exception:  # analysis is decoration; a line it refuses still shows
            analysis = None
        parts.append(f'<div class="sw-section"><div class="sw-label">{html.escape(sec.label or sec.kind.title())}'
                     + (f' <span class="sw-chords">{html.escape(" ".join(c.symbol for c in sec.chords[:8]))}</span>' if sec.chords else "")
                     + '</div><table class="sw-lines">')
        rows = analysis.lines if analysis else []
        for i, line in enumerate(sec.lines):
            la = rows[i] if i < len(rows) else None
            letter = la.rhyme if la else ""
            colour = COLOURS[(ord(letter[0]) - 65) % len(COLOURS)] if letter and letter[0].isalpha() and letter != "x" else "#555"
            body = html.escape(line.text)
            if la and la.end_word:
                idx = line.text.lower().rfind(la.end_word.lower())
                if idx >= 0:
                    end = line.text[idx:idx + len(la.end_word)]
                    body = (html.escape(line.text[:idx]) + f'<span class="sw-end" style="color:{colour};font-weight:700">{html.escape(end)}</span>'
                            + html.escape(line.text[idx + len(la.end_word):]))
            stresses = "".join("´" if c in "12" else "·" for c in (la.stresses if la else ""))
            parts.append(f'<tr class="sw-line"><td class="sw-count">{la.syllables if la else ""}</td>'
                         f'<td class="sw-rhyme" style="color:{colour}">{html.escape(letter)}</td>'
                         f'<td class="sw-text">{body}<div class="sw-stress">{stresses}</div></td></tr>')
        parts.append("</table></div>")
    return "".join(parts)


def song_to_text(song: Song) -> str:
    """Editable plain text: ``[Label]`` lines then the section's lines."""
    out = []
    for sec in song.sections:
        out.append(f"[{sec.label or sec.kind.title()}]")
        out.extend(l.text for l in sec.lines)
        out.append("")
    return "\n".join(out).strip()


def apply_text(song: Song, text: str) -> Song:
    """A copy of ``song`` with sections and lines from edited text (chords kept for same labels)."""
    import re
    from songwriter.errors import BadInput
    if len(text) > 20_000:
        raise BadInput("the song text is over 20,000 characters")
    old = {sec.label: sec for sec in song.sections}
    sections: list[Section] = []
    for raw in text.splitlines():
        line = raw.strip()
        m = re.fullmatch(r"\[(.{1,40})\]", line)
        if m:
            label = m.group(1).strip()
            kind = re.sub(r"\s*\d+$", "", label).lower() or "verse"
            prev = old.get(label)
            sections.append(Section(kind=kind, label=label, chords=list(prev.chords) if prev else []))
        elif line:
            if not sections:
                sections.append(Section(kind="verse", label="Verse 1"))
            sections[-1].lines.append(Line(line))
    new = Song.from_dict(song.to_dict())
    new.sections = sections
    return new
