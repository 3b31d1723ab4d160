"""A whole song from one request, and changes to one part of it.

    draft_song(DraftRequest(theme="leaving home at dawn"), progress=print) -> DraftResult
    draft_steps(request) -> iterator of DraftProgress (for streaming; close() it to stop)
    regenerate_section(song_id, "verse 2", theme_hint="darker")
    regenerate_line(song_id, "chorus", 3)
    transpose_song(song_id, "A major");  reform_song(song_id, "aaba")

Forms, genres and moods live in ``rhyme_data/forms.toml``.
"""

from songwriter.songdraft.draft import (DraftInterrupted, DraftProgress, DraftRequest, DraftResult,
                                        draft_song, draft_steps)
from songwriter.songdraft.revise import (find_section, reform_song, regenerate_line,
                                         regenerate_section, transpose_song)

__all__ = ["DraftRequest", "DraftResult", "DraftProgress", "DraftInterrupted", "draft_song",
           "draft_steps", "regenerate_section", "regenerate_line", "transpose_song", "reform_song",
           "find_section"]
