"""Song drafts kept in SQLite: revisions (nothing lost), provenance per line, history, search."""

from songwriter.drafts.library import (EXPORT_FORMAT, EXPORT_VERSION, MAX_LINE_CHARS,
                                       MAX_SECTION_CHARS, Library, default_path, open_library)

__all__ = ["open_library", "Library", "default_path", "EXPORT_FORMAT", "EXPORT_VERSION",
           "MAX_SECTION_CHARS", "MAX_LINE_CHARS"]
