"""The embedded model writes a verse that our prosody checks accept (one model load, short lines)."""

import pytest

from songwriter.generation import WriteRequest, write_lines
from songwriter.generation import words


@pytest.mark.model
def test_real_model_verse_fits_meter_and_rhyme():
    r = write_lines(WriteRequest(theme="leaving a small town", syllables=7, scheme="ABAB", seed=0))
    assert r.model == "SmolLM2-135M-Instruct"
    assert [words.line_syllables(l) for l in r.lines] == [7, 7, 7, 7]
    e = [words.tokenize(l)[-1].lower() for l in r.lines]
    assert words.rhyme_kind(e[0], e[2]) == "perfect" and words.rhyme_kind(e[1], e[3]) == "perfect"
    assert e[0] != e[2] and e[1] != e[3] and len(set(r.lines)) == 4
    # same seed, same lines (model loaded once per process)
    again = write_lines(WriteRequest(theme="leaving a small town", syllables=7, scheme="ABAB", seed=0))
    assert again.lines == r.lines
