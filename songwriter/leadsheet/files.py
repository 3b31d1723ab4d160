"""Where an export goes: checking the target path, and writing it whole or not at all.

Every export is written to a temporary file in the target folder and renamed over the target, so a
crash, a full disk or a failing engraver never leaves a half-written lead sheet behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from songwriter.errors import BadInput, NotFound

# format -> file name endings it accepts; the first is the one we add when a name has none.
SUFFIXES = {
    "musicxml": (".musicxml", ".xml"),
    "pdf": (".pdf",),
    "png": (".png",),
    "svg": (".svg",),
    "midi": (".mid", ".midi"),
    "chordpro": (".cho", ".chordpro", ".chopro", ".crd", ".pro"),
    "txt": (".txt",),
    "wav": (".wav",),
    "json": (".json",),
}
FORMATS = tuple(SUFFIXES)

# Control characters and the characters some file systems refuse; a name with them is a typo or a trick.
_ODD = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def format_for(path: str | os.PathLike) -> str | None:
    """The format a file name's ending implies ("song.mid" -> "midi"), or None."""
    suffix = Path(path).suffix.lower()
    for fmt, endings in SUFFIXES.items():
        if suffix in endings:
            return fmt
    return None


def slug(title: str) -> str:
    """A safe file stem from a song title ("Río / Night!" -> "rio-night")."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(title)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:60] or "song"


def check_target(path: str | os.PathLike, fmt: str, title: str = "song") -> Path:
    """Validate an export path and return where to write.

    A folder gets a file named after the song; a name without an ending gets the format's ending.
    Refuses '..' in the path, odd characters in the name, a missing or read-only folder and an
    ending that names another format."""
    if fmt not in SUFFIXES:
        raise BadInput(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    raw = os.fspath(path)
    if not raw.strip():
        raise BadInput("no output path given")
    if ".." in Path(raw).parts:
        raise BadInput(f"the output path {raw!r} contains '..'; give the folder plainly "
                       "(an absolute path works)")
    target = Path(raw).expanduser()
    if target.is_dir():
        target = target / (slug(title) + SUFFIXES[fmt][0])
    name = target.name
    if _ODD.search(name) or name.startswith("-") or name.strip(" .") == "":
        raise BadInput(f"the file name {name!r} has characters that are not safe in a file name")
    if not target.suffix:
        target = target.with_name(name + SUFFIXES[fmt][0])
    elif target.suffix.lower() not in SUFFIXES[fmt]:
        implied = format_for(target)
        if implied:
            raise BadInput(f"the file name ends in {target.suffix} ({implied}) but the format is {fmt}")
        target = target.with_name(name + SUFFIXES[fmt][0])
    folder = target.parent
    if not folder.exists():
        raise NotFound(f"the folder {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise BadInput(f"{str(folder)!r} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadInput(f"the folder {str(folder)!r} is not writable")
    if target.is_dir():
        raise BadInput(f"{str(target)!r} is a folder, not a file")
    return target


def write_atomic(target: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder and a rename."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise BadInput(f"cannot write in {str(target.parent)!r}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise BadInput(f"cannot write {str(target)!r}: {exc.strerror}") from None
    except BaseException:
        _remove(tmp)
        raise
    return target


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
