"""What every screen's flow shares: the ports, the session, the offers, and one action in flight at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from common.settings import KioskConfig
from devices.words import Language, Words
from kiosk.flows.idle import Clock
from kiosk.flows.jobs import Job
from kiosk.flows.offers import Offers
from kiosk.flows.session import CitizenSession
from kiosk.station.booking_port import BookingPort
from kiosk.station.disclosure import DisclosurePort
from kiosk.station.filing_ports import DocumentCameraPort, FilingPort
from kiosk.station.payment_port import PaymentPort
from kiosk.station.ports import CategoryInfo, DevicesPort, HallPort, TechnicianPort

T = TypeVar("T")
WallClock = Callable[[], datetime]  # the time of day (aware); the demo walks at a fixed moment


def real_time() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class KioskSettings:  # what the flows and screens read from kiosk.toml
    hall_name: str = "政务服务中心"
    station_name: str = ""
    hall_name_en: str = ""  # "" when the config has none: the Chinese name is shown in English too
    station_name_en: str = ""
    help_hotline: str = "12345"
    help_desk: str = ""  # where the help desk is, said by the help control (Chinese, then English)
    help_desk_en: str = ""
    language: Language = "zh_CN"
    timezone: str = "Asia/Shanghai"
    idle_timeout_s: float = 60
    elder_idle_timeout_s: float = 120
    countdown_s: float = 10  # the last seconds before a walk-away reset are shown
    elder_countdown_s: float = 20
    card_timeout_s: float = 30  # how long a screen waits for an ID card to be placed
    error_timeout_s: float = 15  # the error screen returns home by itself after this

    def hall(self, language: Language) -> str:
        """The hall's name in ``language`` (the Chinese one where the config has no English)."""
        return (self.hall_name_en or self.hall_name) if language == "en" else self.hall_name

    def station(self, language: Language) -> str:
        return (self.station_name_en or self.station_name) if language == "en" else self.station_name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    @classmethod
    def from_config(cls, config: KioskConfig) -> KioskSettings:
        return cls(
            hall_name=config.station.hall_name,
            station_name=config.station.name,
            hall_name_en=config.station.hall_name_en,
            station_name_en=config.station.name_en,
            help_hotline=config.station.help_hotline,
            help_desk=config.station.help_desk,
            help_desk_en=config.station.help_desk_en,
            language=config.station.locale,
            timezone=config.station.timezone,
            idle_timeout_s=config.ui.idle_timeout_s,
            elder_idle_timeout_s=config.ui.elder_idle_timeout_s,
        )


@dataclass
class FlowContext:
    hall: HallPort
    devices: DevicesPort
    technician: TechnicianPort
    session: CitizenSession
    settings: KioskSettings
    offers: Callable[[], Offers]
    clock: Clock
    categories: list[CategoryInfo] = field(default_factory=list)  # the hall's last answer; not a citizen's
    filing: FilingPort | None = None  # None: this kiosk offers no self-service filing
    camera: DocumentCameraPort | None = None  # None: no document camera
    disclosure: DisclosurePort | None = None  # None: this kiosk shows no 政务公开 (the screen says so)
    payment: PaymentPort | None = None  # None: this kiosk takes no fees (自助缴费)
    language: Language = "zh_CN"  # the citizen's language now (the kiosk sets it): what the paper is printed in
    wall_clock: WallClock = real_time
    booking: BookingPort | None = None  # None: this kiosk takes no appointments

    def now(self) -> datetime:
        """The time of day in the hall's zone."""
        return self.settings.local(self.wall_clock())


class Flow:
    """One screen's state machine. Actions return a Job for the UI to run off its thread, or None.

    While one action is in flight, repeats are ignored (a double tap takes one number).
    """

    def __init__(self, context: FlowContext) -> None:
        self.context = context
        self.message: Words | None = None  # the one thing the screen must say now (a refusal, a fault)
        self._in_flight: str | None = None

    @property
    def busy(self) -> bool:
        return self._in_flight is not None

    @property
    def in_flight(self) -> str | None:
        return self._in_flight

    @property
    def session(self) -> CitizenSession:
        return self.context.session

    def job(self, name: str, work: Callable[[], T], done: Callable[[T], Job[Any] | None]) -> Job[T] | None:
        """A job for ``work``, or None when an action is already in flight."""
        if self._in_flight is not None:
            return None
        self._in_flight = name

        def finish(result: T) -> Job[Any] | None:
            self._in_flight = None
            return done(result)

        return Job(name, work, finish)

    def start(self) -> Job[Any] | None:
        """Called once when the screen opens (load what it shows)."""
        return None

    def back(self) -> bool:
        """One step back inside the screen; False when already at its first step (the kiosk goes home)."""
        return False

    def on_scan(self, text: str) -> Job[Any] | None:
        """A QR/barcode was read. Screens that do not expect one ignore it."""
        return None

    @property
    def holds_time(self) -> bool:
        """True while the citizen is busy away from the glass (confirming a payment on the phone): the walk-away
        timer stands still."""
        return False

    def leave(self) -> Job[Any] | None:
        """The screen closes (navigation, walk-away, failure): stop anything waiting on a device. May return a
        parting job (give up an open payment order) that runs after the screen has gone; its result is dropped."""
        return None
