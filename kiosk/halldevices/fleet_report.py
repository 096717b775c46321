"""The controller's devices on the hall's device page: every pad, window display and the voice, sent with
``PUT /api/v1/devices/{source}`` when one changes and every ``every_s`` seconds (the hall shows a source that
stopped reporting as silent). A report that cannot reach the hall is not kept: the next one says it all again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from devices.pads import PadStatus
from devices.state import DeviceState, DeviceStatus
from devices.ticketer import Announcer
from kiosk.hallclient import HallClient, HallError

log = logging.getLogger(__name__)

EVERY_S = 30.0  # well inside the hall's two minutes before a source counts as silent
QUIET_S = 0.5  # changes that come together (a bus losing every pad at once) go in one report


def pad_report(status: PadStatus, window: int) -> dict[str, Any]:
    c = status.counters
    return {
        "device": f"pad-{status.address}",
        "kind": "pad",
        "name": f"{window}号窗口评价器 / pad at window {window}",
        "state": status.state.value,
        "reasons": sorted(r.value for r in status.status.reasons),
        "message": "" if status.answering else status.status.describe(),
        "detail": {
            "window": window,
            "address": status.address,
            "firmware": status.firmware,
            "polls": c.polls,
            "crc_errors": c.crc_errors,
            "timeouts": c.timeouts,
            "exceptions": c.exceptions,
            "wrong_address": c.wrong_address,
            "retries": c.retries,
            "gaps": c.gaps,
            "restarts": c.restarts,
        },
        "last_seen": status.last_seen.isoformat() if status.last_seen else None,
    }


def display_report(window: int, status: DeviceStatus) -> dict[str, Any]:
    return {
        "device": f"display-{window}",
        "kind": "display",
        "name": f"{window}号窗口屏 / window {window} display",
        "state": status.state.value,
        "reasons": sorted(r.value for r in status.reasons),
        "message": status.detail or ("" if status.usable else status.describe()),
        "detail": {"window": window},
    }


class VoiceHealth:
    """The voice's state from the announcer's counters: FAULT once announcements fail and none has worked since."""

    def __init__(self, announcer: Announcer) -> None:
        self.announcer = announcer
        self._seen = (0, 0)
        self.state = DeviceState.READY

    def report(self) -> dict[str, Any]:
        spoken, failed = self.announcer.spoken, self.announcer.failed
        if spoken > self._seen[0]:
            self.state = DeviceState.READY
        elif failed > self._seen[1]:
            self.state = DeviceState.FAULT
        self._seen = (spoken, failed)
        fault = self.state is DeviceState.FAULT
        return {
            "device": "voice",
            "kind": "voice",
            "name": "叫号语音 / calling voice",
            "state": self.state.value,
            "message": "语音播报失败，请检查音箱 / announcements fail: check the speakers" if fault else "",
            "detail": {
                "spoken": spoken,
                "failed": failed,
                "quiet_skipped": self.announcer.skipped_quiet,
                "queued": self.announcer.pending,
            },
        }


class FleetReporter:
    def __init__(
        self, client: HallClient, source: str, devices: Callable[[], list[dict[str, Any]]], *, every_s: float = EVERY_S
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
            self._client.request("PUT", f"/api/v1/devices/{self.source}", json={"devices": self._devices()})
        except HallError as error:
            if error.message != self.last_error:
                log.info("device report not sent: %s", error.message)
            self.last_error = error.message
            return False
        self.sent += 1
        self.last_error = None
        return True

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
