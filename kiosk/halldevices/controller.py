"""The hall device controller: the pad bus, the window displays and the voice, driven by and for the hall server.

Threads: one owns the pad bus and polls it without pause (``poll_interval_s`` at the shortest); one "desk" worker
turns key events, hall events and link changes into pad behaviour (kiosk.halldevices.window_pads), in order;
the hall event follower shows and announces calls (kiosk.halldevices.calls); the outbox sender delivers ratings;
the link's probe watches the hall while it is away. Views reach the pads through ``PadBus.show``, which is
thread-safe, so the desk never waits for a poll cycle to end.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from common import heartbeats
from common.errors import KioskError
from common.hallapi.fleet import DeviceIn
from common.settings.hall_devices import HallDevicesConfig
from devices.pads import PadEvent, PadMode, Pads, PadStatus, PadView
from devices.simulator import Simulator
from devices.state import DeviceStatus
from devices.ticketer import Announcer, VoiceBackend, WindowDisplays
from drivers.registry import create_pad_bus, create_voice, create_window_displays
from kiosk.hallclient import EventFollower, HallClient, HallEvent, HallRefused, HallUnreachable
from kiosk.hallclient.fleet import FleetReporter
from kiosk.hallclient.link import HallLink
from kiosk.hallclient.ratings import RatingOutbox
from kiosk.halldevices.calls import CallBoard
from kiosk.halldevices.fleet_report import VoiceHealth, display_report, pad_report
from kiosk.halldevices.hall_actions import HallWindowActions
from kiosk.halldevices.pad_state import PadPlace, staff_register
from kiosk.halldevices.window_pads import WindowPads

log = logging.getLogger(__name__)

ENV_TOKEN = "KIOSK_PADS_TOKEN"
WAKE_S = 0.5  # the desk looks at its deadlines at least this often


class HallDevicesError(KioskError):
    """The controller cannot start: no token, a refused token, a pad bus that cannot be opened."""

    exit_code = 2


def pads_token(config: HallDevicesConfig, token: str | None = None) -> str:
    """The pads token: given, else KIOSK_PADS_TOKEN, else hall.token; HallDevicesError when there is none."""
    chosen = token or os.environ.get(ENV_TOKEN, "").strip() or config.hall.token
    if not chosen:
        raise HallDevicesError(
            f"缺少评价器令牌 / no pads token: set {ENV_TOKEN} or hall.token "
            "(make one with: kiosk hall token create --name pads --role pads)"
        )
    return chosen


def quiet_spans(spans: list[str]) -> list[tuple[clock_time, clock_time]]:
    return [(clock_time.fromisoformat(s[:5]), clock_time.fromisoformat(s[6:])) for s in spans]


class HallDeviceController:
    def __init__(
        self,
        config: HallDevicesConfig,
        data_dir: Path,
        *,
        token: str | None = None,
        voice: VoiceBackend | None = None,
    ) -> None:
        """Open everything (the pad bus, displays, voice, the local outbox); ``start`` sets it running.
        ``voice`` replaces the configured backend (tests record what would be said)."""
        self.config = config
        pads = config.pads
        self.client = HallClient(
            config.hall.url, pads_token(config, token), timeout_s=config.hall.timeout_s, ca_file=config.hall.ca_file
        )
        self._inbox: queue.Queue[tuple[str, Any] | None] = queue.Queue()
        self._stop = threading.Event()
        self._closers: list[Any] = [self.client.close]
        try:
            self.link = HallLink(self.client)
            self.link.subscribe(self._on_link)
            self.ratings = RatingOutbox(data_dir, self.client)
            self._closers.append(self.ratings.store.close)
            self.pad_bus: Pads = create_pad_bus(pads.url, [p.address for p in pads.pad], timeout_s=pads.timeout_s,
                                                retries=pads.retries)  # fmt: skip
            self._closers.append(self.pad_bus.close)
            self.pad_bus.open()
            self.displays: WindowDisplays | None = None
            if config.displays.windows:
                self.displays = create_window_displays(config.displays.url, config.displays.windows)
                self._closers.append(self.displays.close)
                self.displays.open()
            backend = voice or create_voice(
                config.voice.backend, data_dir, output=config.voice.output, clips_dir=config.voice.clips_dir
            )
            self.announcer = Announcer(
                backend,
                repeats=config.voice.repeats,
                quiet_hours=quiet_spans(config.voice.quiet_hours),
                languages=tuple(config.voice.language.split("+")),
            )
            self._closers.append(self.announcer.close)
            self.announcer.open()
        except BaseException:
            self._close_all()
            raise
        self.pads = WindowPads(
            [PadPlace(p.address, p.window, p.staff) for p in pads.pad],
            HallWindowActions(self.client, self.link),
            self.ratings.add,
            self.pad_bus.show,
            rating_timeout_s=pads.rating_timeout_s,
            thanks_s=pads.thanks_s,
            reason_keys=pads.reasons if pads.reason_keys else (),
        )
        self.calls = CallBoard(self.displays, self.announcer)
        self.follower = EventFollower(self.client, self._on_hall_event, on_state=self._on_stream, name="hall-events")
        self.fleet = FleetReporter(self.client, config.hall.source, self._device_reports)
        self._voice_health = VoiceHealth(self.announcer)
        self._removers = [self.pad_bus.status_listeners.add(self._on_pad_status)]
        if self.displays is not None:
            self._removers.append(self.displays.subscribe(self.fleet.changed))
        self._bus_thread = threading.Thread(target=self._poll_forever, name="pad-bus", daemon=True)
        self._desk_thread = threading.Thread(target=self._desk, name="pad-desk", daemon=True)
        self._started = False

    # -- lifecycle ------------------------------------------------------------------------------------------
    def start(self) -> HallDeviceController:
        """Check the bus and the token, then run. HallDevicesError if the bus cannot be opened or the hall
        refuses the token; an unreachable hall is not an error (pads show busy until it answers)."""
        if not self.pad_bus.connect():
            raise HallDevicesError(f"评价器总线无法打开 / cannot open the pad bus at {self.config.pads.url}")
        self._check_token()
        self._started = True
        self._desk_thread.start()
        self._bus_thread.start()
        self.ratings.start()
        self.link.start()
        self.follower.start()
        self.fleet.start()
        return self

    def stop(self) -> None:
        """Stop every thread, tell the pads the controller is gone (busy), and close the devices. Idempotent."""
        if self._stop.is_set():
            return
        self._stop.set()
        self.fleet.stop()
        self.follower.stop()
        self.link.stop()
        if self._started:
            self._bus_thread.join(timeout=30)
            self._inbox.put(None)
            self._desk_thread.join(timeout=30)
            self.ratings.sender.stop()
            for pad in self.pads.pads.values():  # nobody is listening to their keys any more
                self.pad_bus.show(pad.place.address, self._gone_view(pad.place))
        for remove in self._removers:
            remove()
        self._close_all()

    def __enter__(self) -> HallDeviceController:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- what a technician sees -----------------------------------------------------------------------------
    def statuses(self) -> dict[int, PadStatus]:
        """Each pad's health by address: READY, or not answering with the reason, its last-seen time, counters."""
        return self.pad_bus.statuses()

    def simulators(self) -> dict[str, Simulator]:
        """The simulators behind sim:// pads and displays, by kind, for the technician page."""
        found = [self.pad_bus.simulator, self.displays.simulator if self.displays is not None else None]
        return {sim.kind: sim for sim in found if sim is not None}

    def display_statuses(self) -> dict[int, DeviceStatus]:
        return self.displays.statuses() if self.displays is not None else {}

    def views(self) -> dict[int, PadView | None]:
        """What each pad was last confirmed to show (None: not confirmed since the last change)."""
        return {address: pad.shown for address, pad in self.pads.pads.items()}

    @property
    def hall_up(self) -> bool:
        return self.link.online

    def pending_ratings(self) -> int:
        return self.ratings.sender.pending()

    # -- threads --------------------------------------------------------------------------------------------
    def _poll_forever(self) -> None:
        with heartbeats.register("pad-bus", self.config.pads.poll_interval_s + heartbeats.MARGIN_S) as heart:
            self._poll_turns(heart)

    def _poll_turns(self, heart: heartbeats.Heart) -> None:
        restarts: dict[int, int] = {}
        interval = self.config.pads.poll_interval_s
        while not self._stop.is_set():
            heart.beat()  # a cycle is each pad's timeout and retries at the most: well within the margin
            began = time.monotonic()
            for address in self.pad_bus.addresses:  # one pad at a time: its keys go to the desk as soon as read
                try:
                    events: list[PadEvent] = self.pad_bus.poll([address])
                except Exception:  # the bus thread must outlive any surprise; the pads' statuses say what is wrong
                    log.exception("pad bus poll of pad %d failed", address)
                    events = []
                for event in events:
                    self._inbox.put(("pad", event))
            for address, status in self.pad_bus.statuses().items():
                if status.counters.restarts != restarts.setdefault(address, status.counters.restarts):
                    restarts[address] = status.counters.restarts
                    self._inbox.put(("restore", address))  # a restarted pad lost what it showed
            rest = interval - (time.monotonic() - began)
            if rest > 0:
                self._stop.wait(rest)

    def _desk(self) -> None:
        with heartbeats.register("pad-desk", WAKE_S + heartbeats.MARGIN_S) as heart:
            self._desk_turns(heart)

    def _desk_turns(self, heart: heartbeats.Heart) -> None:
        while True:
            heart.beat()
            deadline = self.pads.tick()
            wait = WAKE_S if deadline is None else min(WAKE_S, max(0.0, deadline - time.monotonic()))
            try:
                item = self._inbox.get(timeout=wait)
            except queue.Empty:
                answering = {a for a, s in self.pad_bus.statuses().items() if s.answering}
                self.pads.retry_unconfirmed(answering)
                continue
            if item is None:
                return
            try:
                self._handle(*item)
            except Exception:
                log.exception("pad desk failed on %s", item[0])

    def _handle(self, kind: str, value: Any) -> None:
        if kind == "pad":
            self.pads.on_pad_event(value)
        elif kind == "hall":
            self.pads.on_hall_event(value.kind, value.data)
        elif kind == "link":
            self.pads.set_hall_up(value)
        elif kind == "restore":
            self.pads.refresh(value, force=True)

    # -- callbacks from other threads -----------------------------------------------------------------------
    def _on_hall_event(self, event: HallEvent) -> None:
        self.calls.on_hall_event(event.kind, event.data)
        self._inbox.put(("hall", event))

    def _on_stream(self, connected: bool) -> None:
        if self._stop.is_set():
            return  # the stream ends because the controller stops, not because the hall went away
        self.link.stream(connected)

    def _on_link(self, up: bool) -> None:
        self._inbox.put(("link", up))
        if up:
            self.ratings.sender.wake(everything=True)  # ratings kept during the outage go now, once each
            self.fleet.changed()  # and the device page hears how the devices are now

    def _on_pad_status(self, status: PadStatus) -> None:
        pad = self.pads.pads.get(status.address)
        window = pad.place.window if pad else "?"
        self.fleet.changed()
        level = logging.INFO if status.answering else logging.WARNING
        log.log(level, "pad %d (window %s): %s", status.address, window, status.status.describe())
        if status.answering:
            self._inbox.put(("restore", status.address))  # it may have lost power while it was silent

    def _device_reports(self) -> list[DeviceIn]:
        windows = {address: pad.place.window for address, pad in self.pads.pads.items()}
        reports = [pad_report(s, windows[a]) for a, s in sorted(self.pad_bus.statuses().items())]
        reports += [display_report(w, s) for w, s in sorted(self.display_statuses().items())]
        return [*reports, self._voice_health.report()]

    # -- helpers --------------------------------------------------------------------------------------------
    def _check_token(self) -> None:
        try:
            self.client.get("/api/v1/queue")
        except HallRefused as error:
            if error.status in {401, 403}:
                raise HallDevicesError(
                    f"大厅拒绝了评价器令牌 / the hall refused the pads token ({error.code}): {error.message}"
                ) from None
        except HallUnreachable as error:
            log.warning("hall unreachable at start-up, pads show busy until it answers: %s", error.message)

    @staticmethod
    def _gone_view(place: PadPlace) -> PadView:
        return PadView(place.window, PadMode.BUSY, "", staff_register(place.staff))

    def _close_all(self) -> None:
        for close in reversed(self._closers):
            try:
                close()
            except Exception:
                log.exception("closing %s failed", getattr(close, "__qualname__", close))
        self._closers.clear()
