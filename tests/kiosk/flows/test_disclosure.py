"""The 政务公开 flow over a small in-process DisclosurePort: sections, lists, search by initials and keyword, the
way back, the kept copy's day, printing only when the printer can, and a kiosk without the port."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.hallapi.disclosure import DisclosureOut, NoticeOut, StaffOut
from devices.words import Language, Words
from kiosk.flows.disclosure import DisclosureFlow, DisclosureView
from kiosk.flows.disclosure_words import NOT_HERE, PRINTED, Section
from kiosk.flows.flow import KioskSettings
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import Offers
from kiosk.flows.screens import DISCLOSURE, default_registry
from kiosk.hallclient.errors import HallUnreachable
from kiosk.station.disclosure import DisclosureCopy
from tests.kiosk.flows.conftest import FakeDevices, FakeHall, FakeTechnician, run
from tests.support.clocks import SteppedClock

AT = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def notice(notice_id: int, title: str, initials: str, kind: Any = "notice", pinned: bool = False) -> NoticeOut:
    return NoticeOut(
        id=notice_id, kind=kind, title=title, issuer="示例市政务服务中心", number="", date=date(2026, 11, notice_id),
        body="正文。", attachments=[], pinned=pinned, status="published", initials=initials, published_at=AT,
        updated_at=AT,
    )  # fmt: skip


BUNDLE = DisclosureOut(
    version="v1",
    hall_name="示例市政务服务中心",
    notices=[
        notice(1, "关于春节期间办公时间调整的通知", "gycjqjbgsjtzdtz", pinned=True),
        notice(2, "不动产登记窗口搬迁公告", "bdcdjckbqgg"),
        notice(3, "一件事一次办实施办法", "yjsycbssbf", kind="policy"),
    ],
    fees=[],
    filings=[],
    staff=[StaffOut(window=1, window_name="1号窗口", window_name_en="Window 1", staff_name="李明", staff_number="1001",
                    duties="社保", duties_en="Social insurance")],
)  # fmt: skip


class FakeDisclosure:
    def __init__(self, *, stale: bool = False, never: bool = False) -> None:
        self.stale, self.never = stale, never
        self.printed: list[tuple[int, Language]] = []

    def current(self) -> DisclosureCopy:
        if self.never:
            raise HallUnreachable(Words("没有保存过", "never kept"))
        return DisclosureCopy(BUNDLE, AT, stale=self.stale)

    def print_notice(self, notice_id: int, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        self.printed.append((notice_id, language))
        return True, None


def opened(hall: FakeHall, devices: FakeDevices, clock: SteppedClock, port: FakeDisclosure | None) -> Kiosk:
    kiosk = Kiosk(
        hall=hall, devices=devices, technician=FakeTechnician(lambda: datetime.now(UTC)),
        registry=default_registry(), settings=KioskSettings(), clock=clock, offers=Offers.read(hall, devices),
        disclosure=port,
    )  # fmt: skip
    run(kiosk, kiosk.go(DISCLOSURE))
    assert isinstance(kiosk.flow, DisclosureFlow)
    return kiosk


def flow_of(kiosk: Kiosk) -> DisclosureFlow:
    assert isinstance(kiosk.flow, DisclosureFlow)
    return kiosk.flow


def test_sections_lists_search_and_the_way_back(hall: FakeHall, devices: FakeDevices, clock: SteppedClock) -> None:
    flow = flow_of(opened(hall, devices, clock, FakeDisclosure()))
    assert flow.view is DisclosureView.SECTIONS and flow.stale is None and flow.sections()[0] is Section.NOTICES
    flow.open_section(Section.NOTICES)
    assert [n.id for n in flow.items] == [1, 2]  # the policy is in its own section
    flow.open_search()
    for letter in "BDC":
        flow.type_letter(letter)
    assert [n.id for n in flow.results()] == [2]
    flow.search_word(Words("办公时间", "Opening hours"))
    assert [n.id for n in flow.results()] == [1]
    flow.open_notice(1)
    assert flow.view is DisclosureView.NOTICE
    assert flow.back() and flow.view is DisclosureView.SEARCH
    assert flow.back() and flow.view is DisclosureView.LIST
    assert flow.back() and flow.view is DisclosureView.SECTIONS
    assert flow.back() is False
    flow.open_section(Section.STAFF)
    assert flow.view is DisclosureView.TABLE and flow.table_rows()[0][0] == "1号窗口"


def test_the_kept_copy_says_its_day_and_a_notice_prints(
    hall: FakeHall, devices: FakeDevices, clock: SteppedClock
) -> None:
    port = FakeDisclosure(stale=True)
    kiosk = opened(hall, devices, clock, port)
    flow = flow_of(kiosk)
    assert flow.stale == Words(
        "以下为 12月4日 的内容，大厅网络恢复后更新",
        "This is the content as of 4 Dec; it is updated when the hall's network is back.",
    )
    flow.open_section(Section.POLICIES)
    flow.open_notice(3)
    assert flow.can_print
    job = kiosk.track(flow.print_notice())
    assert job is not None and kiosk.track(flow.print_notice()) is None  # a double tap prints once
    run(kiosk, job)
    assert flow.message == PRINTED and port.printed == [(3, "zh_CN")]


@pytest.mark.parametrize("port", [None, FakeDisclosure(never=True)], ids=["no port", "never fetched"])
def test_nothing_to_show_says_so(
    hall: FakeHall, devices: FakeDevices, clock: SteppedClock, port: FakeDisclosure | None
) -> None:
    flow = flow_of(opened(hall, devices, clock, port))
    assert flow.view is DisclosureView.PAUSED
    assert flow.message == (NOT_HERE if port is None else Words("没有保存过", "never kept"))
