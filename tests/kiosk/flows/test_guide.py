"""The service guide: browse, search by keyword or initials, the detail page, printing, the cached copy."""

from __future__ import annotations

from dataclasses import replace

from devices.state import DeviceState
from devices.words import Words
from kiosk.flows.guide import PRINTED, STALE, BrowseBy, GuideFlow, GuideView
from kiosk.flows.machine import Kiosk
from kiosk.flows.screens import GUIDE
from kiosk.station.ports import Unavailable
from tests.kiosk.flows.conftest import GUIDE as CATALOG
from tests.kiosk.flows.conftest import OFFLINE, FakeDevices, FakeHall, refresh_offers, run


def open_guide(kiosk: Kiosk) -> GuideFlow:
    run(kiosk, kiosk.go(GUIDE))
    assert isinstance(kiosk.flow, GuideFlow)
    return kiosk.flow


def names(flow: GuideFlow) -> list[str]:
    return [item.name for item in flow.page_items()]


def test_browse_by_department_and_by_life_event(kiosk: Kiosk) -> None:
    flow = open_guide(kiosk)
    assert flow.view is GuideView.BROWSE and flow.groups() == ["公安局", "人社局"]
    flow.open_group("公安局")
    assert names(flow) == ["居民身份证换领", "户口迁移"]
    assert kiosk.back() is None and flow.view is GuideView.BROWSE
    flow.browse(BrowseBy.LIFE_EVENT)
    assert flow.groups() == ["证照办理", "迁居", "就业"]
    flow.open_group("证照办理")
    assert names(flow) == ["居民身份证换领", "社保卡申领"]


def test_search_by_pinyin_initials_from_the_on_screen_keyboard(kiosk: Kiosk) -> None:
    flow = open_guide(kiosk)
    flow.browse(BrowseBy.SEARCH)
    for letter in "HKX":
        flow.type_letter(letter)
    assert kiosk.session.search_text == "hkx" and flow.results() == []
    flow.erase()
    assert [item.name for item in flow.results()] == ["户口迁移"]
    flow.show_results()
    assert flow.view is GuideView.LIST and names(flow) == ["户口迁移"]


def test_search_by_a_chinese_keyword_chip(kiosk: Kiosk) -> None:
    flow = open_guide(kiosk)
    chips = [word.zh for word in flow.hot_words()]
    assert "身份证" in chips and "公积金" not in chips
    flow.search_word("身份证")
    assert names(flow) == ["居民身份证换领"]
    flow.type_letter("s")
    assert kiosk.session.search_text == "s", "a letter after a keyword starts a new search"


def test_the_detail_page_holds_the_item_and_prints_it(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_guide(kiosk)
    flow.open_group("人社局")
    flow.open_item("B-1")
    assert flow.view is GuideView.DETAIL and flow.item is not None and flow.item.name == "社保卡申领"
    assert flow.can_print
    job = kiosk.track(flow.print_item())
    assert kiosk.track(flow.print_item()) is None
    run(kiosk, job)
    assert hall.printed_guides == ["B-1"] and flow.message == PRINTED
    kiosk.back()
    assert flow.view is GuideView.LIST


def test_print_is_hidden_when_the_printer_cannot_print(kiosk: Kiosk, hall: FakeHall, devices: FakeDevices) -> None:
    devices.printer = DeviceState.FAULT
    refresh_offers(kiosk, hall, devices)
    flow = open_guide(kiosk)
    flow.open_item("A-1")
    assert not flow.can_print and flow.print_item() is None and hall.printed_guides == []


def test_the_cached_copy_says_it_may_be_old(kiosk: Kiosk, hall: FakeHall) -> None:
    hall.guide_value = replace(CATALOG, stale=True)
    flow = open_guide(kiosk)
    assert flow.view is GuideView.BROWSE and flow.notice == STALE


def test_no_copy_and_no_hall_pauses_the_guide(kiosk: Kiosk, hall: FakeHall) -> None:
    hall.guide_value = Unavailable(OFFLINE)
    flow = open_guide(kiosk)
    assert flow.view is GuideView.PAUSED and flow.message is not None
    hall.guide_value = CATALOG
    run(kiosk, kiosk.track(flow.retry()))
    assert flow.view is GuideView.BROWSE


def test_long_lists_come_in_pages(kiosk: Kiosk) -> None:
    flow = open_guide(kiosk)
    flow.page_size = 2
    flow.open_group("公安局")
    flow.items = flow.items * 3
    assert flow.pages == 3 and len(flow.page_items()) == 2
    flow.next_page()
    flow.next_page()
    flow.next_page()
    assert flow.page == 2
    flow.previous_page()
    assert flow.page == 1


def test_chips_groups_and_list_titles_have_english_and_search_in_chinese(kiosk: Kiosk) -> None:
    flow = open_guide(kiosk)
    id_card = next(word for word in flow.hot_words() if word.zh == "身份证")
    assert id_card.en == "ID card"
    flow.search_word(id_card)
    assert kiosk.session.search_text == "身份证" and flow.list_title.en == "ID card"
    assert names(flow) == ["居民身份证换领"]

    flow.back()
    flow.browse(BrowseBy.LIFE_EVENT)
    assert flow.group_name("证照办理") == Words("证照办理", "IDs and certificates")
    flow.open_group("证照办理")
    assert flow.list_title.en == "IDs and certificates"


def test_a_guide_is_printed_in_the_language_the_citizen_uses(kiosk: Kiosk, hall: FakeHall) -> None:
    kiosk.set_language("en")
    flow = open_guide(kiosk)
    flow.open_item("A-1")
    run(kiosk, kiosk.track(flow.print_item()))
    assert hall.printed_languages == ["en"]
