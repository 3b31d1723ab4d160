"""Semantic search over the current lines: their stored vectors kept as one matrix in memory.

Vectors live in the ``embeddings`` table keyed by a SHA-256 of the line text: computed lazily (in
batches, each committed, the first time a search needs them) and refreshed on change (a changed line
has a new text, so a new vector). Reading and unpacking every vector from SQLite on each query cost
more than the search itself, so a :class:`LineVectors` per library keeps the current lines and their
unit-length vectors as a float32 matrix. It is rebuilt only when the database changed — ``PRAGMA
data_version`` moves when another connection commits, a counter when this library writes — and a
rebuild re-reads the lines only: vectors already in memory are reused by text, so only new texts are
fetched from the table or embedded. Scores are the same dot products a brute-force pass would compute.

Trade-off: the query and new lines are embedded with one torch thread. On a shared or busy CPU two
spinning OpenMP threads were 10-50x slower than one; on an idle multi-core machine a large first
embedding is somewhat slower than it could be.
"""

from __future__ import annotations

import hashlib
from typing import Callable

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
    """The current lines of one library and a (lines × 384) matrix of their unit vectors."""

    def __init__(self):
        self.token = None  # what the database looked like when `rows`/`matrix` were read
        self.rows: list[tuple] = []  # (song_id, title, section, line, text), in song order
        self.matrix = np.zeros((0, DIM), dtype=np.float32)
        self._by_text: dict[str, np.ndarray] = {}  # vectors of the current texts

    def refresh(self, conn, token, store: Callable[[list[tuple]], None]) -> None:
        """Re-read the current lines when ``token`` differs from the last one; vectors for texts not
        in memory come from the embeddings table, or are embedded now and handed to ``store``."""
        if token == self.token:
            return
        rows = conn.execute(LINES_SQL).fetchall()
        texts = list(dict.fromkeys(r[4] for r in rows))
        known = {t: self._by_text[t] for t in texts if t in self._by_text}
        missing = [t for t in texts if t not in known]
        if missing:
            by_hash = {text_hash(t): t for t in missing}
            hashes = list(by_hash)
            for start in range(0, len(hashes), 500):
                chunk = hashes[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for h, blob in conn.execute(
                        f"SELECT hash, vector FROM embeddings WHERE hash IN ({marks})", chunk):
                    if blob is not None and len(blob) == DIM * 4:  # else damaged: embed again
                        known[by_hash[h]] = np.frombuffer(blob, dtype=np.float32)
            missing = [t for t in missing if t not in known]
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            fresh = embed_texts(batch)
            store([(text_hash(t), MODEL_NAME, v.tobytes()) for t, v in zip(batch, fresh)])
            known.update(zip(batch, fresh))
        self._by_text = known
        self.rows = rows
        self.matrix = (np.stack([known[r[4]] for r in rows]) if rows
                       else np.zeros((0, DIM), dtype=np.float32))
        self.token = token

    def search(self, query_vector: np.ndarray, limit: int) -> list[dict]:
        """The ``limit`` best lines by cosine similarity; ties keep song/section/line order."""
        if not self.rows:
            return []
        # einsum instead of `@`: no BLAS thread pool to spin up for a matrix-vector product.
        scores = np.einsum("ij,j->i", self.matrix, query_vector.astype(np.float32))
        order = np.argsort(-scores, kind="stable")[:limit]
        keys = ("song_id", "title", "section", "line", "text")
        return [{**dict(zip(keys, self.rows[i])), "score": round(float(scores[i]), 4)}
                for i in order]
