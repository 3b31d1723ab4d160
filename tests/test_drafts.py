"""Drafts library: migrations, revisions, provenance, history, search, import/export, bad input, CLI."""

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils

from songwriter.drafts import open_library
from songwriter.drafts.schema import MIGRATIONS, NAMES
from songwriter.errors import BadInput, Conflict, NotFound, SongwriterError
from songwriter.song import ChordEvent, Line, Section

COLUMNS = {
    "songs": ["id", "title", "key", "tempo", "time_signature", "created", "updated", "revision",
              "deleted", "tags"],
    "revisions": ["id", "song_id", "number", "created", "kind", "message", "data"],
    "sections": ["song_id", "position", "kind", "label", "chords", "length"],
    "lines": ["id", "song_id", "section", "position", "text", "source", "provenance"],
    "embeddings": ["hash", "model", "vector"],
}


def columns(path):
    db = sqlite_utils.Database(path)
    return {t: [c.name for c in db[t].columns] for t in COLUMNS if db[t].exists()}


@pytest.fixture
def lib(tmp_path):
    library = open_library(tmp_path / "songs.db")
    yield library
    library.close()


def test_migrations_from_empty(tmp_path):
    lib = open_library(tmp_path / "s.db")
    assert columns(tmp_path / "s.db") == COLUMNS
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert [m.name for m in MIGRATIONS.applied(sqlite_utils.Database(lib.conn))] == NAMES


@pytest.mark.parametrize("stop", NAMES[1:])
def test_migrations_from_each_older_schema(tmp_path, stop):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before=stop)
    older = columns(path)
    assert older != COLUMNS and set(older) < set(COLUMNS)
    # A song as version-1 code wrote it (the revision is the whole song as JSON).
    song = {"title": "Old River", "key": "D major", "tempo": 90, "time_signature": "3/4",
            "sections": [{"kind": "verse", "label": "Verse", "length": 0.0, "chords": [],
                          "lines": [{"text": "the old mill wheel keeps turning", "syllables": [],
                                     "provenance": {"source": "user"}}]}],
            "composer": "", "lyricist": "", "tags": [], "provenance": {}, "schema": 1}
    db.execute("INSERT INTO songs (id, title, key, tempo, time_signature, created, updated, "
               "revision, deleted) VALUES (1, 'Old River', 'D major', 90, '3/4', 'then', 'then', 1, 0)")
    db.execute("INSERT INTO revisions (song_id, number, created, kind, message, data) VALUES "
               "(1, 1, 'then', 'new', '', ?)", [json.dumps(song)])
    db.conn.commit()
    db.close()
    lib = open_library(path)
    assert columns(path) == COLUMNS
    got, rev = lib.get_song(1)
    assert rev == 1 and got.sections[0].lines[0].text == "the old mill wheel keeps turning"
    if stop == NAMES[1]:  # version-1 songs get their lines indexed by the migration
        assert lib.search("turn")[0]["song_id"] == 1


def test_newer_database_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    open_library(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES "
               "('songwriter-drafts', 'm999_future', 'later')")
    db.commit()
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SongwriterError, match="newer songwriter"):
        open_library(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_revisions_provenance_history_diff_restore(lib):
    song_id = lib.new_song("River", key="A minor")
    gen = {"source": "generated", "backend": "default", "model": "SmolLM2-135M-Instruct",
           "settings": {"temperature": 0.8}, "seed": 7, "prompt": "write_lines"}
    lib.add_section(song_id, Section("verse", lines=[Line("I wrote this one"),
                                                     Line("the model wrote this", provenance=gen)],
                                     chords=[ChordEvent("Am", "i", 0.0, 4.0)]))
    song, rev = lib.get_song(song_id)
    assert rev == 2
    song.sections[0].lines[1].text = "the model wrote this, I changed it"
    assert lib.save_song(song_id, song, expected_revision=2, message="tweak") == 3
    prov = lib.get_song(song_id)[0].sections[0].lines[1].provenance
    assert prov["source"] == "generated" and prov["edited"] is True and prov["seed"] == 7
    assert prov["original_text"] == "the model wrote this"
    row = lib.conn.execute("SELECT source, provenance FROM lines WHERE position = 2").fetchone()
    assert row[0] == "generated" and json.loads(row[1])["model"] == "SmolLM2-135M-Instruct"
    # Stale revision: refused, nothing lost.
    with pytest.raises(Conflict, match="changed meanwhile"):
        lib.save_song(song_id, song, expected_revision=2)
    assert [h["revision"] for h in lib.history(song_id)] == [1, 2, 3]
    assert [h["revision"] for h in lib.history(song_id, section=1)] == [2, 3]
    diff = lib.diff(song_id, 2, 3)
    assert "-the model wrote this\n" in diff and "+the model wrote this, I changed it\n" in diff
    assert " I wrote this one\n" in diff
    assert lib.restore(song_id, 2) == 4
    assert lib.get_song(song_id)[0].sections[0].lines[1].text == "the model wrote this"
    assert lib.get_song(song_id, 3)[0].sections[0].lines[1].text.endswith("I changed it")
    # Delete is a tombstone: gone from list and search, restorable.
    assert lib.delete(song_id) == 5
    assert lib.list_songs() == [] and lib.search("wrote") == []
    with pytest.raises(NotFound, match="restore"):
        lib.get_song(song_id)
    lib.restore(song_id, 4)
    assert lib.get_song(song_id)[1] == 6 and lib.search("wrote")


def test_full_text_stemming_and_semantic_paraphrase(lib):
    a = lib.new_song("Harbor")
    lib.add_section(a, Section("verse", lines=[Line("down by the water where the current runs"),
                                               Line("my father's hands were rough as rope")]))
    b = lib.new_song("City")
    lib.add_section(b, Section("chorus", lines=[Line("neon signs are burning all night long"),
                                                Line("I paid the rent with borrowed money")]))
    hits = lib.search("running currents")
    assert hits[0]["text"] == "down by the water where the current runs"
    assert lib.search("burn")[0]["song_id"] == b
    assert lib.search("harbors")[0]["line"] == 0  # title hit
    sem = lib.search("that line about the river", semantic=True)
    assert sem[0]["text"] == "down by the water where the current runs"
    assert lib.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 4
    # Changing a line refreshes its vector (keyed by text hash) and the FTS index.
    song, rev = lib.get_song(b)
    song.sections[0].lines[1].text = "we swam across the lake at dawn"
    lib.save_song(b, song, expected_revision=rev)
    assert lib.search("borrowed") == []
    assert lib.search("swimming in a lake", semantic=True)[0]["song_id"] == b
    assert lib.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 5


def test_json_round_trip_exact(tmp_path, lib):
    song_id = lib.new_song("<script>alert(1)</script> & [bold]", tags=["demo", "ünï"])
    lib.add_section(song_id, Section("verse", lines=[Line("emoji 🎸 and <b>html</b>"),
                                                     Line("x", provenance={"source": "suggestion",
                                                                           "edited": False})]))
    lib.delete(song_id)
    exported = lib.export_json()
    other = open_library(tmp_path / "other.db")
    assert other.import_json(json.dumps(exported)) == [song_id]
    assert other.export_json() == exported
    assert other.get_song(song_id, 2)[0].title == "<script>alert(1)</script> & [bold]"
    # Importing again: the id is taken, so the song gets a new one; history still complete.
    new_ids = other.import_json(exported)
    assert new_ids != [song_id] and len(other.history(new_ids[0])) == 3
    with pytest.raises(BadInput, match="version"):
        other.import_json({**exported, "version": 99})
    with pytest.raises(BadInput):
        other.import_json("{not json")


def test_bad_input_keeps_data(tmp_path, lib):
    song_id = lib.new_song("Keep me")
    lib.add_section(song_id, Section("verse", lines=[Line("a line to keep")]))
    with pytest.raises(NotFound):
        lib.get_song(424242)
    with pytest.raises(BadInput, match="limit"):  # a 1 MB section
        lib.add_section(song_id, Section("verse", lines=[Line("la " * 300) for _ in range(1200)]))
    with pytest.raises(BadInput):
        lib.new_song("   ")
    # Full disk, simulated with a page limit: a clear message, nothing half-written.
    pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
    lib.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(SongwriterError, match="full"):
        lib.add_section(song_id, Section("verse", lines=[Line(f"line {i} " * 100) for i in range(90)]))
    lib.conn.execute("PRAGMA max_page_count = 1073741823")
    # Read-only connection.
    lib.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(SongwriterError, match="read-only"):
        lib.new_song("nope")
    lib.conn.execute("PRAGMA query_only = OFF")
    song, rev = lib.get_song(song_id)
    assert rev == 2 and [l.text for l in song.sections[0].lines] == ["a line to keep"]
    assert lib.integrity() == "ok"
    # A damaged file.
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(SongwriterError, match="not a readable songwriter database"):
        open_library(bad)
    assert bad.read_bytes() == b"this is not sqlite" * 100


def test_backup_online_and_refuses_overwrite(tmp_path, lib):
    song_id = lib.new_song("Backed up")
    lib.add_section(song_id, Section("verse", lines=[Line("safe and sound")]))
    target = lib.backup(tmp_path / "copy.db")
    copy = open_library(target)
    assert copy.export_json() == lib.export_json() and copy.integrity() == "ok"
    with pytest.raises(BadInput, match="already exists"):
        lib.backup(target)


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "songwriter", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli_contract(tmp_path):
    title = "[bold]Lights[/bold] <script>x</script>"
    out = run_cli("song", "new", "--title", title, "--key", "A minor", "--json")
    assert out.returncode == 0, out.stderr
    song_id = json.loads(out.stdout)["id"]
    out = run_cli("song", "add", str(song_id), "--section", "verse", "--text-file", "-",
                  stdin="down by the water\nwhere the current runs\n")
    assert out.returncode == 0 and "revision 2" in out.stdout
    out = run_cli("song", "edit", str(song_id), "--section", "1", "--line", "2", "--text",
                  "where the currents run", "--expect-revision", "2", "--json")
    assert json.loads(out.stdout)["revision"] == 3
    out = run_cli("song", "edit", str(song_id), "--title", "x", "--expect-revision", "2")
    assert out.returncode == 1 and "changed meanwhile" in out.stderr
    out = run_cli("song", "show", str(song_id), "--provenance")
    assert title in out.stdout and "(user)" in out.stdout  # markup printed literally
    shown = json.loads(run_cli("song", "show", str(song_id), "--json").stdout)
    assert shown["song"]["title"] == title and shown["revision"] == 3
    assert "+where the currents run" in run_cli("song", "diff", str(song_id), "2", "3").stdout
    hits = json.loads(run_cli("song", "search", "current", "--json").stdout)
    assert hits and hits[0]["song_id"] == song_id
    assert run_cli("song", "delete", str(song_id)).returncode == 0
    assert json.loads(run_cli("song", "list", "--json").stdout) == []
    assert run_cli("song", "restore", str(song_id), "3").returncode == 0
    assert len(json.loads(run_cli("song", "history", str(song_id), "--json").stdout)) == 5
    out = run_cli("backup", str(tmp_path / "b.db"))
    assert out.returncode == 0 and (tmp_path / "b.db").exists()
    out = run_cli("song", "show", "999")
    assert out.returncode == 1 and out.stderr.startswith("error: no song") and "Traceback" not in out.stderr
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00binary")
    out = run_cli("song", "add", str(song_id), "--section", "verse", "--text-file", str(tmp_path / "bin.txt"))
    assert out.returncode == 1 and "not UTF-8" in out.stderr
