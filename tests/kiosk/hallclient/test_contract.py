"""The shared HTTP contract through both sides: what the kiosk's hall client builds, the real hall takes, and
what the hall answers, the client reads back into the same models."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from common.hallapi.fleet import DeviceIn, FleetOut
from common.hallapi.queue import QueueOut, TakeNumber, TicketOut
from common.hallapi.ratings import RatingIn, RatingOut
from devices.pads import PadCounters, PadStatus
from devices.state import DeviceState, DeviceStatus, Reason
from devices.words import Words
from hall.ratings import Rating
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient, HallRefused, HallUnreachable
from kiosk.hallclient.base import body, wire
from kiosk.hallclient.fleet import FleetReporter
from kiosk.hallclient.ratings import post_rating, rating_body
from kiosk.halldevices.fleet_report import display_report, pad_report
from kiosk.station.fleet import device_reports
from kiosk.station.ports import DeviceInfo
from tests.support.hall import served


@pytest.mark.e2e
def test_a_typed_rating_goes_to_the_hall_and_comes_back_the_same(hall: Hall) -> None:
    kiosk_token = create_token(hall.sessions, "kiosk", Role.KIOSK)
    pads_token = create_token(hall.sessions, "pads", Role.PADS)
    with served(hall.app) as url, HallClient(url, kiosk_token) as kiosk, HallClient(url, pads_token) as pads:
        # Given a ticket taken and called, read into the contract's ticket body
        ticket = TicketOut.model_validate(kiosk.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"}))
        pads.post("/api/v1/windows/1/call-next")
        # When the pad desk's rating goes through the one rating route
        rating = RatingIn(
            ticket_id=ticket.id, level=2, reasons=["办理时间过长"], channel="pad", window=1, staff="S-7",
            stage="completion",
        )  # fmt: skip
        post_rating(pads, rating_body(rating))
    # Then the hall stored exactly that rating
    with hall.sessions() as session:
        stored = session.scalars(select(Rating)).one()
    assert (stored.ticket_id, stored.level, stored.reasons) == (ticket.id, 2, ["办理时间过长"])
    assert (stored.channel, stored.window, stored.staff, stored.stage) == ("pad", 1, "S-7", "completion")


@pytest.mark.e2e
def test_the_hall_answers_a_rating_in_the_contracts_body(hall: Hall) -> None:
    kiosk_token = create_token(hall.sessions, "kiosk", Role.KIOSK)
    pads_token = create_token(hall.sessions, "pads", Role.PADS)
    with served(hall.app) as url, HallClient(url, kiosk_token) as kiosk, HallClient(url, pads_token) as pads:
        ticket = TicketOut.model_validate(kiosk.post("/api/v1/tickets", {"category": "A", "channel": "kiosk"}))
        pads.post("/api/v1/windows/1/call-next")
        code = ticket.qr.rsplit("/q/", 1)[1]  # the signed code printed on the ticket: a kiosk rates by it
        answer = kiosk.post("/api/v1/ratings", rating_body(RatingIn(level=5, channel="kiosk", ticket_code=code)))
    out = RatingOut.model_validate(answer)
    assert (
        out.ticket_id == ticket.id
        and out.level == 5
        and out.level_name == "非常满意"
        and out.channel == "kiosk"
        and out.follow_up is None
    )


def test_a_rating_body_carries_only_what_the_rater_set() -> None:
    assert rating_body(RatingIn(level=4, channel="kiosk")) == {"level": 4, "channel": "kiosk"}
    ticket = uuid.UUID("9b2f7c1e-8a52-4b6e-9c11-3f8f0e2d4a77")
    assert rating_body(RatingIn(level=1, channel="kiosk", reasons=["其他"], ticket_id=ticket)) == {
        "level": 1,
        "channel": "kiosk",
        "reasons": ["其他"],
        "ticket_id": str(ticket),
    }


@pytest.mark.e2e
def test_a_stored_payload_that_is_not_a_rating_is_refused_as_the_hall_would(hall: Hall) -> None:
    token = create_token(hall.sessions, "kiosk", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as kiosk:
        with pytest.raises(HallRefused) as refused:
            post_rating(kiosk, {"level": 9, "channel": "kiosk"})
        hall_answer = httpx.post(
            f"{url}/api/v1/ratings", json={"level": 9, "channel": "kiosk"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert refused.value.code == hall_answer.json()["error"] == "invalid_request"
    assert refused.value.message.zh == "请求无效" and refused.value.message.en.startswith("invalid request")


@pytest.mark.e2e
def test_the_reports_both_applications_build_are_taken_by_the_hall(hall: Hall) -> None:
    # Given the pads, a display and the station's devices as their reporters build them
    pad_ok = PadStatus(1, DeviceStatus(DeviceState.READY), datetime(2026, 11, 23, 1, 58, tzinfo=UTC), 3, PadCounters())
    pad_gone = PadStatus(2, DeviceStatus.from_reasons(frozenset({Reason.NO_ANSWER})))
    display = DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), "串口断开 / serial port lost")
    station = [
        DeviceInfo(
            "printer", "打印机", "printer", DeviceState.FAULT, Words("缺纸", "out of paper"), "paper out", False
        ),
        DeviceInfo("hall", "大厅", "hall", DeviceState.READY, None, "", False),  # the report itself shows the link
    ]
    controller_devices: list[DeviceIn] = [pad_report(pad_ok, 1), pad_report(pad_gone, 2), display_report(1, display)]
    pads = create_token(hall.sessions, "pads", Role.PADS, source="hall-devices")
    kiosk = create_token(hall.sessions, "kiosk", Role.KIOSK, source="kiosk-01")
    supervisor = create_token(hall.sessions, "boss", Role.SUPERVISOR)
    with served(hall.app) as url:
        with HallClient(url, pads) as pads_client, HallClient(url, kiosk) as kiosk_client:
            # When each FleetReporter sends one report
            assert FleetReporter(pads_client, "hall-devices", lambda: controller_devices).send()
            assert FleetReporter(kiosk_client, "kiosk-01", lambda: device_reports(station)).send()
        with HallClient(url, supervisor) as watcher:
            fleet = FleetOut.model_validate(watcher.get("/api/v1/devices"))
    # Then the device page lists each of them as reported
    seen = {(d.source, d.device): d for d in fleet.devices}
    assert sorted(seen) == [
        ("hall-devices", "display-1"),
        ("hall-devices", "pad-1"),
        ("hall-devices", "pad-2"),
        ("kiosk-01", "printer"),
    ]
    assert seen["hall-devices", "pad-2"].state == "offline" and seen["hall-devices", "pad-2"].reasons == ["no_answer"]
    assert seen["hall-devices", "pad-1"].detail["firmware"] == 3
    assert seen["hall-devices", "display-1"].message == "串口断开 / serial port lost"
    assert (
        seen["kiosk-01", "printer"].state == "fault" and seen["kiosk-01", "printer"].detail["last_error"] == "paper out"
    )


def test_a_report_the_hall_would_refuse_is_not_sent() -> None:
    # A device name past the hall's limit is caught where the report is built, before any request.
    with HallClient("http://127.0.0.1:9", "t", timeout_s=0.2) as client:
        reporter = FleetReporter(
            client, "kiosk-01", lambda: [DeviceIn(device="x", kind="pad", name="长" * 61, state=DeviceState.READY)]
        )
        assert not reporter.send()
    assert reporter.last_error is not None and reporter.last_error.startswith("设备报告无效 / invalid device report")


@pytest.mark.e2e
def test_answers_are_read_into_the_contracts_models(hall: Hall) -> None:
    token = create_token(hall.sessions, "kiosk", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as kiosk:
        queue = kiosk.fetch("/api/v1/queue", QueueOut)
        assert "A" in {c.prefix for c in queue.categories} and all(w.number >= 1 for w in queue.windows)
        ticket = kiosk.send("/api/v1/tickets", body(TakeNumber, {"category": "A", "channel": "kiosk"}), TicketOut)
        assert ticket is not None and ticket.number == "A001" and ticket.status == "waiting"
        # An answer that is not the model asked for counts as no answer: the caller may retry, never misread it.
        with pytest.raises(HallUnreachable) as misread:
            kiosk.fetch("/api/v1/health", QueueOut)
    assert misread.value.message.zh == "大厅的回答无法识别"
    assert misread.value.message.en.startswith("the hall's answer is not understood")


def test_a_body_the_hall_would_refuse_is_refused_before_it_is_sent() -> None:
    with pytest.raises(HallRefused) as refused:
        body(TakeNumber, {"category": "a", "channel": "kiosk"})
    assert refused.value.code == "invalid_request" and refused.value.status == 0
    assert wire(body(TakeNumber, {"category": "A"})) == {"category": "A"}
