"""Where user data lives, and shared paths to the data files shipped with the project."""

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RHYME_DATA = PROJECT_ROOT / "rhyme_data"
PROMPTS = PROJECT_ROOT / "prompts"


def songwriter_home() -> Path:
    """The user's data folder: ``$SONGWRITER_HOME`` or the platform's user data dir. Created on use."""
    env = os.environ.get("SONGWRITER_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        path = user_dir("data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_dir(kind: str) -> Path:
    """The platform's per-user ``data`` or ``cache`` folder for songwriter (not created).

    On Linux the XDG rules are two lines; importing platformdirs there costs a cold CLI call ~6 ms."""
    if sys.platform.startswith("linux"):
        var, default = {"data": ("XDG_DATA_HOME", ".local/share"),
                        "cache": ("XDG_CACHE_HOME", ".cache")}[kind]
        base = os.environ.get(var, "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / default
        return root / "songwriter"
    import platformdirs

    find = platformdirs.user_data_dir if kind == "data" else platformdirs.user_cache_dir
    return Path(find("songwriter", appauthor=False))
