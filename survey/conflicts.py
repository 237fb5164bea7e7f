"""What the store refuses, as exceptions the command line and the pages turn into messages (never tracebacks)."""

from __future__ import annotations


class StoreConflict(Exception):
    """The request conflicts with what is stored (command line exit code 2)."""


class StoreSchemaError(StoreConflict):
    """The database holds tables of another version of the store (an earlier one not yet upgraded, or a newer
    one). Its message names no address, file or version: it may be shown to anyone."""


class StoreAreaSetError(StoreSchemaError):
    """The store keeps the rounds of another area set than the active one; the message names both."""


class RoundExistsError(StoreConflict):
    """Saving a round that is already stored needs an explicit replace."""


class ConcurrentSaveError(StoreConflict):
    """Someone else saved the same round while this save was being prepared."""


def check_length(what: str, text: str, limit: int) -> None:
    """Refuse, before anything is written, a text longer than its column (the same on every database)."""
    if len(text) > limit:
        raise StoreConflict(f"The {what} is {len(text)} characters long; the store keeps at most {limit}.")
