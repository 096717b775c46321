"""Slow calls (hall, devices) as jobs: the work runs on a worker thread, the result comes back on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(eq=False)
class Job(Generic[T]):
    """``work`` runs off the UI thread; ``done(result)`` runs on it and may chain one more job (read the ID card,
    then take the number). A result whose screen or citizen session has ended meanwhile is dropped: the kiosk
    stamps ``generation`` when the job starts and compares it when the result arrives."""

    name: str
    work: Callable[[], T]
    done: Callable[[T], Job[Any] | None]
    generation: int = -1
