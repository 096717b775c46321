"""The hall server's background work (electronic supervision's sweep, the hotline's deliveries…): each a thread
that does one step every few seconds, started when the hall is built and stopped when it closes. A route module
adds its worker with ``add_worker``; ``Hall`` starts and stops them all (hall/server.py).

Each beats a heart (common/heartbeats.py) every turn, so a step that hangs stops the systemd watchdog's pings
and the hall is restarted (docs/deploy.md)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from fastapi import FastAPI

from common.heartbeats import HEARTBEATS, Heartbeats

log = logging.getLogger(__name__)

# How long one step may take beyond the wait between steps before its thread counts as hung: longer than any
# step's own timeouts (a hotline delivery, a gateway query), so only a thread that hangs for good is restarted.
STEP_ALLOWANCE_S = 300.0


class Periodic:
    """Runs ``step`` every ``every_s`` seconds in its own thread until stopped; ``wake`` runs it at once. A step
    that raises is logged and tried again at the next turn: background work never stops the hall."""

    def __init__(
        self, name: str, every_s: float, step: Callable[[], object], *, hearts: Heartbeats = HEARTBEATS
    ) -> None:
        self.name, self.every_s, self.step = name, every_s, step
        self._hearts = hearts
        self._stop, self._wake = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        with self._hearts.register(self.name, self.every_s + STEP_ALLOWANCE_S) as heart:
            while not self._stop.is_set():
                heart.beat()
                try:
                    self.step()
                except Exception:
                    log.exception("%s: this turn failed; trying again in %.0f s", self.name, self.every_s)
                self._wake.wait(self.every_s)
                self._wake.clear()


def add_worker(app: FastAPI, worker: Periodic) -> None:
    workers: list[Periodic] | None = getattr(app.state, "workers", None)
    if workers is None:
        app.state.workers = workers = []
    workers.append(worker)


def start_workers(app: FastAPI) -> None:
    for worker in getattr(app.state, "workers", []):
        worker.start()


def stop_workers(app: FastAPI) -> None:
    for worker in getattr(app.state, "workers", []):
        worker.stop()
