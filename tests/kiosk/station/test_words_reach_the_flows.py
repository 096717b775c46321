"""Messages cross the station's ports as Words: a device's typed reason and a hall's refusal reach the flows with
both halves as their source made them, never split back out of a joined line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from common.refusals import appointment_not_found
from devices.state import DeviceState, Reason
from devices.words import Words
from drivers.sim.printer import VirtualPrinter
from hall.server import Hall
from kiosk.flows.check_in import CheckInFlow, CheckInStep
from kiosk.flows.flow import KioskSettings
from kiosk.flows.jobs import Job
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import Offers
from kiosk.flows.screens import CHECK_IN, TAKE_NUMBER, default_registry
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.devices import StationDevices
from kiosk.station.hall import StationHall
from kiosk.station.technician import Technician
from kiosk.store import Store
from tests.support.hall import served

MakeKiosk = Callable[[str], StationHall]
PAPER_OUT = Words(
    "打印失败：缺纸。请到服务台或拨打12345", "printing failed: out of paper; please go to the desk or call 12345"
)


def run(kiosk: Kiosk, job: Job[Any] | None) -> None:
    """What the UI's workers do, on this thread: run each job and hand its result back, following chains."""
    while job is not None:
        job = kiosk.deliver(job, job.work())


@pytest.fixture
def citizen(
    hall: Hall, make_kiosk: MakeKiosk, devices: StationDevices, store: Store, tmp_path: Path
) -> Iterator[Kiosk]:
    """The kiosk's flows on the real station ports: a hall over HTTP and the simulated devices."""
    with served(hall.app) as url:
        port = make_kiosk(url)
        technician = Technician("", tmp_path / "technician", store, tmp_path / "kiosk.log")
        settings = KioskSettings(hall_name="示例市政务服务中心", idle_timeout_s=60, elder_idle_timeout_s=120)
        made = Kiosk(
            hall=port, devices=devices, technician=technician, registry=default_registry(), settings=settings,
            clock=lambda: 1000.0, offers=Offers.read(port, devices),
        )  # fmt: skip
        run(made, made.start())
        yield made


def test_paper_out_reaches_the_take_number_message_and_the_device_banner(
    citizen: Kiosk, devices: StationDevices, printer_sim: VirtualPrinter
) -> None:
    # Given a kiosk whose printer runs out of paper after the screen was drawn
    printer_sim.set_condition(paper_out=True)
    # When a citizen takes a number
    run(citizen, citizen.go(TAKE_NUMBER))
    flow = citizen.flow
    assert isinstance(flow, TakeNumberFlow)
    run(citizen, citizen.track(flow.choose("S")))
    # Then the number is given and the flow says why its ticket did not print, in both languages
    assert flow.step is TakeStep.DONE and citizen.session.ticket is not None
    assert flow.message == PAPER_OUT
    # And the printer's own reason reaches the port and the banner the screens show
    printer = next(info for info in devices.infos() if info.kind == "printer")
    assert printer.state is DeviceState.FAULT and printer.reasons == {Reason.PAPER_OUT}
    assert printer.message == Words("缺纸", "out of paper")
    citizen.set_offers(Offers.read(citizen.context.hall, devices))
    assert [notice.text() for notice in citizen.offers.notices] == [Words("打印机：缺纸", "Printer: out of paper")]


def test_a_hall_refusal_reaches_the_check_in_message(citizen: Kiosk) -> None:
    # Given the check-in screen
    run(citizen, citizen.go(CHECK_IN))
    flow = citizen.flow
    assert isinstance(flow, CheckInFlow)
    # When a code the hall does not know is scanned
    run(citizen, citizen.scanned("NOPE-0000"))
    # Then the hall's refusal is the flow's message, both halves as the hall wrote them
    assert flow.step is CheckInStep.CHOOSE
    assert flow.message == appointment_not_found().words()
