"""Constraint logic with the fake backend: syllables, rhyme, planning, bad input."""

import pytest

from songwriter.errors import BadInput
from songwriter.generation import WriteRequest, fix_line, next_line, write_lines
from songwriter.generation import words
from songwriter.lm.fake import FakeBackend


def fake():
    return FakeBackend(default="I left the little town behind me in the dark of night")


def ends(lines):
    return [words.tokenize(l)[-1].lower() for l in lines]


@pytest.mark.parametrize("scheme,syl", [("AABB", 8), ("ABAB", 6), ("ABCB", 10), ("AAAA", 7), ("AxAx", 5)])
def test_lines_fit_and_rhyme(scheme, syl):
    r = write_lines(WriteRequest(theme="leaving a small town", syllables=syl, scheme=scheme),
                    backend=fake())
    assert len(r.lines) == len(scheme)
    assert [words.line_syllables(l) for l in r.lines] == [syl] * len(scheme)
    e = ends(r.lines)
    for i, a in enumerate(scheme):
        for j in range(i + 1, len(scheme)):
            if a != "x" and scheme[j] == a:
                assert words.rhyme_kind(e[i], e[j]) == "perfect", (e[i], e[j])
    assert len(set(l.lower() for l in r.lines)) == len(r.lines)
    assert len(set(e[i] for i, c in enumerate(scheme) if c != "x")) == sum(c != "x" for c in scheme)


def test_stress_pattern_sets_syllables():
    r = write_lines(WriteRequest(theme="the sea", stress="01010101", scheme="AABB"), backend=fake())
    assert all(words.line_syllables(l) == 8 for l in r.lines)
    assert all("stress_fit" in c for c in r.checks)


def test_given_lines_and_end_words_kept():
    r = write_lines(WriteRequest(theme="rain", syllables=6, scheme="AABB",
                                 given_lines=["The rain falls on the town", None, None, None],
                                 end_words=[None, None, "light", None]), backend=fake())
    assert r.lines[0] == "The rain falls on the town"
    assert words.rhyme_kind("town", ends(r.lines)[1]) == "perfect"
    assert ends(r.lines)[2] == "light"


@pytest.mark.parametrize("kwargs,msg", [
    (dict(theme="", syllables=8), "empty"),
    (dict(theme="x" * 10_000, syllables=8), "too long"),
    (dict(theme="rain", syllables=0), "1 to 24"),
    (dict(theme="rain", syllables=40), "1 to 24"),
    (dict(theme="rain", syllables=8, scheme="AB!B"), "scheme"),
    (dict(theme="rain", syllables=8, scheme=""), "scheme"),
    (dict(theme="rain", stress="01a1"), "stress"),
    (dict(theme="rain", syllables=2, scheme="AA", end_words=["beautiful", None]), "cannot end"),
    (dict(theme="rain", syllables=8, section="solo"), "section"),
])
def test_bad_requests(kwargs, msg):
    with pytest.raises(BadInput, match=msg):
        write_lines(WriteRequest(**kwargs), backend=fake())


def test_html_and_emoji_theme_are_cleaned():
    fb = fake()
    r = write_lines(WriteRequest(theme="<script>alert(1)</script> summer 🌞 love", syllables=6,
                                 scheme="AA"), backend=fb)
    prompt = fb.history[0][0][-1]["content"]
    assert "<script>" not in prompt and "🌞" not in prompt
    assert all(words.line_syllables(l) == 6 for l in r.lines)


def test_same_seed_same_lines():
    a = write_lines(WriteRequest(theme="home", syllables=7, scheme="ABAB", seed=3), backend=fake())
    b = write_lines(WriteRequest(theme="home", syllables=7, scheme="ABAB", seed=3), backend=fake())
    assert a.lines == b.lines


def test_fix_line_and_next_line():
    opts = fix_line("I walked along the river all alone tonight", syllables=8, rhyme_with="day",
                    backend=fake())
    assert opts and all(words.line_syllables(o) == 8 for o in opts)
    assert all(words.rhyme_kind(ends([o])[0], "day") == "perfect" for o in opts)
    nxt = next_line(["The river runs so wide", "I watch it from the shore"], backend=fake())
    assert words.line_syllables(nxt) == words.line_syllables("I watch it from the shore")
    assert words.rhyme_kind(ends([nxt])[0], "wide") == "perfect"


@pytest.mark.parametrize("line", ["", "   ", None])
def test_fix_line_refuses_an_empty_line(line):
    with pytest.raises(BadInput, match="line is empty"):
        fix_line(line, syllables=8, backend=fake())
