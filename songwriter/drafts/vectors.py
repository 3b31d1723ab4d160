"""Semantic search over the current lines: their stored vectors kept as one matrix in memory.

Vectors live in the ``embeddings`` table keyed by a SHA-256 of the line text: computed lazily (in
batches, each committed, the first time a search needs them) and refreshed on change (a changed line
has a new text, so a new vector). Reading and unpacking every vector from SQLite on each query cost
more than the search itself, so a :class:`LineVectors` per library keeps the current lines and the
unit vectors of their distinct texts as one float32 matrix. It is rebuilt only when the database
changed — ``PRAGMA data_version`` moves when another connection commits, a counter when this library
writes — and a rebuild re-reads the lines only: vectors already in memory are reused by text, so only
new texts are fetched from the table or embedded. Scores are the dot products a brute-force pass
would compute.

Trade-off: the query and new lines are embedded with one torch thread. On a shared or busy CPU two
spinning OpenMP threads were 10-50x slower than one; on an idle multi-core machine a large first
embedding is somewhat slower than it could be.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, Callable, NamedTuple

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
EMBED_BATCH = 256  # lines embedded and committed together during the lazy first embedding
EMBED_THREADS = 1
LINES_SQL = ("SELECT l.song_id, s.title, l.section, l.position, l.text FROM lines l "
             "JOIN songs s ON s.id = l.song_id WHERE s.deleted = 0 AND trim(l.text) != '' "
             "ORDER BY l.song_id, l.section, l.position")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_texts(texts: list[str]) -> np.ndarray:
    from songwriter.embed import embed

    return np.asarray(embed(texts, threads=EMBED_THREADS), dtype=np.float32)


class LineVectors:
    """The current lines of one library and the unit vectors of their distinct texts.

    A refresh builds a new snapshot and swaps it in whole, so a search in another thread sees either
    the old lines with the old vectors or the new with the new, never a mix.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._snapshot = _Snapshot(None, [], np.zeros((0, DIM), dtype=np.float32),
                                   np.zeros(0, dtype=np.intp), {})

    @property
    def rows(self) -> list[tuple]:
        """(song_id, title, section, line, text) of each current line, in song order."""
        return self._snapshot.rows

    def refresh(self, conn, token, store: Callable[[list[tuple]], None]) -> None:
        """Re-read the current lines when ``token`` differs from the last one; vectors of texts not
        in memory come from the embeddings table, or are embedded now and handed to ``store``."""
        if token == self._snapshot.token:
            return
        with self._lock:
            old = self._snapshot
            if token == old.token:  # another thread refreshed meanwhile
                return
            rows = conn.execute(LINES_SQL).fetchall()
            texts = list(dict.fromkeys(r[4] for r in rows))
            missing = [t for t in texts if t not in old.index]
            found = self._stored(conn, missing)
            new = [t for t in missing if t not in found]
            for start in range(0, len(new), EMBED_BATCH):
                batch = new[start:start + EMBED_BATCH]
                fresh = embed_texts(batch)
                store([(text_hash(t), MODEL_NAME, v.tobytes()) for t, v in zip(batch, fresh)])
                found.update(zip(batch, fresh))
            vectors = np.empty((len(texts), DIM), dtype=np.float32)
            kept = [(i, old.index[t]) for i, t in enumerate(texts) if t in old.index]
            if kept:
                into, source = zip(*kept)
                vectors[list(into)] = old.vectors[list(source)]
            for i, t in enumerate(texts):
                if t in found:
                    vectors[i] = found[t]
            index = {t: i for i, t in enumerate(texts)}
            of_row = np.fromiter((index[r[4]] for r in rows), dtype=np.intp, count=len(rows))
            self._snapshot = _Snapshot(token, rows, vectors, of_row, index)

    @staticmethod
    def _stored(conn, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of ``texts`` (a damaged one is left out, so it is embedded again)."""
        by_hash = {text_hash(t): t for t in texts}
        hashes = list(by_hash)
        found = {}
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for h, blob in conn.execute(
                    f"SELECT hash, vector FROM embeddings WHERE hash IN ({marks})", chunk):
                if blob is not None and len(blob) == DIM * 4:
                    found[by_hash[h]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def search(self, query_vector: np.ndarray, limit: int) -> list[dict]:
        """The ``limit`` best lines by cosine similarity; ties keep song/section/line order."""
        snap = self._snapshot
        if not snap.rows:
            return []
        # einsum instead of `@`: no BLAS thread pool to spin up for a matrix-vector product.
        scores = np.einsum("ij,j->i", snap.vectors, query_vector.astype(np.float32))[snap.of_row]
        order = np.argsort(-scores, kind="stable")[:limit]
        keys = ("song_id", "title", "section", "line", "text")
        return [{**dict(zip(keys, snap.rows[i])), "score": round(float(scores[i]), 4)}
                for i in order]


class _Snapshot(NamedTuple):
    token: Any  # what the database looked like when the lines were read
    rows: list[tuple]  # (song_id, title, section, line, text) per current line, in song order
    vectors: np.ndarray  # (distinct texts × DIM) float32, unit rows
    of_row: np.ndarray  # for each row, its text's row in `vectors`
    index: dict[str, int]  # text -> its row in `vectors`
