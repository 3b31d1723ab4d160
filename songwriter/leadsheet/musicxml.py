"""MusicXML through music21: one melody staff with lyrics, chord symbols, rehearsal marks.

We build the measures ourselves from the time line (notes already split at bar lines and tied) rather
than letting music21 guess, so the written rhythm is the same as in the LilyPond engraving, and every
chord symbol is made from a figure music21 reads as the kind we meant (its parser misreads "Bb" as
"B" + "b", and a bare root with no kind becomes a power chord in some readers).
"""

from __future__ import annotations

from songwriter.leadsheet.timeline import BARS_PER_LINE, Timeline, build_timeline, melody_pieces
from songwriter.song import Song


def build_score(song: Song, timeline: Timeline | None = None):
    """A music21 Score of the lead sheet."""
    from music21 import bar as m21bar
    from music21 import (clef, expressions, harmony, key, layout, metadata, meter, note, spanner, stream,
                         tempo, tie)

    timeline = timeline or build_timeline(song)
    from songwriter.leadsheet.notation import parse_key

    info = parse_key(song.key)
    score = stream.Score()
    md = metadata.Metadata()
    md.title = song.title or "Untitled"
    if song.composer:
        md.composer = song.composer
    if song.lyricist:
        md.addContributor(metadata.Contributor(role="lyricist", name=song.lyricist))
    score.metadata = md

    part = stream.Part()
    part.partName = "Voice"
    part.id = "melody"
    bar = timeline.bar
    count = max(1, round(timeline.length / bar))
    measures = [stream.Measure(number=i + 1) for i in range(count)]
    first = measures[0]
    first.insert(0, clef.TrebleClef())
    first.insert(0, meter.TimeSignature(song.time_signature))
    if info.mode in ("major", "minor"):
        first.insert(0, key.Key(info.tonic.replace("b", "-") if len(info.tonic) > 1 else info.tonic,
                                info.mode))
    else:
        first.insert(0, key.KeySignature(max(-7, min(7, info.fifths))))
    from songwriter.leadsheet.timeline import tempo_of

    first.insert(0, tempo.MetronomeMark(number=tempo_of(song)))

    section_starts = {round(s.start / bar): s for s in timeline.sections}
    section_ends = {round((s.start + s.length) / bar) - 1 for s in timeline.sections}
    section_bar = 0
    for index, measure in enumerate(measures):
        section = section_starts.get(index)
        if section is not None:
            mark = expressions.RehearsalMark(section.label)
            mark.style.alignHorizontal = "left"  # centred marks hang off the page's left edge
            measure.insert(0, mark)
            section_bar = index
        # Four bars a line, a new line at each section: the same layout as the engraved PDF.
        if index and (index == section_bar or (index - section_bar) % BARS_PER_LINE == 0):
            measure.insert(0, layout.SystemLayout(isNew=True))
        if index == count - 1:
            measure.rightBarline = m21bar.Barline("final")
        elif index in section_ends:
            measure.rightBarline = m21bar.Barline("double")

    slur_notes = []
    tied_from = False
    for piece in melody_pieces(timeline):
        index = min(count - 1, int(piece.start // bar + 1e-9))
        measure = measures[index]
        if piece.pitch is None:
            element = note.Rest(quarterLength=piece.length)
        else:
            element = note.Note(piece.pitch.music21_name, quarterLength=piece.length)
            if piece.tie and tied_from:
                element.tie = tie.Tie("continue")
            elif piece.tie:
                element.tie = tie.Tie("start")
            elif tied_from:
                element.tie = tie.Tie("stop")
            tied_from = piece.tie
            if piece.text is not None:
                element.lyrics = [note.Lyric(text=piece.text, syllabic=piece.syllabic, number=1)]
            if piece.slur == "start":
                slur_notes = [element]
            elif slur_notes:
                slur_notes.append(element)
                if piece.slur == "stop":
                    part.insert(0, spanner.Slur(slur_notes))
                    slur_notes = []
        measure.insert(piece.start - index * bar, element)

    for span in timeline.chords:
        if span.chord is None:
            continue
        index = min(count - 1, int(span.start // bar + 1e-9))
        symbol = harmony.ChordSymbol(span.chord.music21_figure())
        if not span.chord.known:
            # Not understood: spell the root and the nearest triad, print the suffix as written.
            symbol.chordKindStr = span.chord.suffix
        symbol.writeAsChord = False
        symbol.quarterLength = 0  # a symbol above the staff takes no time in the voice
        measures[index].insert(span.start - index * bar, symbol)

    for measure in measures:
        part.append(measure)
    part.makeBeams(inPlace=True)
    score.insert(0, part)
    return score


def to_musicxml(song: Song, timeline: Timeline | None = None) -> bytes:
    """The lead sheet as MusicXML (partwise, UTF-8)."""
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    score = build_score(song, timeline)
    exporter = GeneralObjectExporter(score)
    exporter.makeNotation = False  # our measures are already written out; don't re-split them
    return exporter.parse()
