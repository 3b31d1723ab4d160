"""Song forms as data, forgiving lookups, key/tempo choice and the planner's text handling."""

import pytest

from songwriter.errors import BadInput
from songwriter.songdraft import forms, music
from songwriter.songdraft.forms import SectionSpec, SongForm, build_form, check_form
from songwriter.lm.prompts import render
from songwriter.songdraft.plan import clean_theme, key_phrase, parse_title


def kinds(form):
    return [s.kind for s in form.sections]


def test_every_named_form_builds_and_validates():
    for name in forms.form_names():
        form = build_form(name)
        assert form.sections, name
        for spec in form.sections:
            assert len(spec.syllables) == spec.lines == len(spec.scheme)


def test_verse_chorus_form_repeats_one_chorus_and_numbers_verses():
    form = build_form("verse-chorus")
    assert kinds(form) == ["verse", "chorus", "verse", "chorus", "bridge", "chorus"]
    assert [s.label for s in form.sections] == ["Verse 1", "Chorus", "Verse 2", "Chorus", "Bridge",
                                                "Chorus"]
    parts = [s.part for s in form.sections]
    assert parts.count("chorus") == 3 and len(set(parts)) == 4
    chorus = form.sections[1]
    assert chorus.hook_line == 1 and chorus.energy > form.sections[0].energy


def test_blues_and_ballad_carry_their_meters():
    blues = build_form("blues")
    assert all(s.lines == 3 and s.repeats == {2: 1} for s in blues.sections)
    assert blues.sections[0].written_lines() == [0, 2]
    ballad = build_form("ballad")
    assert ballad.time_signature == "3/4"
    assert all(s.syllables == [8, 6, 8, 6] and s.scheme == "XAXA" for s in ballad.sections)
    aaba = build_form("aaba")
    assert [s.label for s in aaba.sections] == ["A1", "A2", "B", "A3"]


def test_custom_form_from_section_names():
    match = forms.find_form("verse, pre-chorus, chorus, verse, chorus")
    assert match.name == "custom:verse,pre-chorus,chorus,verse,chorus" and not match.note
    assert kinds(build_form(match.name)) == ["verse", "pre-chorus", "chorus", "verse", "chorus"]
    assert forms.find_form("V-C-V-C").name == "custom:verse,chorus,verse,chorus"


def test_lookups_by_alias_and_spelling_say_so():
    assert forms.find_form("12-bar blues").name == "blues"
    assert forms.find_form("AABA") == forms.Match("aaba")
    assert forms.find_genre("R&B").name == "rnb"
    match = forms.find_genre("rokc")
    assert match.name == "rock" and "closest spelling" in match.note


def test_unknown_names_map_by_meaning_and_say_so():
    mood = forms.find_mood("heartbroken and weeping")
    assert mood.name == "sad" and "nearest by meaning" in mood.note
    genre = forms.find_genre("bluegrass banjo")
    assert genre.name in ("country", "folk") and "nearest by meaning" in genre.note


def test_bad_names_are_refused():
    with pytest.raises(BadInput, match="empty"):
        forms.find_mood("  ")
    with pytest.raises(BadInput, match="too long"):
        forms.find_form("x" * 200)


def _form(**spec):
    base = dict(kind="verse", label="Verse", part="verse1", lines=4, syllables=[8] * 4,
                scheme="ABAB")
    return SongForm("test", "test", "", [SectionSpec(**{**base, **spec})])


@pytest.mark.parametrize("spec, message", [
    (dict(lines=0, syllables=[], scheme=""), "lines"),
    (dict(syllables=[8, 8, 40, 8]), "40 syllables"),
    (dict(syllables=[8, 8]), "syllable counts"),
    (dict(scheme="AB"), "one letter per line"),
    (dict(hook_line=7), "outside"),
    (dict(repeats={1: 2}), "cannot repeat"),
    (dict(repeats={2: 1}, syllables=[8, 6, 8, 8]), "different number"),
])
def test_unsatisfiable_forms_are_explained(spec, message):
    with pytest.raises(BadInput, match=message):
        check_form(_form(**spec))


def test_hook_must_have_one_length_and_forms_have_a_size_limit():
    a = SectionSpec("verse", "A1", "verse1", 2, [8, 8], "AA", hook_line=2)
    b = SectionSpec("chorus", "C", "chorus", 2, [6, 6], "AA", hook_line=1)
    with pytest.raises(BadInput, match="hook"):
        check_form(SongForm("t", "t", "", [a, b]))
    with pytest.raises(BadInput, match="at most"):
        build_form("custom:" + ",".join(["verse"] * 40))


def test_key_and_tempo_suit_mood_and_genre():
    sad, hopeful = forms.mood("sad"), forms.mood("hopeful")
    pop, punk = forms.genre("pop"), forms.genre("punk")
    tempos = set()
    for seed in range(20):
        key = music.choose_key(sad, pop, seed)
        assert key.endswith(" minor") and key.split()[0] in pop.keys
        assert music.choose_key(hopeful, pop, seed).endswith(" major")
        tempo = music.choose_tempo(hopeful, pop, seed)
        assert max(hopeful.tempo[0], pop.tempo[0]) <= tempo <= min(hopeful.tempo[1], pop.tempo[1])
        tempos.add(tempo)
    assert len(tempos) > 3  # the seed varies it
    # no overlap (a sad punk song): between the two ranges, not outside both
    tempo = music.choose_tempo(sad, punk, 0)
    assert sad.tempo[1] <= tempo <= punk.tempo[0]
    assert music.choose_tempo(sad, pop, 3) == music.choose_tempo(sad, pop, 3)


@pytest.mark.parametrize("theme, message", [
    ("", "empty"), ("   \n", "empty"), ("x" * 301, "characters long"),
    ("🎵🎵🎵 !!!", "no words"), ("<script>alert('hi')</script>", "no words"),
    ("qzxv wprtk", "recognise"), ("a\x00b", "binary"),
])
def test_bad_themes_are_refused_clearly(theme, message):
    with pytest.raises(BadInput, match=message):
        clean_theme(theme)


def test_theme_is_tidied_and_key_phrase_found():
    assert clean_theme("  <b>rain</b> on a\ttin   roof ") == "rain on a tin roof"
    assert key_phrase("leaving my hometown at dawn") == "hometown at dawn"
    assert key_phrase("rain on a tin roof") == "tin roof"


def test_model_titles_are_kept_only_when_short_and_on_theme():
    theme = "summer love on the boardwalk"
    assert parse_title('Song: "Summer Love on the Boardwalk"', theme) == \
        "Summer Love on the Boardwalk"
    assert parse_title("The Boardwalk Kiss: A Love Song\n\nmore", theme) == "The Boardwalk Kiss"
    assert parse_title("The Siren's Song", theme) == ""  # not about the theme
    assert parse_title("In the heart of the unknown summer, a song of hope and the dawn", theme) == ""
    assert parse_title("", theme) == ""


def test_prompt_template_renders_chat_messages():
    messages = render("songdraft_title", theme="a tin roof", mood="calm", genre="folk")
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "a tin roof" in messages[1]["content"] and "{" not in messages[1]["content"]
