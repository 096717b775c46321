"""Subscribers to a device's events: add and remove them from any thread, and tell each one, whatever others do."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
Event = TypeVar("Event")


class Listeners(Generic[Event]):
    def __init__(self, owner: str) -> None:
        self.owner = owner
        self._listeners: list[Callable[[Event], None]] = []
        self._lock = threading.Lock()

    def add(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        """Subscribe; returns the function that unsubscribes."""
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def emit(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                # One broken subscriber must not keep the others from hearing, nor stop the thread emitting.
                log.exception("a listener of %s failed", self.owner)
