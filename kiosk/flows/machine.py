"""The kiosk as a whole: which screen shows, the citizen's session, language, elder mode, walk-away reset."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from devices.words import Language, Words
from kiosk.flows.flow import Flow, FlowContext, KioskSettings, WallClock, real_time
from kiosk.flows.help import HelpText, help_text
from kiosk.flows.idle import Clock, IdleTimer, SecretGesture
from kiosk.flows.jobs import Job
from kiosk.flows.navigation import ERROR, HOME, TECHNICIAN, ScreenRegistry, Tile
from kiosk.flows.offers import Offers
from kiosk.flows.session import CitizenSession
from kiosk.flows.voice import VoiceGuide
from kiosk.station.booking_port import BookingPort
from kiosk.station.disclosure import DisclosurePort
from kiosk.station.filing_ports import DocumentCameraPort, FilingPort
from kiosk.station.payment_port import PaymentPort
from kiosk.station.ports import DevicesPort, HallPort, TechnicianPort

log = logging.getLogger(__name__)

SORRY = Words(
    "抱歉，系统出了点问题，请稍后再试。如需帮助请拨打服务热线。",
    "Sorry, something went wrong. Please try again. For help, call the hotline.",
)


class Kiosk:
    """Single-threaded (the UI thread). The UI calls the actions, runs the jobs they return on workers, hands
    each result back with ``deliver`` (or the exception with ``fail``) and re-renders on ``on_change``."""

    def __init__(
        self,
        *,
        hall: HallPort,
        devices: DevicesPort,
        technician: TechnicianPort,
        registry: ScreenRegistry,
        settings: KioskSettings | None = None,
        clock: Clock = time.monotonic,
        offers: Offers | None = None,
        filing: FilingPort | None = None,
        camera: DocumentCameraPort | None = None,
        wall_clock: WallClock = real_time,
        booking: BookingPort | None = None,
        disclosure: DisclosurePort | None = None,
        voice: VoiceGuide | None = None,
        payment: PaymentPort | None = None,
    ) -> None:
        self.settings = settings or KioskSettings()
        self.registry = registry
        self.session = CitizenSession()
        self._filing = filing
        self._payment = payment
        self._booking = booking
        self._parting: Job[Any] | None = None  # what the closed flow left to finish (give up a payment order)
        self.offers = self._with_ports(offers or Offers())
        self.context = FlowContext(
            hall, devices, technician, self.session, self.settings, lambda: self.offers, clock,
            filing=filing, camera=camera, wall_clock=wall_clock, disclosure=disclosure, payment=payment,
            booking=booking,
        )  # fmt: skip
        self.screen = HOME
        self.flow: Flow | None = registry.get(HOME).factory(self.context)
        self.language: Language = self.settings.language
        self.context.language = self.language
        self.elder_mode = False
        self.voice = voice or VoiceGuide()  # the voice-guided mode (kiosk/flows/voice.py)
        self.error: Words | None = None
        self.help_open = False  # the help overlay, over whichever screen shows
        self.idle = IdleTimer(clock, self.settings.idle_timeout_s, self.settings.countdown_s)
        self.gesture = SecretGesture(clock)
        self.generation = 0
        self._in_flight = 0
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> datetime:
        """The time of day in the hall's zone (the header's clock, the home screen's opening times)."""
        return self.context.now()

    # -- observers ------------------------------------------------------------------------------------------
    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def start(self) -> Job[Any] | None:
        """The home screen's first load."""
        return self.home()

    # -- navigation -----------------------------------------------------------------------------------------
    def go(self, screen: str) -> Job[Any] | None:
        """Open a registered screen; returns its opening job (load what it shows)."""
        entry = self.registry.get(screen)
        self._close_flow()
        self.error = None
        self.flow = entry.factory(self.context)
        self.screen = screen
        self.help_open = False
        self.idle.touch()
        job = _after(self._parting, self.flow.start())
        self._parting = None
        self.changed()
        return self.track(job)

    def back(self) -> Job[Any] | None:
        """One step back in the screen (cancels a wait for a card), or home from its first step unless an action is
        in flight (a number being taken)."""
        self.idle.touch()
        if self.flow is not None and self.flow.back():
            self.changed()
            return None
        return None if self.busy else self.home()

    def home(self) -> Job[Any] | None:
        """The citizen is done: every datum of theirs goes, the home screen shows (and refreshes its hours)."""
        self._close_flow()
        self.session.clear()
        self._apply_timeout()
        return self.go(HOME)

    def refresh(self) -> Job[Any] | None:
        """Reload what the home screen shows (the UI calls this every minute while home is idle)."""
        if self.screen != HOME or self.flow is None or self.flow.busy:
            return None
        return self.track(self.flow.start())

    def corner_tap(self) -> Job[Any] | None:
        """A tap on the hidden spot; the fifth within three seconds opens the technician's PIN screen."""
        if self.gesture.tap():
            return self.go(TECHNICIAN)
        return None

    # -- help ---------------------------------------------------------------------------------------------------
    def show_help(self) -> None:
        """The help control: the hotline, the help desk and how to use this screen, over the screen."""
        self.help_open = True
        self.idle.touch()
        self.changed()

    def close_help(self) -> None:
        self.help_open = False
        self.idle.touch()
        self.changed()

    @property
    def help(self) -> HelpText:
        settings = self.settings
        return help_text(self.screen, settings.help_hotline, settings.help_desk, settings.help_desk_en)

    def _close_flow(self) -> None:
        self.generation += 1  # results of jobs started for the old screen are dropped
        if self.flow is not None:
            self._parting = _after(self._parting, self.flow.leave())
            self.flow = None

    # -- language, elder mode, walk-away --------------------------------------------------------------------
    def set_language(self, language: Language) -> None:
        self.language = self.context.language = language
        self.idle.touch()
        self.changed()

    def set_elder_mode(self, on: bool) -> None:
        self.elder_mode = on
        self._apply_timeout()
        self.changed()

    def set_voice_mode(self, on: bool) -> None:
        """The voice-guided mode, for this citizen; its walk-away timeout is longer still."""
        if self.voice.switch(on):
            self._apply_timeout()
        self.idle.touch()
        self.changed()

    def _apply_timeout(self) -> None:
        if self.voice.on:
            self.idle.set_timeout(self.voice.settings.idle_timeout_s, self.voice.settings.countdown_s)
        elif self.elder_mode:
            self.idle.set_timeout(self.settings.elder_idle_timeout_s, self.settings.elder_countdown_s)
        else:
            self.idle.set_timeout(self.settings.idle_timeout_s, self.settings.countdown_s)

    def touch(self) -> None:
        """Any tap anywhere: the citizen is still there."""
        self.idle.touch()

    @property
    def idle_matters(self) -> bool:
        """Walking away matters off the home screen, or when the home screen was left changed for the next."""
        default = self.language == self.settings.language and not self.elder_mode and not self.voice.on
        if self.flow is not None and self.flow.holds_time:
            return False  # confirming a payment on the phone: nobody walks away from that
        return self.screen != HOME or not default or self.session.holds_data

    @property
    def counting_down(self) -> bool:
        return self.idle_matters and self.idle.counting_down

    def tick(self) -> Job[Any] | None:
        """Called about every quarter second by the UI; after the walk-away timeout, reset to a clean home."""
        if self.flow is not None and self.flow.holds_time:
            self.idle.touch()  # time stands still; it starts again in full when the confirmation ends
            return None
        if not self.idle_matters or not self.idle.expired:
            return None
        log.info("idle timeout on %s: clearing the citizen's session", self.screen)
        self.language = self.context.language = self.settings.language
        self.elder_mode = False
        self.voice.end()
        return self.home()

    # -- devices and hall -----------------------------------------------------------------------------------
    def _with_ports(self, offers: Offers) -> Offers:
        """The devices' and the hall's offers, with what the kiosk's own ports offer (filing, payment, booking)."""
        return dataclasses.replace(
            offers,
            can_file=self._filing is not None,
            can_pay=self._payment is not None,
            can_book=self._booking is not None,
        )

    def tiles(self) -> list[tuple[str, Tile]]:
        """The home tiles this kiosk shows (a tile for what the kiosk is not built to offer is left out)."""
        return [(name, tile) for name, tile in self.registry.tiles() if tile.shown(self.offers)]

    def set_offers(self, offers: Offers) -> None:
        offers = self._with_ports(offers)
        if offers != self.offers:
            self.offers = offers
            self.changed()

    def scanned(self, text: str) -> Job[Any] | None:
        """A code was scanned; only a screen waiting for one takes it."""
        if self.flow is None:
            return None
        job = self.flow.on_scan(text)
        if job is not None:
            self.idle.touch()
        self.changed()
        return self.track(job)

    # -- jobs -----------------------------------------------------------------------------------------------
    def track(self, job: Job[Any] | None) -> Job[Any] | None:
        """Stamp a job about to run with the current screen's generation; time stands still while it runs.
        A job already stamped is returned as it is (the UI tracks every job it runs; navigation did already)."""
        if job is not None and job.generation < 0:
            job.generation = self.generation
            self._in_flight += 1
            self.idle.pause(True)
        return job

    def deliver(self, job: Job[Any], result: Any) -> Job[Any] | None:
        """A job's result, on the UI thread; returns the job it chains, if any (already tracked)."""
        self._job_ended()
        if job.generation != self.generation:
            log.debug("dropping the result of %s: its screen has closed", job.name)
            return None
        follow = job.done(result)
        self.changed()
        return self.track(follow)

    def fail(self, job: Job[Any] | None, error: BaseException) -> None:
        """A job (or, with None, the screen itself) crashed: log it with its traceback, tell the citizen
        politely, clear everything."""
        name = job.name if job is not None else "showing the screen"
        log.error("%s failed on the %s screen", name, self.screen, exc_info=error)
        if job is not None:
            self._job_ended()
            if job.generation != self.generation:
                return  # its screen has closed already; the citizen is not interrupted
        self._close_flow()
        self.session.clear()
        self.help_open = False
        self.screen = ERROR
        self.error = SORRY
        self.idle.set_timeout(self.settings.error_timeout_s, self.settings.error_timeout_s)
        self.changed()

    def _job_ended(self) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        if self._in_flight == 0:
            self.idle.pause(False)

    @property
    def busy(self) -> bool:
        return self.flow is not None and self.flow.busy


def _after(first: Job[Any] | None, then: Job[Any] | None) -> Job[Any] | None:
    """One job doing ``first``'s work (a closed flow's parting work: its failure is logged, its result dropped),
    then ``then``'s."""
    if first is None:
        return then
    parting = first

    def work() -> Any:
        try:
            parting.work()
        except Exception:
            log.exception("%s, left behind by a closed screen, failed", parting.name)
        return then.work() if then is not None else None

    if then is None:
        return Job(parting.name, work, lambda _result: None)
    return Job(then.name, work, then.done)
