"""The drafts database schema as numbered migrations, applied in order when a library is opened.

Migration names sort in order; a database that has a migration we do not know was written by a newer
songwriter and is refused untouched.
"""

from sqlite_utils import Migrations

MIGRATIONS = Migrations("songwriter-drafts")


@MIGRATIONS(name="m001_songs_and_revisions")
def m001(db):
    # Version 1: songs and their revisions (each revision is the whole song as JSON).
    db["songs"].create({"id": int, "title": str, "key": str, "tempo": int, "time_signature": str,
                        "created": str, "updated": str, "revision": int, "deleted": int}, pk="id")
    db["revisions"].create({"id": int, "song_id": int, "number": int, "created": str, "kind": str,
                            "message": str, "data": str}, pk="id",
                           foreign_keys=[("song_id", "songs", "id")])
    db["revisions"].create_index(["song_id", "number"], unique=True)


@MIGRATIONS(name="m002_tags_sections_lines_fts")
def m002(db):
    # Version 2: tags, normalised current sections/lines (for search and provenance) and FTS5.
    db["songs"].add_column("tags", str, not_null_default="[]")
    db["sections"].create({"song_id": int, "position": int, "kind": str, "label": str,
                           "chords": str, "length": float}, pk=("song_id", "position"))
    db["lines"].create({"id": int, "song_id": int, "section": int, "position": int, "text": str,
                        "source": str, "provenance": str}, pk="id")
    db["lines"].create_index(["song_id", "section", "position"])
    db["lines"].enable_fts(["text"], tokenize="porter", create_triggers=True)
    db["songs"].enable_fts(["title"], tokenize="porter", create_triggers=True)
    # Backfill the current lines of songs written under version 1 from their latest revision.
    import json

    from songwriter.drafts.library import index_song

    rows = db.execute("SELECT s.id, s.deleted, r.data FROM songs s JOIN revisions r "
                      "ON r.song_id = s.id AND r.number = s.revision").fetchall()
    for song_id, deleted, data in rows:
        index_song(db.conn, song_id, None if deleted else json.loads(data))


@MIGRATIONS(name="m003_embeddings")
def m003(db):
    # Version 3: sentence vectors for semantic search, keyed by a hash of the text they encode.
    db["embeddings"].create({"hash": str, "model": str, "vector": bytes}, pk="hash")


NAMES = [m.name for m in MIGRATIONS._migrations]
