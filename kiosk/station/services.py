"""Everything the touch UI needs, brought up in a safe order and stopped in reverse: open_station_services().

Order: config, data dir, logs and store (kiosk/startup.py); the embedded hall when ``hall.embedded = true``;
the devices; the hall port with its event follower (the hall's online state) and the sync worker (the outbox
sender with the filings' route, status pull and retention; kiosk/hallclient/filings.py); the technician door.
Any step that fails raises a KioskError (one bilingual line) after undoing the steps before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from types import TracebackType
from zoneinfo import ZoneInfo

from common.errors import KioskError
from common.settings import KioskConfig
from common.settings.hours import hours_of
from common.settings.models import DEFAULT_BAD_RATING_REASONS, RatingsSection
from devices.words import Words
from kiosk.hallclient import EventFollower, HallClient
from kiosk.hallclient.booking import BookingClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.fleet import FleetReporter
from kiosk.hallclient.outbox import OutboxSender
from kiosk.hallclient.payments import PaymentClient
from kiosk.hallclient.phone_upload import PhoneUploads
from kiosk.startup import Prepared, Station, prepare_station
from kiosk.station.booking import StationBooking
from kiosk.station.devices import StationDevices
from kiosk.station.disclosure import StationDisclosure
from kiosk.station.document_camera import StationDocumentCamera
from kiosk.station.embedded import EmbeddedHall
from kiosk.station.filings import StationFilings
from kiosk.station.fleet import device_reports
from kiosk.station.hall import StationHall
from kiosk.station.payments import StationPayments
from kiosk.station.technician import Technician
from kiosk.station.voice import StationVoice, open_station_voice
from kiosk.store.audit import AuditTrail
from kiosk.store.database import Store
from kiosk.store.filings import FilingStore

log = logging.getLogger(__name__)

PRINTED_DIR = "printed"
SLOW_STOP_S = 1.0  # a part slower than this to stop is named in the log


class NoHallToken(KioskError):
    exit_code = 2


class StationServices:
    """The ports the UI holds (hall, devices, technician) and what runs behind them; close() stops it all."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.config: KioskConfig = station.config
        self.data_dir: Path = station.data_dir
        self.log_file: Path = station.log_file
        self.embedded: EmbeddedHall | None = None
        self.client: HallClient | None = None
        self._closers: list[Callable[[], None]] = [station.close]
        # Set by open_station_services once each part is up.
        self.hall: StationHall
        self.devices: StationDevices
        self.technician: Technician
        self.sender: OutboxSender
        self.filings: FilingStore  # the filing flows' store API (kiosk/store/filings.py)
        self.filing_port: StationFilings  # the filing flows' port over it, the hall and the printer
        self.document_camera: StationDocumentCamera | None = None  # None when no document camera is configured
        self.payment: StationPayments  # the fee-payment flow's port: the hall's orders and the receipt printer
        self.printed_dir: Path | None = None
        self.booking: StationBooking | None = None  # the booking flows' port (kiosk/station/booking.py)
        self.disclosure: StationDisclosure  # 政务公开: the hall's bundle, the kept copy, printing a notice
        self.voice: StationVoice | None = None  # the voice-guided mode's voice; None when the config offers none

    def close(self) -> None:
        """Stop everything in reverse order of starting; safe to call twice."""
        closers, self._closers = self._closers, []
        for close in reversed(closers):
            started = time.monotonic()
            try:
                close()
            except Exception:
                log.exception("stopping %s failed", getattr(close, "__qualname__", close))
            if time.monotonic() - started > SLOW_STOP_S:
                log.warning(
                    "stopping %s took %.1f s", getattr(close, "__qualname__", close), time.monotonic() - started
                )
        if closers:
            log.info("station services stopped")

    def __enter__(self) -> StationServices:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def _started(self, close: Callable[[], None]) -> None:
        self._closers.append(close)


def open_station_services(
    config_path: Path, *, hall_clock: Callable[[], datetime] | None = None, prepared: Prepared | None = None
) -> StationServices:
    """Bring the station up; use as ``with open_station_services(path) as services:``. Raises KioskError.

    ``hall_clock`` (an aware datetime) is the embedded hall's wall clock, for a demo walked at a fixed moment;
    None is the real time."""
    services = StationServices(prepare_station(config_path, prepared))
    try:
        _bring_up(services, config_path, hall_clock)
        services.booking = station_booking(services)
    except BaseException:
        services.close()
        raise
    return services


def _bring_up(services: StationServices, config_path: Path, hall_clock: Callable[[], datetime] | None) -> None:
    config, data_dir, store = services.config, services.data_dir, services.station.store
    token, hall_config = config.hall.token, None
    if config.hall.embedded:
        embedded = EmbeddedHall(config, config_path, data_dir, clock=hall_clock).start()
        services.embedded = embedded
        services._started(embedded.stop)
        token, hall_config = embedded.kiosk_token, embedded.config
    elif not token:
        raise NoHallToken(
            "未配置大厅令牌 / hall.token is empty in the kiosk config: make one on the hall with "
            f"`kiosk hall token create --name {config.station.id} --role kiosk`"
        )
    client = HallClient(config.hall.url, token, timeout_s=config.hall.timeout_s, ca_file=config.hall.ca_file)
    services.client = client
    services._started(client.close)

    printed_dir = data_dir / PRINTED_DIR
    devices = StationDevices(config.devices, store, hotline=config.station.help_hotline, printed_dir=printed_dir)
    services._started(devices.close)
    devices.open()
    services.devices, services.printed_dir = devices, devices.printed_dir
    for kind, simulator in services.embedded.simulators().items() if services.embedded else ():
        devices.add_simulator(kind, simulator)

    zone = ZoneInfo(config.station.timezone)
    filings = services.filings = swept_filing_store(config, store, data_dir, zone)
    # The sync worker: ratings and filings in one line, the filings' status pull and retention beside it.
    sender = sync_worker(
        store, client, filings, config.station.id, retention=timedelta(hours=config.filings.retention_hours)
    )
    hall = StationHall(
        client,
        store,
        devices,
        data_dir=data_dir,
        paper=devices.profile.paper,
        hall_name=config.station.hall_name,
        hall_name_en=config.station.hall_name_en,
        hotline=config.station.help_hotline,
        zone=zone,
        hours=hours_of(hall_config),
        # Until the hall answers: the embedded hall's reasons with their English, else the list a hall ships with.
        bad_rating_reasons=reason_words(hall_config.ratings) if hall_config else DEFAULT_BAD_RATING_REASONS,
        on_rated=sender.wake,
    )
    services.hall = hall
    services.filing_port = StationFilings(
        client,
        filings,
        hall.service_items,
        devices,
        kiosk_id=config.station.id,
        data_dir=data_dir,
        paper=devices.profile.paper,
        on_saved=partial(_filing_saved, sender, devices),
        phone=PhoneUploads(client, config.station.id),
    )
    services._started(services.filing_port.close_phone)
    _open_services(services, client, hall, devices, hall_clock)
    document = config.devices.document_camera
    if document.url:
        camera = StationDocumentCamera.from_url(
            document.url, jpeg_quality=document.jpeg_quality, even_light=document.even_light
        )
        services.document_camera = camera
        services._started(camera.close)
        if camera.simulator is not None:
            devices.add_simulator("document_camera", camera.simulator)
    devices.watch_hall(lambda: hall.online)
    unsubscribe = hall.on_online_change(lambda online: _hall_changed(online, devices, sender))
    services._started(unsubscribe)
    sender.start()
    services.sender = sender
    services._started(sender.stop)
    reporter = FleetReporter(client, config.station.id, lambda: device_reports(devices.infos()))
    services._started(devices.on_change(reporter.changed))
    reporter.start()
    services._started(reporter.stop)
    follower = EventFollower(client, lambda _event: None, on_state=hall.link.set, name="kiosk-hall-events")
    follower.start()
    services._started(follower.stop)

    _open_voice(services)
    services.technician = Technician(
        config.ui.technician_pin_hash,
        data_dir,
        store,
        services.log_file,
        outbox_error=lambda: sender.last_error,
        audit=AuditTrail(store, config.station.id),
    )
    log.info("station %s services up (hall %s)", config.station.id, "embedded" if config.hall.embedded else "remote")


def swept_filing_store(config: KioskConfig, store: Store, data_dir: Path, zone: ZoneInfo) -> FilingStore:
    """The filing store, rid of the pages of a save a crash cut short (before anything saves again)."""
    filings = FilingStore(
        store,
        data_dir,
        config.station.filing_code,
        zone,
        max_attachment_bytes=config.filings.max_attachment_mb * 1024 * 1024,
    )
    filings.sweep()
    return filings


def _open_services(
    services: StationServices,
    client: HallClient,
    hall: StationHall,
    devices: StationDevices,
    hall_clock: Callable[[], datetime] | None,
) -> None:
    """The citizen services over the hall client and the printer: 政务公开 (with its kept copy), fee payment."""
    config, data_dir, zone = services.config, services.data_dir, ZoneInfo(services.config.station.timezone)
    services.disclosure = StationDisclosure(
        client,
        data_dir,
        devices,
        paper=devices.profile.paper,
        zone=zone,
        reached=hall.link.set,
        clock=hall_clock or (lambda: datetime.now(UTC)),  # the demo's fixed moment dates the kept copy too
    )
    services.payment = StationPayments(
        PaymentClient(client),
        devices,
        paper=devices.profile.paper,
        hall_name=config.station.hall_name,
        hall_name_en=config.station.hall_name_en,
        hotline=config.station.help_hotline,
        zone=zone,
        link=hall.link,
    )


def _open_voice(services: StationServices) -> None:
    """The voice-guided mode's voice (kiosk/station/voice.py), when the config offers the mode."""
    services.voice = open_station_voice(services.config.voice, services.data_dir)
    if services.voice is not None:
        services._started(services.voice.close)


def station_booking(services: StationServices) -> StationBooking:
    """The booking flows' port over the hall's client and the printer. The check-in window the slip states: the
    embedded hall's config says it; a remote hall's slip says the rule."""
    config, client = services.config, services.client
    assert client is not None, "the hall client is up before booking"
    window = services.embedded.config.appointments if services.embedded else None
    return StationBooking(
        BookingClient(client),
        services.devices,
        paper=services.devices.profile.paper,
        hall_name=config.station.hall_name,
        hall_name_en=config.station.hall_name_en,
        hotline=config.station.help_hotline,
        check_in_window=(window.check_in_before_minutes, window.check_in_after_minutes) if window else None,
        link=services.hall.link,
    )


def _filing_saved(sender: OutboxSender, devices: StationDevices) -> None:
    sender.wake()
    devices.notify()  # the banner counts what waits for the hall


def _hall_changed(online: bool, devices: StationDevices, sender: OutboxSender) -> None:
    devices.notify()
    if online:
        sender.wake(everything=True)  # what waited out the outage goes now, not after its back-off


def reason_words(ratings: RatingsSection) -> list[str | Words]:
    """The configured bad-rating reasons, each with its English (the Chinese where none is given)."""
    return [Words(r, ratings.reason_en(r) or r) for r in ratings.bad_rating_reasons]
