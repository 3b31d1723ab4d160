"""One exception base whose message is shown to the person as is."""


class SongwriterError(Exception):
    """An error a person can act on; the CLI and the chat print its message without a traceback."""


class BadInput(SongwriterError):
    """The request itself is wrong: empty, too long, unknown key, impossible constraint."""


class NotFound(SongwriterError):
    """A song, revision, file or model that does not exist."""


class Conflict(SongwriterError):
    """Someone else changed the data meanwhile; nothing was written."""


class BackendError(SongwriterError):
    """The language model could not be loaded or the server did not answer."""
