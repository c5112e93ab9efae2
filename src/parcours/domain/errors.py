"""Domain exceptions: the entry points turn them into messages and exit codes."""

from __future__ import annotations


class ParcoursError(Exception):
    """Base of every error parcours reports to a user."""


class DocumentError(ParcoursError):
    """A document cannot be imported; the message names the file and the reason."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


class UnknownFamilyError(DocumentError):
    """No importer recognises the document."""


class NotFoundError(ParcoursError):
    """A referential, job or competency asked for does not exist."""


class ConflictError(ParcoursError):
    """The action does not fit the current state (a closed campaign, a decided record...)."""


class BusyError(ParcoursError):
    """The database stayed locked by another writer longer than the busy timeout, or another
    import is running: nothing was written; try again (HTTP 503 with Retry-After, exit 2)."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)
