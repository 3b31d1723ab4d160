"""The drafts library: songs kept in one SQLite file, every change a new revision, nothing lost.

Storage layout (see schema.py): ``revisions`` holds each revision of a song as the shared Song JSON
and is append-only; ``songs``, ``sections`` and ``lines`` describe the *current* revision so it can be
listed, searched (FTS5, porter stemming, triggers) and shown with provenance without parsing JSON.
Writes run in one ``BEGIN IMMEDIATE`` transaction per user action, WAL mode, synchronous=FULL so an
acknowledged write survives the process being killed (and a power cut).
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from songwriter.errors import BadInput, Conflict, NotFound, SongwriterError
from songwriter.song import Section, Song

EXPORT_FORMAT = "songwriter-drafts"
EXPORT_VERSION = 1
# Limits that keep one mistaken paste from bloating the database: a section's lyric text and a line.
MAX_SECTION_CHARS = 100_000
MAX_LINE_CHARS = 2_000
MAX_TITLE_CHARS = 500
BUSY_TIMEOUT_MS = 10_000


def default_path() -> Path:
    """Where the library lives: ``songwriter_home()/songs.db``."""
    from songwriter.config import songwriter_home

    return songwriter_home() / "songs.db"


def open_library(path: str | os.PathLike | None = None) -> "Library":
    """Open (creating and migrating as needed) the drafts library at ``path`` or the default place."""
    return Library(Path(path) if path else default_path())


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def storage_error(exc: sqlite3.Error, path: Path) -> SongwriterError:
    """Turn an SQLite failure into a message a person can act on."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return SongwriterError(f"{path} is not a readable songwriter database (damaged or not "
                               f"SQLite): {text}. Nothing was changed; restore it from a backup.")
    if "readonly" in text or "read-only" in text:
        return SongwriterError(f"{path} is read-only; nothing was written ({text})")
    if "full" in text:
        return SongwriterError(f"the disk (or database size limit) is full; nothing was written, "
                               f"your existing songs are intact ({text})")
    if "locked" in text or "busy" in text:
        return Conflict(f"the library is busy (another songwriter is writing); nothing was written, "
                        f"try again ({text})")
    if "unable to open" in text:
        return SongwriterError(f"cannot open {path}: {text}")
    return SongwriterError(f"database error in {path}: {text}")


class Library:
    """One drafts database. Use :func:`open_library`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._changes = 0  # bumped by every write to the current lines (see line_vectors)
        self._line_vectors = None
        if self.path.is_dir():
            raise BadInput(f"{self.path} is a folder, not a database file")
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None,
                                        timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
            # FULL also syncs the WAL on each commit: survives SIGKILL (NORMAL would too) and power loss.
            self.conn.execute("PRAGMA synchronous = FULL")
        except BaseException as exc:
            self.conn.close()  # a refused file is not held open
            if isinstance(exc, sqlite3.Error):
                raise storage_error(exc, self.path) from None
            raise

    # --- plumbing ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        import sqlite_utils

        from songwriter.drafts.schema import MIGRATIONS, NAMES

        db = sqlite_utils.Database(self.conn)
        applied = [m.name for m in MIGRATIONS.applied(db)]
        unknown = [name for name in applied if name not in NAMES]
        if unknown:
            raise SongwriterError(
                f"{self.path} was written by a newer songwriter (schema {', '.join(unknown)}); "
                f"this version knows up to {NAMES[-1]}. It was left untouched — upgrade songwriter.")
        if not applied:
            others = [name for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name != '_sqlite_migrations' ORDER BY name")]
            if others:
                raise SongwriterError(
                    f"{self.path} is an SQLite database but not a songwriter library (it has tables "
                    f"{', '.join(others[:5])}{', ...' if len(others) > 5 else ''}). It was left "
                    f"untouched; choose another file.")
        if len(applied) < len(NAMES):
            MIGRATIONS.apply(db)

    def close(self) -> None:
        """Close the connection (the file stays consistent either way)."""
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _write(self):
        """One user action = one transaction; taken with IMMEDIATE so a conflict shows up at once."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise storage_error(exc, self.path) from None
            raise

    def _query(self, sql: str, params=()) -> list[sqlite3.Row]:
        try:
            cur = self.conn.execute(sql, params)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from None

    def _current_row(self, song_id: int, expected_revision: int | None) -> dict:
        """The song's row; :class:`Conflict` when ``expected_revision`` is no longer current."""
        row = self._song_row(song_id)
        if expected_revision is not None and expected_revision != row["revision"]:
            raise Conflict(
                f"song {song_id} changed meanwhile: you edited revision {expected_revision}, it "
                f"is now at revision {row['revision']}. Nothing was written and nothing is lost; "
                f"reload it (`songwriter song show {song_id}`) and apply your change again.")
        return row

    def _song_row(self, song_id: int, allow_deleted: bool = False) -> dict:
        rows = self._query("SELECT * FROM songs WHERE id = ?", (_song_id(song_id),))
        if not rows:
            raise NotFound(f"no song with id {song_id} (see `songwriter song list`)")
        row = rows[0]
        if row["deleted"] and not allow_deleted:
            raise NotFound(f"song {song_id} was deleted (revision {row['revision']}); "
                           f"`songwriter song restore {song_id} {row['revision'] - 1}` brings it back")
        return row

    # --- songs ------------------------------------------------------------------------------------
    def new_song(self, title: str, key: str = "C major", tempo: int = 96,
                 time_signature: str = "4/4", tags: list[str] | None = None,
                 message: str = "new song") -> int:
        """Create a song (revision 1) and return its id."""
        song = Song(title=title, key=key, tempo=tempo, time_signature=time_signature,
                    tags=list(tags or []))
        _check_song(song)
        with self._write() as conn:
            now = _now()
            cur = conn.execute(
                "INSERT INTO songs (title, key, tempo, time_signature, tags, created, updated, "
                "revision, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
                (song.title, song.key, song.tempo, song.time_signature, json.dumps(song.tags), now, now))
            song_id = cur.lastrowid
            self._append(conn, song_id, song, "new", message, now=now)
        return song_id

    def get_song(self, song_id: int, revision: int | None = None) -> tuple[Song, int]:
        """The song at its current revision (or at ``revision``) and that revision's number."""
        row = self._song_row(song_id, allow_deleted=revision is not None)
        number = revision if revision is not None else row["revision"]
        return self._song_at(row["id"], number), number

    def save_song(self, song_id: int, song: Song, expected_revision: int | None = None,
                  message: str = "") -> int:
        """Store ``song`` as a new revision and return its number.

        With ``expected_revision`` the save is refused with :class:`Conflict` when someone else saved
        meanwhile (nothing is written; both versions stay in history). A line whose text changed but
        whose provenance the caller left as it was keeps its origin and is marked ``edited``.
        """
        _check_song(song)
        song = copy.deepcopy(song)
        with self._write() as conn:
            row = self._current_row(song_id, expected_revision)
            previous = self._song_at(row["id"], row["revision"])
            _mark_edits(previous, song)
            return self._append(conn, row["id"], song, "save", message)

    def add_section(self, song_id: int, section: Section, expected_revision: int | None = None,
                    message: str = "") -> int:
        """Append a section to the song (a new revision); returns the revision number.

        Without ``expected_revision`` the read and the append share one transaction, so two writers
        appending at once both land; with it, a save meanwhile is a :class:`Conflict`.
        """
        with self._write() as conn:
            row = self._current_row(song_id, expected_revision)
            song = self._song_at(row["id"], row["revision"])
            song.sections.append(copy.deepcopy(section))
            _check_song(song)
            return self._append(conn, row["id"], song, "save", message or f"add {section.label}")

    def list_songs(self, include_deleted: bool = False) -> list[dict]:
        """Songs with id, title, key, tempo, time signature, tags, revision, created/updated."""
        where = "" if include_deleted else "WHERE deleted = 0"
        rows = self._query(f"SELECT * FROM songs {where} ORDER BY id")
        for row in rows:
            row["tags"] = self._stored_json(row["tags"], f"the tags of song {row['id']}")
            row["deleted"] = bool(row["deleted"])
        return rows

    def delete(self, song_id: int, message: str = "deleted") -> int:
        """Delete a song: a tombstone revision (restorable with :meth:`restore`)."""
        with self._write() as conn:
            row = self._song_row(song_id)
            song = self._song_at(row["id"], row["revision"])
            return self._append(conn, row["id"], song, "delete", message, deleted=True)

    def restore(self, song_id: int, revision: int, message: str = "") -> int:
        """Make an old revision current again, as a new revision (also undoes a delete)."""
        with self._write() as conn:
            row = self._song_row(song_id, allow_deleted=True)
            song = self._song_at(row["id"], revision)
            return self._append(conn, row["id"], song, "restore",
                                message or f"restore revision {revision}")

    # --- history ----------------------------------------------------------------------------------
    def history(self, song_id: int, section: int | None = None) -> list[dict]:
        """Revisions of a song (or only those that changed section number ``section``, 1-based)."""
        row = self._song_row(song_id, allow_deleted=True)
        revs = self._query("SELECT number, created, kind, message, data FROM revisions "
                           "WHERE song_id = ? ORDER BY number", (row["id"],))
        out, last = [], None
        for rev in revs:
            rev["revision"] = rev.pop("number")
            try:
                data = json.loads(rev.pop("data"))
                rev["title"] = data["title"]
                rev["lines"] = sum(len(s["lines"]) for s in data["sections"])
            except (ValueError, KeyError, TypeError):  # listed, so an intact one can be restored
                data = {"sections": []}
                rev["title"], rev["lines"] = "(damaged: cannot be read)", None
            if section is not None:
                secs = data["sections"]
                current = secs[section - 1] if 0 < section <= len(secs) else None
                if current == last:
                    continue
                last = current
            out.append(rev)
        return out

    def diff(self, song_id: int, rev1: int, rev2: int, section: int | None = None) -> str:
        """A unified, line-by-line diff between two revisions (empty when they are equal)."""
        row = self._song_row(song_id, allow_deleted=True)
        a = _render(self._song_at(row["id"], rev1), section)
        b = _render(self._song_at(row["id"], rev2), section)
        return "".join(difflib.unified_diff(a, b, f"revision {rev1}", f"revision {rev2}"))

    # --- search -----------------------------------------------------------------------------------
    def search(self, query: str, semantic: bool = False, limit: int = 10) -> list[dict]:
        """Find current lines (and titles): full text with stemming, or by meaning (``semantic``).

        Each hit: song_id, title, section, line (1-based; 0 for a title hit), text, score.
        """
        query = (query or "").strip()
        if not query:
            raise BadInput("search for what? the query is empty")
        if len(query) > MAX_LINE_CHARS:
            raise BadInput(f"the query is too long ({len(query)} characters; limit {MAX_LINE_CHARS})")
        return self._semantic(query, limit) if semantic else self._full_text(query, limit)

    def _full_text(self, query: str, limit: int) -> list[dict]:
        import re

        words = re.findall(r"\w+", query.lower())
        if not words:
            raise BadInput("the query has no words to search for")
        hits: list[dict] = []
        for joiner in (" ", " OR "):  # all words first; any word when that finds nothing
            match = joiner.join(f'"{w}"' for w in words)
            hits = self._query(
                "SELECT l.song_id, s.title, l.section, l.position AS line, l.text, "
                "-lines_fts.rank AS score FROM lines_fts JOIN lines l ON l.rowid = lines_fts.rowid "
                "JOIN songs s ON s.id = l.song_id WHERE lines_fts MATCH ? AND s.deleted = 0 "
                "ORDER BY lines_fts.rank LIMIT ?", (match, limit))
            hits += self._query(
                "SELECT s.id AS song_id, s.title, 0 AS section, 0 AS line, s.title AS text, "
                "-songs_fts.rank AS score FROM songs_fts JOIN songs s ON s.rowid = songs_fts.rowid "
                "WHERE songs_fts MATCH ? AND s.deleted = 0 ORDER BY songs_fts.rank LIMIT ?",
                (match, limit))
            if hits:
                break
        hits.sort(key=lambda h: -h["score"])
        return hits[:limit]

    def _semantic(self, query: str, limit: int) -> list[dict]:
        from songwriter.drafts.vectors import embed_texts

        vectors = self.line_vectors()
        if not vectors.rows:
            return []
        return vectors.search(embed_texts([query])[0], limit)

    def line_vectors(self):
        """The current lines and their vectors (:class:`~songwriter.drafts.vectors.LineVectors`),
        re-read only when the database changed since the last call; missing vectors are embedded
        and stored now."""
        from songwriter.drafts.vectors import LineVectors

        if self._line_vectors is None:
            self._line_vectors = LineVectors()
        try:
            # Read the marks before the lines: a commit in between only causes one more re-read.
            token = (self._changes, self.conn.execute("PRAGMA data_version").fetchone()[0])
            self._line_vectors.refresh(self.conn, token, self._store_vectors)
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from None
        return self._line_vectors

    def _store_vectors(self, rows: list[tuple]) -> None:
        try:
            with self._write() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO embeddings (hash, model, vector) VALUES (?, ?, ?)", rows)
        except SongwriterError:
            pass  # a read-only or full database still answers; the vectors stay in memory only

    # --- import / export / backup -----------------------------------------------------------------
    def export_json(self, song_id: int | None = None) -> dict:
        """One song (or, with ``song_id=None``, the whole library) with every revision, as a
        versioned JSON-ready dict that :meth:`import_json` reads back exactly."""
        if song_id is None:
            rows = self._query("SELECT * FROM songs ORDER BY id")
        else:
            rows = [self._song_row(song_id, allow_deleted=True)]
        songs = []
        for row in rows:
            revs = self._query("SELECT number, created, kind, message, data FROM revisions "
                               "WHERE song_id = ? ORDER BY number", (row["id"],))
            songs.append({
                "id": row["id"], "created": row["created"], "updated": row["updated"],
                "deleted": bool(row["deleted"]),
                "revisions": [{"revision": r["number"], "created": r["created"], "kind": r["kind"],
                               "message": r["message"],
                               "song": self._revision_data(row["id"], r["number"], r["data"])}
                              for r in revs]})
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "songs": songs}

    def import_json(self, data: dict | str) -> list[int]:
        """Add the songs of an :meth:`export_json` dict (or its JSON text) with all their history.
        A song keeps its id when that id is free here; returns the ids given. All or nothing."""
        if isinstance(data, (str, bytes)):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise BadInput(f"not JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise BadInput(f"not a songwriter drafts export (expected \"format\": \"{EXPORT_FORMAT}\")")
        if not isinstance(data.get("version"), int) or data["version"] > EXPORT_VERSION:
            raise BadInput(f"this export is format version {data.get('version')}; this songwriter "
                           f"reads version {EXPORT_VERSION} and older — upgrade songwriter")
        try:
            parsed = []
            for entry in data["songs"]:
                revs = [(r["revision"], r["created"], r["kind"], r["message"],
                         Song.from_dict(r["song"])) for r in entry["revisions"]]
                if not revs:
                    raise BadInput("a song in the export has no revisions")
                for *_, song in revs:
                    _check_song(song)
                parsed.append((entry, revs))
        except (KeyError, TypeError) as exc:
            raise BadInput(f"the export is incomplete or damaged ({exc!r})") from None
        ids = []
        with self._write() as conn:
            for entry, revs in parsed:
                wanted = entry.get("id")
                taken = wanted is None or conn.execute(
                    "SELECT 1 FROM songs WHERE id = ?", (wanted,)).fetchone()
                last = revs[-1][4]
                cur = conn.execute(
                    "INSERT INTO songs (id, title, key, tempo, time_signature, tags, created, "
                    "updated, revision, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
                    (None if taken else wanted, last.title, last.key, last.tempo,
                     last.time_signature, json.dumps(last.tags), entry["created"], entry["updated"]))
                song_id = cur.lastrowid
                for number, created, kind, message, song in revs:
                    self._append(conn, song_id, song, kind, message, now=created, number=number,
                                 deleted=(kind == "delete"))
                conn.execute("UPDATE songs SET updated = ?, deleted = ? WHERE id = ?",
                             (entry["updated"], int(bool(entry.get("deleted"))), song_id))
                ids.append(song_id)
        return ids

    def backup(self, target: str | os.PathLike) -> Path:
        """Copy the whole library, consistently, while it stays in use (SQLite's online backup).
        Refuses to overwrite an existing file."""
        target = Path(target).expanduser()
        if target.exists():
            raise BadInput(f"{target} already exists; choose a new file name (nothing was overwritten)")
        if not target.parent.is_dir():
            raise BadInput(f"folder {target.parent} does not exist")
        partial = target.with_name(target.name + ".partial")
        try:
            dest = sqlite3.connect(str(partial))
            with dest:
                self.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            dest.close()
            os.replace(partial, target)
        except (sqlite3.Error, OSError) as exc:
            partial.unlink(missing_ok=True)
            if isinstance(exc, sqlite3.Error):
                raise storage_error(exc, target) from None
            raise SongwriterError(f"cannot write backup {target}: {exc}") from None
        return target

    def integrity(self) -> str:
        """``PRAGMA integrity_check``'s answer ("ok" when the file is sound)."""
        return self._query("PRAGMA integrity_check")[0]["integrity_check"]

    # --- internals --------------------------------------------------------------------------------
    def _song_at(self, song_id: int, number: int) -> Song:
        """Revision ``number`` of a song as a Song; a damaged one is a clear error, not a traceback."""
        data = self._revision_data(song_id, number, self._revision(song_id, number)["data"])
        try:
            return Song.from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._damaged(song_id, number, exc) from None

    def _revision_data(self, song_id: int, number: int, data: str) -> dict:
        try:
            value = json.loads(data)
        except (ValueError, TypeError) as exc:
            raise self._damaged(song_id, number, exc) from None
        if not isinstance(value, dict):
            raise self._damaged(song_id, number, TypeError(f"a {type(value).__name__}, not a song"))
        return value

    def _damaged(self, song_id: int, number: int, exc: Exception) -> SongwriterError:
        return SongwriterError(
            f"revision {number} of song {song_id} in {self.path} is damaged and cannot be read "
            f"({type(exc).__name__}: {exc}). Nothing was changed and the other revisions are "
            f"intact: `songwriter song history {song_id}` lists them, `songwriter song restore "
            f"{song_id} REV` makes one current again.")

    def _stored_json(self, text: str, what: str):
        try:
            return json.loads(text)
        except (ValueError, TypeError) as exc:
            raise SongwriterError(f"{what} in {self.path} is damaged and cannot be read ({exc}); "
                                  f"nothing was changed") from None

    def _revision(self, song_id: int, number: int) -> dict:
        rows = self._query("SELECT * FROM revisions WHERE song_id = ? AND number = ?",
                           (song_id, number))
        if not rows:
            raise NotFound(f"song {song_id} has no revision {number} (see `songwriter song history "
                           f"{song_id}`)")
        return rows[0]

    def _append(self, conn, song_id: int, song: Song, kind: str, message: str, now: str | None = None,
                number: int | None = None, deleted: bool = False) -> int:
        """Add a revision and make it current (inside the caller's transaction)."""
        self._changes += 1  # even if the transaction rolls back: one needless re-read at worst
        now = now or _now()
        if number is None:
            number = conn.execute("SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE "
                                  "song_id = ?", (song_id,)).fetchone()[0]
        conn.execute("INSERT INTO revisions (song_id, number, created, kind, message, data) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (song_id, number, now, kind, message or "",
                      json.dumps(song.to_dict(), ensure_ascii=False, sort_keys=True)))
        conn.execute("UPDATE songs SET title = ?, key = ?, tempo = ?, time_signature = ?, tags = ?, "
                     "updated = ?, revision = ?, deleted = ? WHERE id = ?",
                     (song.title, song.key, song.tempo, song.time_signature,
                      json.dumps(song.tags, ensure_ascii=False), now, number, int(deleted), song_id))
        index_song(conn, song_id, None if deleted else song.to_dict())
        return number


def index_song(conn, song_id: int, data: dict | None) -> None:
    """Rewrite the current sections/lines rows of one song (FTS follows through triggers)."""
    conn.execute("DELETE FROM lines WHERE song_id = ?", (song_id,))
    conn.execute("DELETE FROM sections WHERE song_id = ?", (song_id,))
    if data is None:
        return
    for s_index, section in enumerate(data["sections"], start=1):
        conn.execute("INSERT INTO sections (song_id, position, kind, label, chords, length) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (song_id, s_index, section["kind"], section["label"],
                      json.dumps(section["chords"]), section["length"]))
        conn.executemany(
            "INSERT INTO lines (song_id, section, position, text, source, provenance) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(song_id, s_index, l_index, line["text"], line["provenance"].get("source", "user"),
              json.dumps(line["provenance"], ensure_ascii=False, sort_keys=True))
             for l_index, line in enumerate(section["lines"], start=1)])


def _song_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadInput(f"a song id is a number, not {value!r}") from None


def _check_song(song: Song) -> None:
    if not isinstance(song.title, str) or not song.title.strip():
        raise BadInput("a song needs a title")
    if len(song.title) > MAX_TITLE_CHARS:
        raise BadInput(f"the title is {len(song.title)} characters; the limit is {MAX_TITLE_CHARS}")
    for number, section in enumerate(song.sections, start=1):
        size = sum(len(line.text) for line in section.lines)
        if size > MAX_SECTION_CHARS:
            raise BadInput(f"section {number} ({section.label}) has {size:,} characters of lyrics; "
                           f"the limit is {MAX_SECTION_CHARS:,} per section. Nothing was saved.")
        for line in section.lines:
            if len(line.text) > MAX_LINE_CHARS:
                raise BadInput(f"a line in section {number} has {len(line.text):,} characters; the "
                               f"limit is {MAX_LINE_CHARS:,}. Nothing was saved.")
            if "\x00" in line.text:
                raise BadInput("a line contains a NUL byte (binary data?); nothing was saved")


def _mark_edits(previous: Song, song: Song) -> None:
    """A line at the same place whose text changed but whose provenance is unchanged was edited by
    the writer: keep where it came from, add ``edited`` and the text it had."""
    for old_sec, new_sec in zip(previous.sections, song.sections):
        for old, new in zip(old_sec.lines, new_sec.lines):
            if old.text == new.text or new.provenance != old.provenance:
                continue
            if new.provenance.get("source", "user") == "user":
                continue
            prov = dict(new.provenance)
            prov["edited"] = True
            prov.setdefault("original_text", old.text)
            new.provenance = prov


def _render(song: Song, section: int | None = None) -> list[str]:
    """A song as diffable text lines: header, then each section's label and lines."""
    out = []
    if section is None:
        out.append(f"title: {song.title}\n")
        out.append(f"key: {song.key}  tempo: {song.tempo}  time: {song.time_signature}\n")
        if song.tags:
            out.append(f"tags: {', '.join(song.tags)}\n")
    for number, sec in enumerate(song.sections, start=1):
        if section is not None and number != section:
            continue
        out.append(f"[{sec.label}]\n")
        for line in sec.lines:
            out.append(f"{line.text}\n")
        if sec.chords:
            out.append("chords: " + " ".join(c.symbol for c in sec.chords) + "\n")
    return out
