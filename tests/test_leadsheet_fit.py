"""Lead sheets of songs made by harmony's fit_lyric (not by hand), in other metres and modes, and
the rules that split notes into writable values."""

from __future__ import annotations

import pytest

from songwriter.leadsheet.timeline import pieces

LYRIC = """[Verse 1]
Standing by the water
counting every light

[Chorus]
Hold on, hold on
the tide is turning over
"""


@pytest.mark.parametrize("start, length, bar, beat, expected", [
    (3, 4, 4, 1, [(3, 1.0), (4, 3.0)]),          # over the bar line: tied
    (4.5, 2.5, 4, 1, [(4.5, 0.5), (5, 2.0)]),    # off the beat: up to the beat, then a half
    (1, 3, 4, 1, [(1, 3.0)]),                    # dotted half from beat 2
    (0.5, 1, 4, 1, [(0.5, 0.5), (1, 0.5)]),      # syncopated quarter written tied eighths
    (1.5, 1.5, 3, 1.5, [(1.5, 1.5)]),            # 6/8: dotted quarter on beat 2
    (0.5, 1, 3, 1.5, [(0.5, 1.0)]),              # 6/8: eighth-quarter figure keeps its quarter
])
def test_pieces(start, length, bar, beat, expected):
    assert pieces(start, length, bar, beat) == expected


@pytest.mark.parametrize("key, time_signature", [("D dorian", "4/4"), ("F# minor", "3/4"),
                                                 ("Eb major", "6/8")])
def test_fitted_song_round_trips_through_musicxml(key, time_signature, tmp_path):
    from music21 import converter
    from music21 import note as m21note

    from songwriter.harmony import fit_lyric
    from songwriter.leadsheet import export_many

    song = fit_lyric(LYRIC, key, mood="hopeful", time_signature=time_signature)
    results = {r.format: r for r in export_many(song, ("musicxml", "pdf", "png", "midi", "chordpro"), tmp_path)}
    assert results["pdf"].path.read_bytes().startswith(b"%PDF")
    score = converter.parse(str(results["musicxml"].path))
    onsets = []
    for n in score.recurse().getElementsByClass(m21note.Note):
        if n.tie is None or n.tie.type == "start":
            onsets.append((float(n.getOffsetInHierarchy(score)), n.pitch.midi))
    expected, start = [], 0.0
    from songwriter.leadsheet.notation import parse_pitch

    for section in song.sections:
        for line in section.lines:
            for syllable in line.syllables:
                expected += [(start + note.offset, parse_pitch(note.pitch).midi) for note in syllable.notes]
        start += max(section.length, 0)
    assert onsets == sorted(expected)
    assert score.recurse().getElementsByClass("TimeSignature").first().ratioString == time_signature
