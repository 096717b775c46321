"""One driver shape for every device: the registry makes each kind from its URL, a constructor opens nothing,
``open`` starts the simulator behind ``sim://`` (and any thread), ``close`` stops them; and a simulator's fault
is declared once, for the technician page and the ``kiosk sim`` prompts alike."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devices.device import Device
from devices.document_camera import DocumentCamera
from devices.identity import IdCardReader
from devices.pads import Pads
from devices.printer import Printer, PrinterProfile
from devices.scanner import KeyFedScanner, Scanner
from devices.simulator import FaultMode, Simulator, UnknownFault
from devices.ticketer import Announcer, Call, WindowDisplays
from drivers.registry import (
    create_camera_scanner,
    create_document_camera,
    create_id_reader,
    create_pad_bus,
    create_printer,
    create_scanner,
    create_voice,
    create_window_displays,
)
from drivers.sim.pads import SimPads
from drivers.sim.printer import VirtualPrinter
from drivers.sim.scanner import VirtualScanner
from kiosk.cli.sim_pads import pads_command
from kiosk.cli.sim_printer import PRINTER_HELP, printer_command
from kiosk.cli.sim_scanner import scanner_command
from kiosk.flows.simulators import simulator_controls


def threads() -> set[threading.Thread]:
    return set(threading.enumerate())


@pytest.mark.e2e
def test_a_pad_bus_opens_nothing_until_open() -> None:
    before = threads()
    bus = create_pad_bus("sim://?count=2", [1, 2], timeout_s=0.05)
    try:
        assert isinstance(bus, Pads) and isinstance(bus.simulator, SimPads)
        assert bus.simulator.pty_path is None, "no pty before open()"
        assert threads() == before, "no thread before open()"
        bus.open()
        assert bus.simulator.pty_path is not None
        assert {s.address for s in bus.statuses().values()} == {1, 2}
        assert bus.poll() == [] and all(s.answering for s in bus.statuses().values())
    finally:
        bus.close()


@pytest.mark.e2e
def test_window_displays_open_nothing_until_open() -> None:
    before = threads()
    displays = create_window_displays("sim://", {1: 1, 2: 2}, answer_timeout=0.1, health_interval=0.05)
    try:
        assert isinstance(displays, WindowDisplays) and displays.simulator is not None
        assert displays.simulator.kind == "displays"
        assert threads() == before, "no health thread and no simulator before open()"
        displays.open()
        assert "window-displays-health" in {t.name for t in threads() - before}
        displays.show(1, "A001")
        assert displays.statuses()[1].usable
    finally:
        displays.close()
    assert "window-displays-health" not in {t.name for t in threading.enumerate()}


def test_an_announcer_speaks_only_once_opened(tmp_path: Path) -> None:
    voice = create_voice("none", tmp_path)
    before = threads()
    announcer = Announcer(voice, repeats=1, pause=0)
    announcer.announce(Call("A001", 1))
    assert threads() == before, "no worker before open()"
    assert announcer.pending == 1
    announcer.open()
    assert announcer.wait_idle(10) and announcer.spoken == 1
    announcer.close(timeout=5)


SIMULATED: list[tuple[str, Callable[[Path], Any], type, str]] = [
    ("printer", lambda tmp: create_printer("sim://", PrinterProfile(), sim_out_dir=tmp), Printer, "printer"),
    ("id reader", lambda _tmp: create_id_reader("sim://"), IdCardReader, "id_reader"),
    ("serial scanner", lambda _tmp: create_scanner("sim://"), Scanner, "scanner"),
    ("camera", lambda _tmp: create_camera_scanner("sim://?fps=0"), Scanner, "camera"),
    (
        "document camera",
        lambda _tmp: create_document_camera("sim://?width=640&height=480&fps=0"),
        DocumentCamera,
        "document_camera",
    ),
]


@pytest.mark.e2e
@pytest.mark.parametrize(("what", "make", "model", "kind"), SIMULATED, ids=[s[0] for s in SIMULATED])
def test_the_registry_makes_every_kiosk_device_from_its_url(
    tmp_path: Path, what: str, make: Callable[[Path], Any], model: type, kind: str
) -> None:
    before = threads()
    device = make(tmp_path)
    try:
        assert isinstance(device, Device) and isinstance(device, model), what
        assert isinstance(device.simulator, Simulator) and device.simulator.kind == kind
        assert threads() == before, f"the {what} started a thread before open()"
        device.open()
    finally:
        device.close()


def test_the_registry_makes_the_hall_devices_and_a_keyboard_scanner(tmp_path: Path) -> None:
    assert isinstance(create_scanner("keyboard://"), KeyFedScanner)
    pads = create_pad_bus("serial:///dev/ttyUSB9", [1])
    assert isinstance(pads, Pads) and pads.simulator is None
    pads.close()
    displays = create_window_displays("socket://10.0.0.5:4001", {1: 1})
    assert isinstance(displays, WindowDisplays) and displays.simulator is None
    displays.close()
    voice = create_voice("none", tmp_path)
    voice.speak("请A001号到1号窗口办理")  # no speakers: logged, not heard


def test_a_printer_fault_is_declared_once_for_the_page_and_the_prompt() -> None:
    sim = VirtualPrinter()  # made, not started: faults are plain state
    [paper_out] = [f for f in sim.fault_list() if f.name == "paper-out"]
    # the technician page offers it, under its declared label
    controls = simulator_controls({"printer": sim})
    [button] = [c for c in controls if c.label.en == paper_out.en]
    assert button.label.zh == paper_out.zh == "缺纸"
    # `kiosk sim printer` lists it, with the same label, and injects and clears it by name
    assert "faults" in PRINTER_HELP and "inject NAME" in PRINTER_HELP
    listing = printer_command(sim, "faults")
    assert listing is not None and "paper-out" in listing and paper_out.label in listing
    printer_command(sim, "inject paper-out")
    assert sim.condition.paper_out
    printer_command(sim, "clear paper-out")
    assert not sim.condition.paper_out
    button.action()
    assert sim.condition.paper_out, "the page's button injects the same fault"


def test_faults_on_a_bus_name_their_target() -> None:
    sim = SimPads(2)
    listing = pads_command(sim, "faults")
    assert listing is not None and "silence ADDRESS" in listing and "once" in listing
    assert pads_command(sim, "inject silence 2") == "on: silence 2 (评价器不应答 / Pad stops answering)"
    assert sim.faults()["silent"] == [2]
    assert "needs a known address" in (pads_command(sim, "inject silence 9") or "")
    assert pads_command(sim, "clear silence 2") is not None and sim.faults()["silent"] == []
    assert pads_command(sim, "clear") == "faults cleared", "the prompt's own clear-all is still there"


def test_an_unknown_fault_is_refused_in_both_languages() -> None:
    sim = VirtualScanner()
    with pytest.raises(UnknownFault, match="没有这种故障 / no fault"):
        sim.inject_fault("paper-out")
    assert (scanner_command(sim, "/faults") or "").splitlines()[0].split()[:2] == ["scan-test", "once"]
    assert all(f.mode is FaultMode.ONCE for f in sim.fault_list())
