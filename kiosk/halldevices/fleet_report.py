"""The controller's devices as the hall's device page wants them: every pad, window display and the voice
(sent by kiosk/hallclient/fleet.py's FleetReporter)."""

from __future__ import annotations

from common.hallapi.base import printable
from common.hallapi.fleet import DeviceIn
from devices.pads import PadStatus
from devices.state import DeviceState, DeviceStatus
from devices.ticketer import Announcer


def pad_report(status: PadStatus, window: int) -> DeviceIn:
    c = status.counters
    return DeviceIn(
        device=f"pad-{status.address}",
        kind="pad",
        name=f"{window}号窗口评价器 / pad at window {window}",
        state=status.state,
        reasons=sorted(r.value for r in status.status.reasons),
        message="" if status.answering else printable(status.status.describe())[:300],
        detail={
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
        last_seen=status.last_seen,
    )


def display_report(window: int, status: DeviceStatus) -> DeviceIn:
    return DeviceIn(
        device=f"display-{window}",
        kind="display",
        name=f"{window}号窗口屏 / window {window} display",
        state=status.state,
        reasons=sorted(r.value for r in status.reasons),
        message=printable(status.detail or ("" if status.usable else status.describe()))[:300],
        detail={"window": window},
    )


class VoiceHealth:
    """The voice's state from the announcer's counters: FAULT once announcements fail and none has worked since."""

    def __init__(self, announcer: Announcer) -> None:
        self.announcer = announcer
        self._seen = (0, 0)
        self.state = DeviceState.READY

    def report(self) -> DeviceIn:
        spoken, failed = self.announcer.spoken, self.announcer.failed
        if spoken > self._seen[0]:
            self.state = DeviceState.READY
        elif failed > self._seen[1]:
            self.state = DeviceState.FAULT
        self._seen = (spoken, failed)
        fault = self.state is DeviceState.FAULT
        return DeviceIn(
            device="voice",
            kind="voice",
            name="叫号语音 / calling voice",
            state=self.state,
            message="语音播报失败，请检查音箱 / announcements fail: check the speakers" if fault else "",
            detail={
                "spoken": spoken,
                "failed": failed,
                "quiet_skipped": self.announcer.skipped_quiet,
                "queued": self.announcer.pending,
            },
        )
