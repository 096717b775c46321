"""The out-of-service screen's state (docs/ui.md, "Out of service"): the notice a citizen reads, the language and
elder-mode switches, and the technician's hidden door with the crash history, the log's tail and the reset.

Nothing of the citizen services is here: after repeated crashes (kiosk/station/crash_record.py) the kiosk shows
only this, and needs only its config, its data dir and its log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from devices.words import Language, Words
from kiosk.flows.flow import KioskSettings
from kiosk.flows.idle import Clock, IdleTimer, SecretGesture
from kiosk.flows.technician import LOG_LINES, PIN_MAX, in_zone, locked_words, wrong_pin_words
from kiosk.station.ports import PinResult

log = logging.getLogger(__name__)

IDLE_S = 60.0  # the door closes, the language and elder mode go back, after this long without a tap
COOL_OFF_CHECK_S = 60.0  # how often the notice asks the record whether the cool-off is over
HISTORY_SHOWN = 10

TITLE = Words("本机暂停服务", "This station is out of service")
SORRY = Words(
    "本机出现故障，暂时无法办理业务，给您带来不便，敬请谅解。",
    "This station has a fault and cannot serve you for now. We are sorry for the trouble.",
)
RESET_DONE = Words("已恢复服务，本机正在重新启动", "Back in service: the station is restarting")


def go_instead(settings: KioskSettings) -> Words:
    """Where to go instead: the hall's windows, and the help desk when the config says where it is."""
    zh, en = "请到大厅人工窗口办理", "Please go to a service window in the hall"
    if settings.help_desk:
        zh += f"，或到服务台咨询（{settings.help_desk}）"
        en += f", or ask at the help desk ({settings.help_desk_en or settings.help_desk})"
    return Words(zh + "。", en + ".")


def hotline(settings: KioskSettings) -> Words:
    return Words(f"服务热线 {settings.help_hotline}", f"Help hotline {settings.help_hotline}")


class OosStep(StrEnum):
    NOTICE = "notice"
    PIN = "pin"
    OPEN = "open"


class Door(Protocol):
    """What the technician's door needs of the station: the PIN (with its lockout) and the log's tail."""

    def check_pin(self, pin: str) -> PinResult: ...

    def log_tail(self, lines: int) -> list[str]: ...


class Record(Protocol):
    """The crash record (kiosk/station/crash_record.py), as far as the screen uses it."""

    def crashes(self) -> tuple[datetime, ...]: ...

    def reset(self, by: str) -> None: ...

    def cool_off_over(self) -> bool: ...


class OutOfService:
    """The screen's state; the UI renders it after every call. ``quit`` is called to end the program (a clean stop,
    for systemd to start it again): after the technician's reset, or when the cool-off is over."""

    def __init__(
        self,
        settings: KioskSettings,
        station_id: str,
        door: Door,
        record: Record,
        *,
        clock: Clock,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings, self.station_id = settings, station_id
        self._door, self._record, self._wall_clock = door, record, wall_clock
        self.step = OosStep.NOTICE
        self.language: Language = settings.language
        self.elder_mode = False
        self.pin = ""
        self.message: Words | None = None
        self.history: tuple[str, ...] = ()
        self.log_tail: tuple[str, ...] = ()
        self.quit: Callable[[], None] = lambda: None
        self._gesture = SecretGesture(clock)
        self._idle = IdleTimer(clock, IDLE_S, 0)
        self._clock = clock
        self._next_check = clock() + COOL_OFF_CHECK_S

    def now(self) -> datetime:
        return self.settings.local(self._wall_clock())

    # -- the citizen's switches -----------------------------------------------------------------------------
    def touch(self) -> None:
        self._idle.touch()

    def set_language(self, language: Language) -> None:
        self.language = language
        self.touch()

    def set_elder_mode(self, on: bool) -> None:
        self.elder_mode = on
        self.touch()

    def tick(self) -> None:
        """About every quarter second: after a minute without a tap, back to the notice as it first showed; on the
        notice, once a minute, a restart to try normal service once the cool-off is over."""
        if self._idle.expired and (self.step is not OosStep.NOTICE or self._changed):
            self.close_door()
            self.language, self.elder_mode = self.settings.language, False
        if self.step is OosStep.NOTICE and self._clock() >= self._next_check:
            self._next_check = self._clock() + COOL_OFF_CHECK_S
            if self._record.cool_off_over():
                log.warning("out of service: the cool-off is over, restarting to try normal service")
                self.quit()

    @property
    def _changed(self) -> bool:
        return self.language != self.settings.language or self.elder_mode

    # -- the technician's door ------------------------------------------------------------------------------
    def corner_tap(self) -> None:
        """Five quick taps on the hall's name open the PIN page, as on every other screen."""
        self.touch()
        if self._gesture.tap() and self.step is OosStep.NOTICE:
            self.step, self.pin, self.message = OosStep.PIN, "", None

    def digit(self, digit: str) -> None:
        self.touch()
        if self.step is OosStep.PIN and digit.isdigit() and len(digit) == 1 and len(self.pin) < PIN_MAX:
            self.pin += digit

    def erase(self) -> None:
        self.touch()
        self.pin = self.pin[:-1]

    def submit_pin(self) -> None:
        self.touch()
        pin, self.pin = self.pin, ""
        if self.step is not OosStep.PIN or not pin:
            return
        result = self._door.check_pin(pin)
        if result.ok:
            self.step, self.message = OosStep.OPEN, None
            self.refresh()
        elif result.locked_until is not None:
            self.message = locked_words(self.settings.local(result.locked_until).strftime("%H:%M"))
        else:
            self.message = wrong_pin_words(result.attempts_left)

    def refresh(self) -> None:
        """The crash history (newest first, in the hall's time) and the log's last lines."""
        if self.step is not OosStep.OPEN:
            return
        crashes = sorted(self._record.crashes(), reverse=True)[:HISTORY_SHOWN]
        self.history = tuple(f"{self.settings.local(moment):%m-%d %H:%M:%S}" for moment in crashes)
        zone = self.settings.zone
        self.log_tail = tuple(in_zone(line, zone) for line in self._door.log_tail(LOG_LINES))

    def reset(self) -> None:
        """The technician's "return to service": the record forgets the crashes; the program stops cleanly and
        systemd starts it again, in service."""
        if self.step is not OosStep.OPEN:
            return
        self._record.reset("technician")
        self.message = RESET_DONE
        self.quit()

    def close_door(self) -> None:
        self.step, self.pin, self.message = OosStep.NOTICE, "", None
        self.history, self.log_tail = (), ()
