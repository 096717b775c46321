"""The technician's door: a PIN (locked after five wrong ones), then devices, sync, logs and simulators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from devices.words import Words
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.simulators import SimulatorControl, simulator_controls
from kiosk.station.ports import DeviceInfo, PinResult

T = TypeVar("T")
PIN_MAX = 8
LOG_LINES = 12
QUIT_CONFIRM_S = 5.0  # the second tap on "确认退出" must come within this; later, quitting asks again
ASK_QUIT = Words(
    "再点一次“确认退出”即关闭程序，本机将停止服务",
    "Tap “Confirm quit” again to close the program: the kiosk stops serving",
)


def locked_words(at: str) -> Words:
    return Words(f"密码错误次数过多，已锁定，请于 {at} 后再试", f"Too many wrong PINs: locked until {at}")


def wrong_pin_words(attempts_left: int) -> Words:
    return Words(f"密码错误，还可尝试 {attempts_left} 次", f"Wrong PIN: {attempts_left} attempts left")


def in_zone(line: str, zone: ZoneInfo) -> str:
    """A log line with its leading time (ISO 8601 with an offset, as the log writes it) shown in the hall's zone,
    the way the technician reads the hall's clocks: ``2026-12-05T00:12:03.120+00:00 INFO …`` -> ``12-05 08:12:03
    INFO …``. A line without one is left as it is."""
    stamp, space, rest = line.partition(" ")
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return line
    if moment.tzinfo is None or not space:
        return line
    return f"{moment.astimezone(zone):%m-%d %H:%M:%S} {rest}"


@dataclass(frozen=True)
class StationStatus:
    devices: tuple[DeviceInfo, ...]
    outbox_pending: int
    outbox_error: str | None
    log_tail: tuple[str, ...]
    controls: tuple[SimulatorControl, ...]


Outcome = tuple[str, dict[str, object] | None]  # an audit entry's outcome and detail
OK: Outcome = ("ok", None)


def _printed(result: tuple[bool, Words | None]) -> Outcome:
    printed, why = result
    return OK if printed else ("failed", {"why": why.en if why is not None else ""})


class TechStep(StrEnum):
    PIN = "pin"
    OPEN = "open"


class TechnicianFlow(Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = TechStep.PIN
        self.status: StationStatus | None = None
        self.last_scan = ""
        self.locked_until: datetime | None = None
        self.quit_asked_at: float | None = None  # the first tap on quit (the kiosk's monotonic clock)

    # -- the PIN --------------------------------------------------------------------------------------------
    @property
    def pin_length(self) -> int:
        return len(self.session.pin)

    def digit(self, digit: str) -> None:
        if self.step is TechStep.PIN and digit.isdigit() and len(digit) == 1 and self.pin_length < PIN_MAX:
            self.session.pin += digit

    def erase(self) -> None:
        self.session.pin = self.session.pin[:-1]

    def submit_pin(self) -> Job[Any] | None:
        pin = self.session.pin
        if self.step is not TechStep.PIN or not pin:
            return None
        job = self.job("check_pin", lambda: self.context.technician.check_pin(pin), self._checked)
        if job is not None:
            self.session.pin = ""
        return job

    def _checked(self, result: PinResult) -> Job[Any] | None:
        self.locked_until = result.locked_until
        if result.ok:
            self.step, self.message = TechStep.OPEN, None
            return self.refresh()
        if result.locked_until is not None:
            self.message = locked_words(self.context.settings.local(result.locked_until).strftime("%H:%M"))
        else:
            self.message = wrong_pin_words(result.attempts_left)
        return None

    # -- the open door --------------------------------------------------------------------------------------
    def refresh(self) -> Job[Any] | None:
        if self.step is not TechStep.OPEN:
            return None
        return self.job("station_status", self._read_status, self._status_read)

    def _read_status(self) -> StationStatus:
        context = self.context
        pending, error = context.technician.outbox_status()
        return StationStatus(
            devices=tuple(context.devices.infos()),
            outbox_pending=pending,
            outbox_error=error,
            log_tail=tuple(in_zone(line, context.settings.zone) for line in context.technician.log_tail(LOG_LINES)),
            controls=tuple(simulator_controls(context.devices.simulators())),
        )

    def _status_read(self, status: StationStatus) -> None:
        self.status = status

    def _audited(
        self, action: str, target: str, work: Callable[[], T], judge: Callable[[T], Outcome] = lambda _result: OK
    ) -> T:
        """Run a technician's action (in the job's worker) and record it in the kiosk's audit log, failed or not."""
        try:
            result = work()
        except Exception as error:
            self.context.technician.record(action, target=target, outcome="failed", detail={"error": str(error)})
            raise
        outcome, detail = judge(result)
        self.context.technician.record(action, target=target, outcome=outcome, detail=detail)
        return result

    # -- quitting: two taps --------------------------------------------------------------------------------
    @property
    def quit_asked(self) -> bool:
        """The first tap on quit came less than QUIT_CONFIRM_S ago: the button now says 确认退出."""
        asked = self.quit_asked_at
        return asked is not None and self.context.clock() - asked < QUIT_CONFIRM_S

    def tap_quit(self) -> bool:
        """True when the program should close now: the second tap within QUIT_CONFIRM_S of the first."""
        if self.step is not TechStep.OPEN:
            return False
        if self.quit_asked:
            self.quit_asked_at = None
            return True
        self.quit_asked_at = self.context.clock()
        self.message = ASK_QUIT
        return False

    def test_print(self) -> Job[Any] | None:
        if self.step is not TechStep.OPEN:
            return None
        work = self.context.devices.test_print
        return self.job(
            "test_print", lambda: self._audited("device.test_print", "printer", work, _printed), self._test_printed
        )

    def _test_printed(self, result: tuple[bool, Words | None]) -> Job[Any] | None:
        printed, why = result
        self.message = Words("测试页已打印", "Test page printed") if printed else why
        return self.refresh()

    def restart(self, kind: str) -> Job[Any] | None:
        if self.step is not TechStep.OPEN:
            return None

        def done(_result: None) -> Job[Any] | None:
            self.message = Words(f"已重启 {kind}", f"Restarted {kind}")
            return self.refresh()

        work = lambda: self.context.devices.restart(kind)  # noqa: E731
        return self.job("restart", lambda: self._audited("device.restart", kind, work), done)

    def simulate(self, index: int) -> Job[Any] | None:
        """Press one of the simulator controls of the last status read."""
        if self.step is not TechStep.OPEN or self.status is None or not 0 <= index < len(self.status.controls):
            return None
        control = self.status.controls[index]

        def done(_result: object) -> Job[Any] | None:
            self.message = control.label
            return self.refresh()

        target = f"{control.kind}:{control.label.en}"
        return self.job("simulate", lambda: self._audited("device.simulate", target, control.action), done)

    def on_scan(self, text: str) -> Job[Any] | None:
        """The technician page shows the last code scanned: the scanner's own test (recorded by its length only:
        a code may hold personal data)."""
        if self.step is not TechStep.OPEN:
            return None
        self.last_scan = text
        record = self.context.technician.record
        return self.job("test_scan", lambda: record("device.test_scan", target="scanner", detail={"chars": len(text)}),
                        lambda _result: None)  # fmt: skip
