"""Per-session conversation state: the current song and what the last reply offered."""

from dataclasses import dataclass, field

from songwriter.song import Song


@dataclass
class ChatState:
    """One browser session. ``last_lines`` are lines the last reply offered ("use that" saves them);
    ``last_section`` is the section kind last written ("now a bridge" keeps the theme)."""

    song: Song = field(default_factory=lambda: Song(title="Untitled"))
    song_id: int | None = None
    revision: int | None = None
    last_lines: list[str] = field(default_factory=list)
    last_section: str = "verse"
    last_theme: str = ""
    last_export: str | None = None
    pending: dict | None = None  # a clarifying question waiting for its answer
    model: str | None = None  # backend spec: None = embedded SmolLM2, "fake" in tests
    export_dir: str | None = None
    pending_fix: int | None = None  # line index "use that" replaces after a fix
    pending_append: int | None = None  # section index "use that" appends a suggested next line to
    backend: object = None

    def get_backend(self):
        """The session's LM backend, loaded on first use (raises BackendError if it cannot load)."""
        if self.backend is None:
            from songwriter.lm import get_backend
            self.backend = get_backend(self.model)
        return self.backend
