"""Semantic search over drafts: the in-memory matrix answers exactly as a brute-force recompute would,
follows every change (this library's, another connection's), stores vectors and embeds each text once."""

import numpy as np
import pytest

from songwriter.drafts import open_library
from songwriter.drafts import vectors as vectors_module
from songwriter.embed import embed
from songwriter.song import Line, Section

LINES = {
    "Harbor": ["down by the water where the current runs", "my father's hands were rough as rope",
               "gulls are crying over the pier"],
    "City": ["neon signs are burning all night long", "I paid the rent with borrowed money",
             "the subway sings beneath my feet"],
    "Field": ["wheat is bending in the summer wind", "down by the water where the current runs",
              "a tractor rusting by the barn"],
}
QUERIES = ["that line about the river", "money troubles", "farm life", "night in town", "birds"]


@pytest.fixture
def lib(tmp_path):
    library = open_library(tmp_path / "songs.db")
    for title, lines in LINES.items():
        song_id = library.new_song(title)
        library.add_section(song_id, Section("verse", lines=[Line(t) for t in lines]))
    yield library
    library.close()


def brute_force(lib, query, limit=50):
    """Embed every current line from scratch and rank: what semantic search must agree with."""
    rows = lib.conn.execute(vectors_module.LINES_SQL).fetchall()
    scores = embed([r[4] for r in rows]) @ embed([query])[0]
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(rows[i][0], rows[i][2], rows[i][3], rows[i][4], float(scores[i])) for i in order]


def assert_same_as_brute_force(lib, query):
    got = lib.search(query, semantic=True, limit=50)
    want = brute_force(lib, query)
    assert [(h["song_id"], h["section"], h["line"], h["text"]) for h in got] == \
        [w[:4] for w in want]
    assert [h["score"] for h in got] == pytest.approx([w[4] for w in want], abs=2e-4)


def current_texts(lib):
    return sorted(r[4] for r in lib.conn.execute(vectors_module.LINES_SQL))


def test_ranking_matches_brute_force(lib):
    for query in QUERIES:
        assert_same_as_brute_force(lib, query)


def test_edit_then_search_finds_new_text_not_old(lib):
    lib.search("warm the matrix up", semantic=True)  # the matrix now holds the old lines
    song_id = lib.search("borrowed money", semantic=True)[0]["song_id"]
    song, rev = lib.get_song(song_id)
    old = song.sections[0].lines[1].text
    assert old == "I paid the rent with borrowed money"
    song.sections[0].lines[1].text = "a lighthouse keeper counting ships"
    lib.save_song(song_id, song, expected_revision=rev)
    hits = lib.search("a lighthouse keeper counting ships", semantic=True, limit=50)
    assert hits[0]["text"] == "a lighthouse keeper counting ships" and hits[0]["score"] > 0.99
    assert (hits[0]["song_id"], hits[0]["section"], hits[0]["line"]) == (song_id, 1, 2)
    texts = [h["text"] for h in hits]
    assert old not in texts and sorted(texts) == current_texts(lib)
    assert_same_as_brute_force(lib, "borrowed money")


def test_other_connection_changes_are_seen(tmp_path, lib):
    lib.search("warm the matrix up", semantic=True)
    other = open_library(tmp_path / "songs.db")  # e.g. the CLI while the web app is running
    song_id = other.new_song("Coast")
    other.add_section(song_id, Section("verse", lines=[Line("a lighthouse keeper counting ships")]))
    harbor = 1
    song, rev = other.get_song(harbor)
    song.sections[0].lines[0].text = "snow falls on the mountain pass"
    other.save_song(harbor, song, expected_revision=rev)
    other.delete(2)
    other.close()
    hits = lib.search("lighthouse", semantic=True, limit=50)
    assert hits[0]["song_id"] == song_id
    texts = [h["text"] for h in hits]
    assert sorted(texts) == current_texts(lib)
    assert "neon signs are burning all night long" not in texts  # song 2 deleted
    assert texts.count("down by the water where the current runs") == 1  # only Field's copy left
    assert_same_as_brute_force(lib, "that line about the river")


def test_delete_and_restore_follow(lib):
    lib.search("warm the matrix up", semantic=True)
    lib.delete(2)
    assert {h["song_id"] for h in lib.search("neon", semantic=True, limit=50)} == {1, 3}
    lib.restore(2, 2)
    assert lib.search("neon signs burning", semantic=True)[0]["song_id"] == 2


def test_vectors_stored_and_each_text_embedded_once(tmp_path, lib, monkeypatch):
    embedded = []
    real = vectors_module.embed_texts

    def counting(texts):
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(vectors_module, "embed_texts", counting)
    lib.search("river", semantic=True)
    distinct = {t for lines in LINES.values() for t in lines}
    assert sorted(embedded) == sorted(distinct | {"river"})  # the shared line only once
    stored = lib.conn.execute("SELECT count(*), min(length(vector)) FROM embeddings").fetchone()
    assert stored == (len(distinct), 384 * 4)
    embedded.clear()
    lib.search("river", semantic=True)
    assert embedded == ["river"]  # the query only
    # A new library object on the same file reads the stored vectors instead of embedding again.
    again = open_library(tmp_path / "songs.db")
    again.search("river", semantic=True)
    assert embedded == ["river", "river"]
    # One edited line: only its new text is embedded.
    song, rev = again.get_song(1)
    song.sections[0].lines[2].text = "gulls are crying over the harbour"
    again.save_song(1, song, expected_revision=rev)
    again.search("river", semantic=True)
    assert embedded[2:] == ["gulls are crying over the harbour", "river"]
    again.close()


def test_damaged_vector_is_embedded_again(tmp_path, lib):
    lib.search("river", semantic=True)
    lib.conn.execute("UPDATE embeddings SET vector = x'0102'")  # truncated blobs
    fresh = open_library(tmp_path / "songs.db")
    assert_same_as_brute_force(fresh, "that line about the river")
    assert fresh.conn.execute("SELECT min(length(vector)) FROM embeddings").fetchone()[0] == 384 * 4
    fresh.close()


def test_read_only_library_still_searches(lib):
    lib.conn.execute("PRAGMA query_only = ON")  # vectors cannot be stored: kept in memory only
    assert lib.search("that line about the river", semantic=True)[0]["text"] == \
        "down by the water where the current runs"
    assert lib.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 0
    lib.conn.execute("PRAGMA query_only = OFF")


def test_empty_library(tmp_path):
    lib = open_library(tmp_path / "empty.db")
    assert lib.search("anything", semantic=True) == []
    lib.close()
