"""Drafts bad input: missing ids, damaged or foreign files, read-only files, a full disk — each a clear
message (a SongwriterError, never a traceback) and the data that was there stays intact."""

import hashlib
import sqlite3

import pytest
import sqlite_utils

from songwriter.drafts import open_library
from songwriter.drafts.schema import MIGRATIONS
from songwriter.errors import NotFound, SongwriterError
from songwriter.song import Line, Section


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_library(path, songs=3):
    lib = open_library(path)
    for n in range(songs):
        song_id = lib.new_song(f"Song {n}")
        lib.add_section(song_id, Section("verse", lines=[Line(f"river line {n} {i} " * 10)
                                                         for i in range(6)]))
        song, rev = lib.get_song(song_id)
        song.sections[0].lines[0].text = f"the edited river line {n}"
        lib.save_song(song_id, song, expected_revision=rev)
    return lib


def settle(lib):
    """Close with everything in the main file, so its bytes say what the library holds."""
    lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.close()


def test_missing_song_id_everywhere(tmp_path):
    lib = make_library(tmp_path / "songs.db", songs=1)
    calls = {
        "get": lambda: lib.get_song(99), "save": lambda: lib.save_song(99, lib.get_song(1)[0]),
        "add": lambda: lib.add_section(99, Section("verse", lines=[Line("x")])),
        "delete": lambda: lib.delete(99), "restore": lambda: lib.restore(99, 1),
        "history": lambda: lib.history(99), "diff": lambda: lib.diff(99, 1, 2),
        "export": lambda: lib.export_json(99),
    }
    for name, call in calls.items():
        with pytest.raises(NotFound, match="no song with id 99"):
            call()
    with pytest.raises(NotFound, match="has no revision 7"):
        lib.restore(1, 7)
    with pytest.raises(NotFound, match="has no revision 7"):
        lib.diff(1, 1, 7)
    assert lib.get_song(1)[1] == 3 and lib.integrity() == "ok"


def test_damaged_revision_is_a_message_and_older_ones_restore(tmp_path):
    lib = make_library(tmp_path / "songs.db", songs=2)
    lib.conn.execute("UPDATE revisions SET data = '{\"title\": broken' WHERE song_id = 1 AND number = 3")
    for call in (lambda: lib.get_song(1), lambda: lib.export_json(), lambda: lib.diff(1, 2, 3),
                 lambda: lib.save_song(1, lib.get_song(2)[0]), lambda: lib.delete(1)):
        with pytest.raises(SongwriterError, match="revision 3 of song 1 .* is damaged.*restore"):
            call()
    history = lib.history(1)  # still listed, so the writer can pick an intact revision
    assert [h["revision"] for h in history] == [1, 2, 3] and "damaged" in history[2]["title"]
    assert lib.get_song(2)[1] == 3  # other songs unaffected
    assert lib.restore(1, 2) == 4
    assert lib.get_song(1)[0].sections[0].lines[0].text.startswith("river line 0 0")
    assert lib.conn.execute("SELECT data FROM revisions WHERE song_id = 1 AND number = 3"
                            ).fetchone()[0] == '{"title": broken'  # kept as it was
    lib.conn.execute("UPDATE revisions SET data = '[1, 2]' WHERE song_id = 2 AND number = 3")
    with pytest.raises(SongwriterError, match="revision 3 of song 2 .* is damaged"):
        lib.get_song(2)


def test_damaged_pages_and_truncated_file(tmp_path):
    path = tmp_path / "songs.db"
    settle(make_library(path, songs=30))
    size = path.stat().st_size
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(path.read_bytes()[: size // 3])
    before = digest(truncated)
    with pytest.raises(SongwriterError, match="not a readable songwriter database"):
        open_library(truncated)
    assert digest(truncated) == before
    damaged = tmp_path / "damaged.db"
    data = bytearray(path.read_bytes())
    data[size // 2: size // 2 + 3 * 4096] = b"\xa5" * (3 * 4096)
    damaged.write_bytes(bytes(data))
    lib = open_library(damaged)
    assert "Page" in lib.integrity()  # SQLite's report instead of "ok"
    with pytest.raises(SongwriterError, match="not a readable songwriter database.*backup"):
        lib.export_json()
    lib.close()


def test_foreign_sqlite_database_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE songs (name TEXT)")
    db.execute("INSERT INTO songs VALUES ('not ours')")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(SongwriterError, match="not a songwriter library.*songs.*untouched"):
        open_library(path)
    assert digest(path) == before


def test_read_only_file(tmp_path, monkeypatch):
    path = tmp_path / "songs.db"
    settle(make_library(path, songs=2))
    old = tmp_path / "old.db"
    db = sqlite_utils.Database(old)
    MIGRATIONS.apply(db, stop_before="m003_embeddings")
    db.close()
    before, before_old = digest(path), digest(old)
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect",
                        lambda p, *a, **k: real(f"file:{p}?mode=ro", *a, uri=True, **k))
    lib = open_library(path)
    assert [s["title"] for s in lib.list_songs()] == ["Song 0", "Song 1"]
    assert lib.get_song(2)[1] == 3 and lib.history(1) and lib.export_json()["songs"]
    assert lib.search("edited river")[0]["text"].startswith("the edited river line")
    # Semantic search still answers: the vectors it cannot store are kept in memory.
    assert lib.search("the edited river line 1", semantic=True)[0]["song_id"] == 2
    for write in (lambda: lib.new_song("nope"), lambda: lib.delete(1), lambda: lib.restore(1, 1),
                  lambda: lib.add_section(1, Section("verse", lines=[Line("x")]))):
        with pytest.raises(SongwriterError, match="read-only; nothing was written"):
            write()
    lib.close()
    with pytest.raises(SongwriterError, match="read-only; nothing was written"):
        open_library(old)  # needs a migration it cannot write
    monkeypatch.undo()
    assert digest(path) == before and digest(old) == before_old


def test_full_disk_every_write(tmp_path):
    lib = make_library(tmp_path / "songs.db", songs=1)
    expected = lib.export_json(1)
    pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
    lib.conn.execute(f"PRAGMA max_page_count = {pages}")
    big = [Line(f"a long line {i} " * 60) for i in range(40)]
    song, rev = lib.get_song(1)
    song.sections.append(Section("chorus", lines=big))
    for write in (lambda: lib.add_section(1, Section("verse", lines=big)),
                  lambda: lib.save_song(1, song, expected_revision=rev),
                  lambda: [lib.new_song(f"filler {i} " + "x" * 400) for i in range(200)]):
        with pytest.raises(SongwriterError, match="full; nothing was written"):
            write()
    # Semantic search still answers when its vectors cannot be stored.
    assert lib.search("the edited river line 0", semantic=True)[0]["song_id"] == 1
    lib.conn.execute("PRAGMA max_page_count = 1073741823")
    assert lib.export_json(1) == expected and lib.integrity() == "ok"
