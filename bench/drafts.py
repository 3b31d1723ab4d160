"""Drafts bench: write latency per action and search latency on a library of 1,000 synthetic songs,
each against a baseline measured in the same run (naive per-row commits in rollback-journal mode;
LIKE scans instead of FTS5; for semantic search, embedding every line on each query, and the previous
implementation that read and unpacked every stored vector from SQLite on each query).

Run: .venv/bin/python -m bench.drafts
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

WORDS = ("river water night light road home heart fire rain train city morning dream stone "
         "window summer winter highway dust gold silver shadow ocean mountain whisper dance "
         "burning running falling holding letting singing waiting broken open quiet wild").split()
SONGS = 1000


def _line(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 9)))


def _ms(samples):
    return statistics.median(samples) * 1000, sorted(samples)[int(len(samples) * 0.95)] * 1000


def previous_semantic(lib, query):
    """The semantic search this library did before the in-memory matrix: per query, read every
    current line, hash it, read and unpack its stored vector, embed the query with torch's default
    threads and score with numpy's BLAS ``@``."""
    import numpy as np

    from songwriter.drafts.vectors import text_hash
    from songwriter.embed import embed

    rows = lib.conn.execute("SELECT l.song_id, s.title, l.section, l.position AS line, l.text "
                            "FROM lines l JOIN songs s ON s.id = l.song_id WHERE s.deleted = 0 "
                            "AND trim(l.text) != ''").fetchall()
    hashes = [text_hash(r[4]) for r in rows]
    known = {}
    unique = list(dict.fromkeys(hashes))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for h, blob in lib.conn.execute(
                f"SELECT hash, vector FROM embeddings WHERE hash IN ({marks})", chunk):
            known[h] = np.frombuffer(blob, dtype=np.float32)
    vectors = np.stack([known[h] for h in hashes])
    scores = vectors @ embed([query])[0].astype(np.float32)
    return [rows[i] for i in np.argsort(-scores)[:10]]


def main():
    from songwriter.drafts import open_library
    from songwriter.song import Line, Section

    rng = random.Random(1)
    rows = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        lib = open_library(Path(tmp) / "songs.db")
        t0 = time.perf_counter()
        ids = []
        for n in range(SONGS):
            song_id = lib.new_song(f"Song {n} {rng.choice(WORDS)}")
            lib.add_section(song_id, Section("verse", lines=[Line(_line(rng)) for _ in range(4)]))
            lib.add_section(song_id, Section("chorus", lines=[Line(_line(rng)) for _ in range(4)]))
            ids.append(song_id)
        build = time.perf_counter() - t0
        lib.add_section(ids[500], Section("bridge", lines=[
            Line("down by the water where the current runs")]))

        def timed(fn, n=50):
            out = []
            for _ in range(n):
                t = time.perf_counter()
                fn()
                out.append(time.perf_counter() - t)
            return out

        new = timed(lambda: lib.new_song("bench"))
        add = timed(lambda: lib.add_section(rng.choice(ids), Section("verse", lines=[
            Line(_line(rng)) for _ in range(4)])))

        def edit():
            song_id = rng.choice(ids)
            song, rev = lib.get_song(song_id)
            song.sections[0].lines[0].text = _line(rng)
            lib.save_song(song_id, song, expected_revision=rev)
        edits = timed(edit)
        gets = timed(lambda: lib.get_song(rng.choice(ids)))

        # Baseline writes: a plain rollback-journal database, synchronous=FULL, one commit per row
        # (an action = a revision insert + 4 line inserts each committed on its own).
        base = sqlite3.connect(Path(tmp) / "naive.db")
        base.execute("CREATE TABLE lines (song INT, text TEXT)")
        base.execute("CREATE TABLE revisions (song INT, data TEXT)")

        def naive_add():
            base.execute("INSERT INTO revisions VALUES (1, 'x')")
            base.commit()
            for _ in range(4):
                base.execute("INSERT INTO lines VALUES (1, ?)", (_line(rng),))
                base.commit()
        naive = timed(naive_add)

        queries = ["burning river", "whisper", "holding broken", "ocean dust"]
        fts = timed(lambda: lib.search(rng.choice(queries)), 40)
        # LIKE has to scan every line and has no ranking, so it returns all matches (as FTS ranks all).
        def like_all():
            words = rng.choice(queries).split()
            where = " AND ".join("text LIKE ?" for _ in words)
            return lib.conn.execute(f"SELECT song_id, text FROM lines WHERE {where}",
                                    [f"%{w}%" for w in words]).fetchall()
        like = timed(like_all, 40)
        from songwriter.drafts.vectors import embed_texts
        embed_texts(["load the model"])  # the model load is not part of the first search
        t = time.perf_counter()
        first = lib.search("that line about the river", semantic=True)
        cold = time.perf_counter() - t
        sem = timed(lambda: lib.search("that line about the river", semantic=True), 50)
        lines = [r[0] for r in lib.conn.execute("SELECT text FROM lines").fetchall()]

        def edit_then_search():  # only the search is timed: it re-reads lines, embeds the new one
            song_id = rng.choice(ids)
            song, rev = lib.get_song(song_id)
            song.sections[0].lines[0].text = _line(rng)
            lib.save_song(song_id, song, expected_revision=rev)
            t = time.perf_counter()
            lib.search("that line about the river", semantic=True)
            return time.perf_counter() - t
        after_edit = [edit_then_search() for _ in range(20)]
        previous = timed(lambda: previous_semantic(lib, "that line about the river"), 10)
        # Embedding all lines again per query (no stored vectors), timed on a 512-line sample and
        # scaled linearly to the whole library so the bench stays a few minutes long. Same thread
        # setting as the library's own embedding.
        t = time.perf_counter()
        embed_texts(lines[:512])
        recompute = (time.perf_counter() - t) * len(lines) / 512
        size = (Path(tmp) / "songs.db").stat().st_size + (Path(tmp) / "songs.db-wal").stat().st_size

    def row(name, samples, baseline=None, note=""):
        med, p95 = _ms(samples)
        ratio = f"{_ms(baseline)[0] / med:.1f}x" if baseline else ""
        rows.append((name, f"{med:.2f}", f"{p95:.2f}", ratio, note))

    row("new song", new)
    row("add section (1 txn)", add, naive, "vs naive per-row commits, no WAL")
    row("edit line (get+save, expected rev)", edits)
    row("get song", gets)
    row("naive add section (5 commits)", naive)
    row("FTS5 search (porter)", fts, like, "vs LIKE scan (no stemming)")
    row("LIKE scan baseline", like)
    row("semantic search (in-memory matrix)", sem, previous, "vs reading every stored vector per query")
    row("semantic search right after an edit", after_edit, previous, "re-reads lines, embeds 1 line")
    row("previous: read+unpack vectors/query", previous)
    row("recompute: embed every line/query", [recompute], None, "scaled from 512 lines")
    print(f"library: {SONGS} songs, {len(lines)} lines, {size / 1e6:.1f} MB; built in {build:.1f} s; "
          f"first semantic search (embeds all lines once) {cold:.1f} s "
          f"({len(lines) / cold:.0f} lines/s); top hit: {first[0]['text']!r}")
    print(f"stored vectors vs embedding every line per query: {_ms([recompute])[0] / _ms(sem)[0]:.0f}x; "
          f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores)")
    print(f"| {'action':36} | {'median ms':>9} | {'p95 ms':>8} | {'speed-up':>8} | note")
    print(f"|{'-' * 38}|{'-' * 11}|{'-' * 10}|{'-' * 10}|------")
    for name, med, p95, ratio, note in rows:
        print(f"| {name:36} | {med:>9} | {p95:>8} | {ratio:>8} | {note}")


if __name__ == "__main__":
    main()
