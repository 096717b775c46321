"""Errors a person can act on: each carries one line, Chinese first, that the CLI prints instead of a traceback."""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error that reaches a technician as a message rather than a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def lines(self) -> list[str]:
        return self.details or [self.message]


class ConfigError(KioskError):
    """A config file that cannot be used; ``details`` has one line per problem."""

    exit_code = 2


class DataDirError(KioskError):
    """The data directory cannot be created or written."""

    exit_code = 2


class StoreError(KioskError):
    """The local store cannot be opened safely; nothing in it was changed."""

    exit_code = 2
