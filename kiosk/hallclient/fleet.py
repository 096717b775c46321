"""Telling the hall's device page what this process's devices are doing: ``PUT /api/v1/devices/{source}`` when
one changes and every ``every_s`` seconds (the hall shows a source that stopped reporting as silent). A report
that cannot reach the hall is not kept: the next one says it all again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from common.hallapi.fleet import DeviceIn, ReportIn
from kiosk.hallclient.base import HallClient, wire
from kiosk.hallclient.errors import HallError

log = logging.getLogger(__name__)

EVERY_S = 30.0  # well inside the hall's two minutes before a source counts as silent
QUIET_S = 0.5  # changes that come together (a bus losing every pad at once) go in one report


def report_body(report: ReportIn) -> dict[str, Any]:
    """The JSON the hall receives: each device's fields as its reporter set them, nothing added."""
    return wire(report)


class FleetReporter:
    def __init__(
        self, client: HallClient, source: str, devices: Callable[[], list[DeviceIn]], *, every_s: float = EVERY_S
    ) -> None:
        self._client, self.source, self._devices, self._every_s = client, source, devices, every_s
        self._changed = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fleet-report", daemon=True)
        self.sent = 0
        self.last_error: str | None = None

    def changed(self, *_what: object) -> None:
        """A device's status changed: report soon. Safe from any thread (a status listener)."""
        self._changed.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._changed.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self._client.timeout_s + 2)

    def send(self) -> bool:
        """One report now; False when the hall could not take it."""
        try:
            report = ReportIn(devices=self._devices())
        except ValidationError as error:  # a device said something the hall would refuse: a bug, not an outage
            return self._not_sent(f"设备报告无效 / invalid device report: {error.errors()[0]['msg']}")
        try:
            self._client.request("PUT", f"/api/v1/devices/{self.source}", json=report_body(report))
        except HallError as error:
            return self._not_sent(error.message)
        self.sent += 1
        self.last_error = None
        return True

    def _not_sent(self, why: str) -> bool:
        if why != self.last_error:
            log.info("device report not sent: %s", why)
        self.last_error = why
        return False

    def _run(self) -> None:
        while not self._stop.is_set():
            self._changed.clear()
            try:
                self.send()
            except Exception:  # a report is never worth the thread
                log.exception("device report failed")
            self._changed.wait(self._every_s)
            if not self._stop.is_set():
                self._stop.wait(QUIET_S)
