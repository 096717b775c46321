"""The kiosk's own devices as the UI uses them (DevicesPort): printer, ID card reader, QR scanner, camera.

Each is opened from its config URL through drivers/registry.py (``sim://`` starts an in-process simulator that
speaks the real bytes), watched by a HealthMonitor, and reported with plain-words state. Codes from the serial
scanner and the camera reach ``on_scan`` listeners once, whichever saw them first.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from common.settings.models import DevicesSection, PrinterSection
from devices.identity import CardResult
from devices.listeners import Listeners
from devices.printer import Document, PaperSpec, PrinterProfile, PrintResult
from devices.scanner import KeyFedScanner, RecentCodes, ScanEvent, UnreadableScan
from devices.simulator import Simulator
from devices.state import DeviceState, Reason, StatusChanged
from devices.words import Words
from drivers.registry import create_camera_scanner, create_id_reader, create_printer, create_scanner
from kiosk.printing.jobs import PrintOutcome, PrintService, failure_message
from kiosk.printing.templates import test_page
from kiosk.station.ports import DeviceInfo, KeyScanner
from kiosk.station.slots import CAMERA, ID_READER, PRINTER, SCANNER, Slot
from kiosk.store import Store

log = logging.getLogger(__name__)

HALL_OFFLINE = Words("大厅服务无法连接", "the hall cannot be reached")
CANCEL_POLL_S = 0.2  # how soon a read notices the citizen left before its wait began


def printer_profile(section: PrinterSection) -> PrinterProfile:
    return PrinterProfile(
        paper=PaperSpec(section.dots_per_line, section.paper_width_mm),
        chinese=section.chinese,
        native_qr=section.native_qr,
        missing_glyphs=frozenset(section.missing_glyphs),
    )


class StationDevices:
    """DevicesPort; also the Printing the hall port prints through. Thread-safe."""

    def __init__(
        self,
        config: DevicesSection,
        store: Store,
        *,
        hotline: str = "12345",
        printed_dir: Path | None = None,
        health_interval_s: float = 5.0,
    ) -> None:
        self.config, self.store, self.hotline = config, store, hotline
        self.profile = printer_profile(config.printer)
        self.printed_dir = printed_dir if config.printer.url.startswith("sim:") else None
        self._changes: Listeners[None] = Listeners("station-devices")
        self._scans: Listeners[str] = Listeners("station-scans")
        self._recent = RecentCodes()
        self._hall_online: Callable[[], bool] | None = None
        self._extra_simulators: dict[str, Simulator] = {}
        self._reading: queue.Queue[CardResult | None] | None = None
        self._read_lock = threading.Lock()
        self._scan_unsubscribe: dict[str, Callable[[], None]] = {}
        camera = config.camera
        made = {
            PRINTER.key: (PRINTER, config.printer.url, self._make_printer),
            ID_READER.key: (ID_READER, config.id_reader.url, lambda: create_id_reader(config.id_reader.url)),
            SCANNER.key: (SCANNER, config.scanner.url, lambda: create_scanner(config.scanner.url)),
        }
        if camera.url:
            made[CAMERA.key] = (CAMERA, camera.url, lambda: create_camera_scanner(camera.url, decoder=camera.decoder))
        self.slots = {
            key: Slot(kind, url, make, self._changed, health_interval_s=health_interval_s)
            for key, (kind, url, make) in made.items()
        }

    # -- lifecycle --------------------------------------------------------------------------------------------
    def open(self) -> StationDevices:
        for slot in self.slots.values():
            slot.open()
            self._listen_for_codes(slot)
        return self

    def close(self) -> None:
        self.cancel_read()
        for key, slot in reversed(self.slots.items()):
            self._scan_unsubscribe.pop(key, lambda: None)()
            slot.close()

    def watch_hall(self, online: Callable[[], bool]) -> None:
        """Show the hall's link among the devices; call notify() when it changes."""
        self._hall_online = online

    def add_simulator(self, kind: str, simulator: Simulator) -> None:
        """A simulator from outside the kiosk's devices (the hall's pads), for the technician page."""
        self._extra_simulators[kind] = simulator

    def notify(self) -> None:
        self._changes.emit(None)

    # -- DevicesPort ------------------------------------------------------------------------------------------
    def infos(self) -> list[DeviceInfo]:
        found = [
            DeviceInfo(
                kind=slot.kind.key,
                name_zh=slot.kind.name_zh,
                name_en=slot.kind.name_en,
                state=slot.status.state,
                message=slot.message(),
                last_error=slot.last_error,
                simulated=slot.simulated,
                reasons=slot.status.reasons,
            )
            for slot in self.slots.values()
        ]
        if self._hall_online is not None:
            online = self._hall_online()
            found.append(
                DeviceInfo(
                    kind="hall",
                    name_zh="大厅服务",
                    name_en="Hall server",
                    state=DeviceState.READY if online else DeviceState.OFFLINE,
                    message=None if online else HALL_OFFLINE,
                    last_error="",
                    simulated=False,
                )
            )
        return found

    def can_print(self) -> bool:
        return self.slots[PRINTER.key].status.usable

    def can_read_id(self) -> bool:
        return self.slots[ID_READER.key].status.usable

    def can_scan(self) -> bool:
        return any(self.slots[k].status.usable for k in (SCANNER.key, CAMERA.key) if k in self.slots)

    def read_id_card(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> CardResult:
        slot = self.slots[ID_READER.key]
        reader = slot.device
        if reader is None:
            return CardResult.fault(frozenset({Reason.DISCONNECTED}), slot.last_error)
        answers: queue.Queue[CardResult | None] = queue.Queue()
        result: CardResult | None = None
        with self._read_lock:  # one wait at a time; a second caller waits for the first to end
            self._reading = answers
            reader.start_waiting(answers.put)
            deadline = time.monotonic() + timeout_s
            try:
                # A cancel_read() wakes the wait at once; ``cancelled`` also catches a leave that came before the
                # wait began (a cancel_read() then found nothing to end), within a poll.
                while not cancelled() and (left := deadline - time.monotonic()) > 0:
                    try:
                        result = answers.get(timeout=min(CANCEL_POLL_S, left))
                        break
                    except queue.Empty:
                        continue
            finally:
                reader.stop_waiting()
                self._reading = None
        return result if result is not None else CardResult.no_card()

    def cancel_read(self) -> None:
        reading = self._reading
        if reading is not None:
            reading.put(None)

    def on_scan(self, listener: Callable[[str], None]) -> Callable[[], None]:
        return self._scans.add(listener)

    def key_scanner(self) -> KeyScanner | None:
        device = self.slots[SCANNER.key].device
        return device if isinstance(device, KeyFedScanner) else None

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        return self._changes.add(lambda _none: listener())

    def test_print(self) -> tuple[bool, Words | None]:
        slot = self.slots[PRINTER.key]
        status = slot.status
        outcome = self.print(test_page(self.profile.paper, slot.url, status.describe()), "test_page")
        return outcome.printed, outcome.message

    def restart(self, kind: str) -> None:
        slot = self.slots.get(kind)
        if slot is None:
            raise KeyError(f"没有这种设备 / no device {kind!r} (have: {', '.join(self.slots)})")
        self._scan_unsubscribe.pop(kind, lambda: None)()
        slot.restart()
        self._listen_for_codes(slot)

    def simulators(self) -> dict[str, Simulator]:
        found = {key: sim for key, slot in self.slots.items() if (sim := slot.simulator) is not None}
        return found | self._extra_simulators

    # -- Printing (for the hall port) -------------------------------------------------------------------------
    def print(self, document: Document, reference: str = "") -> PrintOutcome:
        slot = self.slots[PRINTER.key]
        printer = slot.device
        if printer is None:
            result = PrintResult(False, frozenset({Reason.DISCONNECTED}), 0, slot.last_error)
            return PrintOutcome(uuid.uuid4(), result, failure_message(result, self.hotline))
        return PrintService(printer, self.store.sessions, hotline=self.hotline).print(document, reference)

    # -- helpers ----------------------------------------------------------------------------------------------
    def _make_printer(self) -> object:
        return create_printer(self.config.printer.url, self.profile, sim_out_dir=self.printed_dir)

    def _changed(self, _change: StatusChanged) -> None:
        self._changes.emit(None)

    def _listen_for_codes(self, slot: Slot) -> None:
        device = slot.device
        if device is not None and slot.kind in (SCANNER, CAMERA):
            self._scan_unsubscribe[slot.kind.key] = device.on_scan(self._scanned)

    def _scanned(self, event: ScanEvent | UnreadableScan) -> None:
        if isinstance(event, UnreadableScan):
            log.info("unreadable code from %s: %s", event.source, event.reason)
            return
        if self._recent.is_new(event.raw):
            self._scans.emit(event.text)
