"""The VerifyError family: errors a person can act on.

Every error carries what went wrong (the message) and what to do about it (the hint).
The CLI catches VerifyError once, prints both, and exits non-zero; the web API turns
them into 4xx JSON answers.
"""

from __future__ import annotations


class VerifyError(Exception):
    """Base class: a failure the user can fix. ``hint`` says how."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message if not self.hint else f"{self.message}\n{self.hint}"

    def __reduce__(self) -> tuple:
        # pickled as it is (message, hint and any extra attribute), whatever the subclass's
        # __init__ takes: errors travel back from worker processes
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type, message: str, state: dict) -> VerifyError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class InputError(VerifyError):
    """Bad user input: an empty quote, a malformed JSON line, an unreadable file."""


class SourceError(InputError):
    """A corpus file (or one row of it) that cannot be ingested."""

    def __init__(self, message: str, hint: str | None = None, *, origin: str | None = None):
        super().__init__(message, hint)
        self.origin = origin


class ConfigError(VerifyError):
    """A missing or invalid setting: sources.toml, VERIFY_HOME, a model path."""


class StoreError(VerifyError):
    """The store is missing, locked or corrupt."""


class NotFoundError(VerifyError):
    """A document, review or other record that does not exist."""

    http_status = 404


class IndexMissingError(VerifyError):
    """No vector index has been built yet."""

    http_status = 503


class IndexMismatchError(VerifyError):
    """The vector index was built with another model or another store."""

    http_status = 503


class FetchError(VerifyError):
    """A page could not be fetched."""
