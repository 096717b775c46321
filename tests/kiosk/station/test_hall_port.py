"""The hall port against a real hall over HTTP, printing on the simulated printer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devices.words import Words
from devtools.ports import free_port
from drivers.sim.idcard import VirtualIdReader
from drivers.sim.printer import VirtualPrinter
from hall.server import Hall
from kiosk.station.hall import StationHall
from kiosk.station.ports import Refused, Unavailable
from tests.support.hall import served

MakeKiosk = Callable[[str], StationHall]
ID_NUMBER = VirtualIdReader().identities[0].id_number


def test_a_number_taken_comes_out_of_the_printer(
    hall: Hall, make_kiosk: MakeKiosk, printer_sim: VirtualPrinter, tmp_path: Path
) -> None:
    with served(hall.app) as url:
        kiosk = make_kiosk(url)
        categories = {c.prefix: c for c in kiosk.categories()}
        ticket = kiosk.take_number("A")
    assert kiosk.online
    assert categories["A"].open and categories["A"].hours_zh == "周一至周五 09:00-12:00 13:30-17:00"
    assert categories["S"].hours_zh == "24小时" and categories["V"].needs_id and "Y" not in categories
    assert ticket.number == "A001" and ticket.printed and ticket.print_message is None
    assert ticket.category_name_zh == "社保医保" and "/q/1." in ticket.qr_url
    [receipt] = printer_sim.wait_for_receipts(1)
    assert receipt.path is not None and receipt.path.parent == tmp_path / "printed" and not receipt.truncated
    assert receipt.image.height > 400  # a whole ticket, not an empty cut
    assert kiosk.recent_tickets()[0] == ticket


def test_paper_out_keeps_the_number_and_says_why(
    hall: Hall, make_kiosk: MakeKiosk, printer_sim: VirtualPrinter
) -> None:
    printer_sim.set_condition(paper_out=True)
    with served(hall.app) as url:
        ticket = make_kiosk(url).take_number("S")
        kiosk = make_kiosk(url)
    assert ticket.number == "S001" and not ticket.printed
    assert ticket.print_message is not None
    assert "缺纸" in ticket.print_message.zh and "out of paper" in ticket.print_message.en
    assert printer_sim.receipts == []
    # The number is kept: shown again, and printed once paper is back.
    assert kiosk.recent_tickets()[0].number == "S001"
    printer_sim.refill()
    again = kiosk.reprint(ticket.id)
    assert again.printed and again.number == "S001"
    assert len(printer_sim.wait_for_receipts(1)) == 1


def test_a_second_waiting_ticket_for_the_same_id_is_refused(hall: Hall, make_kiosk: MakeKiosk) -> None:
    with served(hall.app) as url:
        kiosk = make_kiosk(url)
        first = kiosk.take_number("V", id_number=ID_NUMBER)
        with pytest.raises(Refused) as refused:
            kiosk.take_number("V", id_number=ID_NUMBER)
    assert first.number == "V001"
    assert refused.value.code == "duplicate_ticket"
    assert refused.value.message == Words(  # the hall's words, which name no ticket
        "此证件已在本类业务排队，请勿重复取号；请留意叫号，或到服务台咨询",
        "this ID card already holds a number in this queue: please wait to be called, or ask at the help desk",
    )


def test_an_unreachable_hall_pauses_what_needs_it(make_kiosk: MakeKiosk) -> None:
    kiosk = make_kiosk(f"http://127.0.0.1:{free_port()}")
    heard: list[bool] = []
    kiosk.on_online_change(heard.append)
    with pytest.raises(Unavailable) as unavailable:
        kiosk.take_number("A")
    assert "大厅" in unavailable.value.message.zh and "paused" in unavailable.value.message.en
    with pytest.raises(Unavailable):
        kiosk.categories()
    with pytest.raises(Unavailable):
        kiosk.guide()  # never fetched
    assert not kiosk.online and heard == []  # it never was online


def test_check_in_by_appointment_code(hall: Hall, make_kiosk: MakeKiosk, printer_sim: VirtualPrinter) -> None:
    from hall.appointments import AppointmentBook  # noqa: PLC0415
    from tests.support.hall import MONDAY_10AM  # noqa: PLC0415

    book = AppointmentBook(hall.queue, hall.config.appointments)
    book.create(
        "APPT-0001",
        day=MONDAY_10AM.date(),
        slot_start=MONDAY_10AM.time().replace(minute=15),
        slot_end=MONDAY_10AM.time().replace(minute=45),
        category="A",
        id_number=ID_NUMBER,
    )
    with served(hall.app) as url:
        kiosk = make_kiosk(url)
        ticket = kiosk.check_in(code="APPT-0001")
        with pytest.raises(Refused) as twice:
            kiosk.check_in(id_number=ID_NUMBER)
    assert ticket.number.startswith("Y") and ticket.printed and ticket.category_name_zh == "预约办理"
    assert twice.value.code == "already_checked_in"
    assert len(printer_sim.wait_for_receipts(1)) == 1


def test_hours_and_reasons_come_from_the_hall_and_outlast_an_outage(hall: Hall, make_kiosk: MakeKiosk) -> None:
    port = free_port()
    with served(hall.app, port) as url:
        kiosk = make_kiosk(url)
        hours = {c.prefix: (c.hours_zh, c.hours_en) for c in kiosk.categories()}
        reasons = kiosk.bad_rating_reasons()
    assert hours["S"] == ("24小时", "24 hours") and hours["A"][0].startswith("周一至周五")
    assert "未说明" not in [r.zh for r in reasons] and Words("办理时间过长", "It took too long") in reasons
    assert kiosk.bad_rating_reasons() == reasons  # the hall is away: the last list known
