"""What went wrong with the local store, in one short line for the log: the disk full, the database locked by
another process past its busy timeout, or SQLite's own words, never SQLAlchemy's statement and parameters."""

from __future__ import annotations

from kiosk.store.attachment_files import is_disk_full


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY after busy_timeout): another process holds the write lock."""
    text = str(getattr(error, "orig", error)).lower()
    return "database is locked" in text or "database table is locked" in text


def store_fault(error: BaseException) -> str:
    """``disk full: …``, ``database locked: …`` or ``store error: …``, with SQLite's or the OS's own reason."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).splitlines()
    reason = getattr(cause, "strerror", None) or (lines[0] if lines else type(cause).__name__)
    if is_disk_full(error):
        return f"disk full: {reason}"
    if is_locked(error):
        return f"database locked by another process: {reason}"
    return f"store error: {reason}"
