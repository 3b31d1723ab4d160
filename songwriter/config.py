"""Where user data lives, and shared paths to the data files shipped with the project."""

import os
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
        import platformdirs

        path = Path(platformdirs.user_data_dir("songwriter", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
