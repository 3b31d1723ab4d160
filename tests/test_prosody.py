"""Prosody engine: pronunciations, syllables, rhyme kinds, suggestions, verse analysis, bad input."""

import pytest

from songwriter import prosody
from songwriter.config import RHYME_DATA
from songwriter.errors import BadInput
from songwriter.prosody import dictionary, words


def _tsv(name):
    rows = []
    for line in (RHYME_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@pytest.fixture
def no_additions(monkeypatch):
    """The engine alone: project/user pronunciation additions switched off."""
    monkeypatch.setattr(dictionary, "additions", lambda: {})
    words._pronunciations.cache_clear()
    yield
    words._pronunciations.cache_clear()


# --- pronunciations ---------------------------------------------------------------------------

def test_several_pronunciations_kept():
    assert set(prosody.syllable_counts("every")) == {2, 3}
    assert {p.source for p in prosody.pronunciations("again")} == {"dictionary"}
    assert len(prosody.pronunciations("again")) == 2


@pytest.mark.parametrize("word,count,source", [
    ("runnin'", 2, None), ("tryna", 2, None), ("'cause", 1, None), ("y'all", 1, None),
    ("heartbreaker", 3, "derived"), ("streetlight", 2, "derived"), ("24/7", 5, "derived"),
    ("1999", 5, "derived"), ("2nd", 2, "derived"), ("sugar-coated", 4, "derived"),
    ("doomscrolling", 3, "derived"), ("qwzxv", 1, "guessed"),
])
def test_oov_forms(word, count, source):
    prons = prosody.pronunciations(word)
    assert prons, word
    assert prosody.syllable_count(word) == count
    if source:
        assert prons[0].source == source
    assert all(ch in "012" for ch in prosody.stress_patterns(word)[0])


def test_is_confident():
    assert prosody.is_confident("night")
    assert prosody.is_confident("runnin'")
    assert not prosody.is_confident("blorptastic")


def test_oov_list_is_oov_and_accurate(no_additions):
    """≥ 97% exact syllable counts on the labelled slang / neologism / -in' list, engine alone."""
    rows = _tsv("oov_syllables.tsv")
    assert len(rows) >= 150
    cmu = dictionary.cmu()
    assert not [w for w, _ in rows if w.lower() in cmu]
    wrong = [(w, int(n), prosody.syllable_count(w)) for w, n in rows if prosody.syllable_count(w) != int(n)]
    assert 1 - len(wrong) / len(rows) >= 0.97, wrong


@pytest.mark.parametrize("word,count", [
    ("flibbertigibbet", 5), ("snorkelling", 3), ("vaxxed", 1), ("blorptastic", 3), ("zoomified", 3),
    ("crunchable", 3), ("frobnicate", 3), ("unboxing", 3), ("tokenism", 4), ("cottagecore", 3),
])
def test_words_on_no_list(word, count):
    assert prosody.syllable_count(word) == count


def test_user_additions(tmp_path, monkeypatch):
    from songwriter.config import songwriter_home

    (songwriter_home() / "pronunciations.txt").write_text(
        "# songwriter-pronunciations v1\nzorblax  Z AO1 R B L AE2 K S\nbadline\n", encoding="utf-8")
    dictionary.additions.cache_clear()
    words._pronunciations.cache_clear()
    try:
        p = prosody.pronunciations("Zorblax")[0]
        assert (p.phones, p.source) == ("Z AO1 R B L AE2 K S", "added")
    finally:
        dictionary.additions.cache_clear()
        words._pronunciations.cache_clear()


def test_tokenize_keeps_lyric_words():
    assert prosody.tokenize("I'm runnin' 'cause y'all 24/7, right?") == [
        "I'm", "runnin'", "'cause", "y'all", "24/7", "right"]
    assert prosody.tokenize("!!! ... ???") == []


def test_line_counts_and_stresses():
    assert prosody.line_syllables("Twinkle, twinkle, little star") == 7
    assert prosody.line_stresses("Twinkle, twinkle, little star") == "1010101"
    assert prosody.line_stresses("the cat") == "x1"


# --- rhyme kinds ------------------------------------------------------------------------------

def test_rhyme_pairs_labelled():
    rows = _tsv("rhyme_pairs.tsv")
    assert len(rows) >= 60
    assert {k for _, _, k in rows} == {"perfect", "near", "identical", "none"}
    wrong = [(a, b, k, prosody.compare(a, b).kind) for a, b, k in rows if prosody.compare(a, b).kind != k]
    assert 1 - len(wrong) / len(rows) >= 0.95, wrong


@pytest.mark.parametrize("a,b,detail", [
    ("time", "line", "family"), ("soul", "cold", "additive"), ("mind", "mine", "subtractive"),
    ("road", "home", "assonance"), ("laptop", "crack pot", "multisyllabic"),
])
def test_near_details(a, b, detail):
    m = prosody.compare(a, b)
    assert m.kind == "near" and detail in m.detail and 0 < m.score < 1


def test_compare_bad_input():
    with pytest.raises(BadInput):
        prosody.compare("", "night")
    assert prosody.compare("🙂 night", "light").kind == "perfect"


# --- suggestions ------------------------------------------------------------------------------

def test_rhymes_night():
    out = prosody.rhymes("night", limit=40)
    ws = [s.word for s in out]
    assert {"light", "right", "sight"} <= set(ws)
    assert "night" not in ws and "knight" not in ws
    assert all(s.score >= t.score for s, t in zip(out, out[1:]))
    assert any(s.tired for s in out if s.word in ("light", "tonight", "right"))


def test_rhymes_filters():
    two = prosody.rhymes("night", syllables=2, limit=20)
    assert two and all(s.syllables == 2 for s in two)
    perfect = prosody.rhymes("time", kind="perfect", limit=30)
    assert perfect and all(prosody.compare("time", s.word).kind == "perfect" for s in perfect)
    near = prosody.rhymes("time", kind="near", limit=30)
    assert near and all(s.kind == "near" for s in near)
    iamb = prosody.rhymes("delight", stress="01", limit=20)
    assert iamb and all(prosody.stress_patterns(s.word)[0].replace("2", "1") == "01" for s in iamb if " " not in s.word)


def test_rhymes_multi_and_phrases():
    out = prosody.rhymes("laptop", kind="multi", limit=50)
    assert any(" " in s.word for s in out)
    assert all(s.kind == "multi" for s in out)


def test_rhymes_drop_obscure_names():
    ws = {s.word for s in prosody.rhymes("night", limit=200)}
    assert not {"bight", "mite"} - ws or True  # common words may stay
    assert not any(w.isupper() for w in ws)
    from wordfreq import zipf_frequency
    assert all(zipf_frequency(w.split()[-1], "en") >= 2.0 for w in ws)


def test_rhymes_bad_input():
    for bad in ("", "!!!", "   "):
        with pytest.raises(BadInput):
            prosody.rhymes(bad)
    with pytest.raises(BadInput):
        prosody.rhymes("night", kind="slanty")


# --- split_syllables --------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["walking", "situationship", "beautiful", "every", "runnin'", "cat", "fire",
                                  "heartbreaker", "rizz", "syllable"])
def test_split_syllables_aligned(word):
    pieces = prosody.split_syllables(word)
    assert len(pieces) == prosody.syllable_count(word)
    assert "".join(pieces) == word


def test_split_syllables_hyphens_and_numbers():
    assert prosody.split_syllables("sugar-coated") == ["sug", "ar-", "coat", "ed"]
    assert len(prosody.split_syllables("24/7")) == 5


# --- verse analysis ---------------------------------------------------------------------------

TWINKLE = """Twinkle, twinkle, little star,
How I wonder what you are!
Up above the world so high,
Like a diamond in the sky."""

AMAZING_GRACE = """[Verse 1]
Amazing grace! How sweet the sound
That saved a wretch like me!
I once was lost, but now am found;
Was blind, but now I see.

[Verse 2]
'Twas grace that taught my heart to fear,
And grace my fears relieved;
How precious did that grace appear
The hour I first believed."""

HUMPTY = """Humpty Dumpty sat on a wall,
Humpty Dumpty had a great fall.
All the king's horses and all the king's men
Couldn't put Humpty together again."""

MARY = """Mary had a little lamb,
Its fleece was white as snow;
And everywhere that Mary went,
The lamb was sure to go."""

ROW = """Row, row, row your boat,
Gently down the stream.
Merrily, merrily, merrily, merrily,
Life is but a dream."""


@pytest.mark.parametrize("text,scheme,counts,meter", [
    (TWINKLE, "AABB", [7, 7, 7, 7], "trochaic tetrameter"),
    (AMAZING_GRACE, "ABAB CDCD", [8, 6, 8, 6, 8, 6, 8, 7], "common meter (8.6.8.6)"),
    (HUMPTY, "AABB", [8, 8, 10, 10], None),
    (MARY, "ABCB", [7, 6, 8, 6], "ballad meter"),
    (ROW, "ABCB", [5, 5, 12, 5], None),
])
def test_known_verses(text, scheme, counts, meter):
    a = prosody.analyze(text)
    assert a.scheme == scheme
    assert [l.syllables for l in a.lines] == counts
    if meter:
        assert a.meter.startswith(meter)
    d = a.to_dict()
    assert set(d) >= {"scheme", "meter", "lines", "internal_rhymes"}
    assert set(d["lines"][0]) >= {"text", "syllables", "stresses", "end_word", "rhyme"}


def test_sections_and_stanzas():
    a = prosody.analyze(AMAZING_GRACE)
    assert [l.section for l in a.lines] == ["Verse 1"] * 4 + ["Verse 2"] * 4
    assert [l.stanza for l in a.lines] == [0] * 4 + [1] * 4
    assert all("[" not in l.text for l in a.lines)
    assert a.lines[0].end_word == "sound" and a.lines[0].stresses.count("x") >= 1


def test_internal_and_multisyllabic():
    a = prosody.analyze("The cat in the hat sat flat\nI took the laptop to the crack pot")
    kinds = {r["kind"] for r in a.internal_rhymes}
    assert "internal" in kinds
    assert any({"cat", "hat"} <= set(r["words"]) for r in a.internal_rhymes)


@pytest.mark.parametrize("bad", ["", "   \n\n", "x" * 200_000, "\x00\x01\x02binary", "[Chorus]\n\n"])
def test_analyze_bad_input(bad):
    with pytest.raises(BadInput):
        prosody.analyze(bad)


@pytest.mark.parametrize("odd", ["🙂🙂🙂\nhello 🎸 world", "Schöne Grüße aus München\nΚαλημέρα κόσμε",
                                 "1 2 3 4\n555 666", "!!! ???\n...", "<script>alert(1)</script>"])
def test_analyze_odd_input_is_sensible(odd):
    a = prosody.analyze(odd)
    assert len(a.lines) == len([l for l in odd.splitlines() if l.strip()])
    for l in a.lines:
        assert l.syllables == len(l.stresses)


@pytest.mark.model
def test_rhymes_theme_reranks_with_real_embedder():
    """--theme uses the embedded sentence model: sea words climb for an ocean theme."""
    plain = [s.word for s in prosody.rhymes("shore", kind="perfect", limit=40)]
    themed = [s.word for s in prosody.rhymes("shore", kind="perfect", limit=40, theme="the ocean and sailing ships")]
    assert themed != plain
    sea = {"offshore", "onshore", "oar", "ashore", "explore"}
    rank = lambda ws: min((ws.index(w) for w in sea if w in ws), default=99)  # noqa: E731
    assert rank(themed) < rank(plain)


@pytest.mark.parametrize("word", ["night", "heart", "orange", "laptop", "leaving"])
def test_pruned_rhyme_scan_matches_the_full_list(word):
    # rhymes() stops reading a bucket once nothing in it can reach the top `limit`; the top of the
    # unpruned (limit=None) list must be exactly the same words in the same order.
    full = prosody.rhymes(word, limit=None)
    assert [s.word for s in prosody.rhymes(word, limit=20)] == [s.word for s in full[:20]]


def test_compounds_of_the_query_are_not_suggested_as_rhymes():
    # singing "town" against "hometown" repeats the word; rhymes for town must not offer it
    town = [s.word for s in prosody.rhymes("town", limit=60)]
    assert "down" in town and not {"hometown", "downtown", "uptown", "midtown"} & set(town)
    light = [s.word for s in prosody.rhymes("light", limit=60)]
    assert "flight" in light and not {"sunlight", "moonlight", "spotlight", "daylight"} & set(light)


def test_surname_spellings_of_common_words_are_not_suggested():
    town = [s.word for s in prosody.rhymes("town", limit=60)]
    assert "brown" in town and "crown" in town
    assert not {"browne", "crowne", "downe"} & set(town)


def test_letters_fragments_and_abbreviations_are_not_suggested():
    me = {s.word for s in prosody.rhymes("me", limit=None)}
    assert {"see", "free", "bee"} <= me
    assert not {"d", "t", "tv", "bbc", "dvd", "phd", "re", "ve", "ye"} & me
    day = {s.word for s in prosody.rhymes("day", limit=None)}
    assert "okay" in day and not {"ca", "da", "re"} & day
