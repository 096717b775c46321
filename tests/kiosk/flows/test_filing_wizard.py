"""The filing wizard up to the form: choosing the item, the all-at-once notice, consent, the ID card (prefill,
refusals), and the form field by field, checked as typed, with its back steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from devices.identity import CardResult, Rejection
from devices.state import DeviceState
from devices.words import Words
from kiosk.flows.filing import FilingFlow
from kiosk.flows.filing_steps import DECLINED, EXPIRED_CARD, NEEDS_CARD, NO_ITEMS, NOT_OFFERED, NOTICE_PRINTED
from kiosk.flows.filing_steps import FilingStep as Step
from kiosk.flows.guide import BrowseBy
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import HOME
from kiosk.station.filing_ports import FilingItem
from kiosk.station.ports import Unavailable
from tests.kiosk.flows.conftest import CARD, FakeDevices, FakeHall, refresh_offers, run
from tests.kiosk.flows.filing_fakes import SOCIAL_CARD, FakeFiling, open_filing, to_form


def test_a_kiosk_without_the_filing_port_says_filing_is_not_offered(kiosk: Kiosk) -> None:
    flow = FilingFlow(kiosk.context)
    assert flow.start() is None
    assert flow.step is Step.PAUSED and flow.message == NOT_OFFERED


def test_with_the_hall_away_and_no_catalog_it_pauses_and_retries(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    away = Words("办事指南暂不可用", "the guide is not available")
    filing.items_value = Unavailable(away)
    flow = open_filing(filing_kiosk)
    assert flow.step is Step.PAUSED and flow.message == away
    filing.items_value = []
    run(filing_kiosk, filing_kiosk.track(flow.retry()))
    assert flow.step is Step.PAUSED and flow.message == NO_ITEMS
    filing.items_value = FakeFiling().items_value
    run(filing_kiosk, filing_kiosk.track(flow.retry()))
    assert flow.step is Step.CHOOSE and flow.message is None


def test_items_are_found_by_department_life_event_and_search(filing_kiosk: Kiosk) -> None:
    flow = open_filing(filing_kiosk)
    assert flow.groups() == ["人社局", "公安局"]
    flow.open_group("公安局")
    assert [i.code for i in flow.listed] == ["A-9"]
    assert flow.back() and flow.listed == []
    flow.browse(BrowseBy.LIFE_EVENT)
    assert flow.groups() == ["就业", "证照办理"]
    flow.open_group("证照办理")
    assert [i.code for i in flow.listed] == ["B-9", "A-9"]
    flow.search("社保卡")
    assert flow.listed == [] and flow.message is not None and "换个词" in flow.message.zh
    flow.search("shbz")  # pinyin initials, as the guide searches
    assert [i.code for i in flow.listed] == ["B-9"] and flow.message is None
    flow.listed = []
    assert filing_kiosk.back() is not None and filing_kiosk.screen == HOME


def test_the_notice_tells_every_material_at_once_and_prints_it(filing_kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    assert flow.step is Step.NOTICE and flow.item is not None
    assert [m.name for m in flow.item.guide.materials] == ["本人居民身份证", "损坏的原社会保障卡", "委托书"]
    assert flow.item.guide.conditions == ("本市户籍居民",)
    run(filing_kiosk, filing_kiosk.track(flow.print_notice()))
    assert hall.printed_guides == ["B-9"] and flow.message == NOTICE_PRINTED
    hall.printer_ok = False
    run(filing_kiosk, filing_kiosk.track(flow.print_notice()))
    assert flow.message == Words("缺纸", "out of paper")


def test_without_a_printer_the_notice_offers_no_print(
    filing_kiosk: Kiosk, hall: FakeHall, devices: FakeDevices
) -> None:
    devices.printer = DeviceState.FAULT
    refresh_offers(filing_kiosk, hall, devices)
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    assert not flow.can_print_notice and flow.print_notice() is None and hall.printed_guides == []


def test_consent_says_what_is_collected_and_why_and_declining_reads_nothing(filing_kiosk: Kiosk) -> None:
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    flow.begin()
    assert flow.step is Step.CONSENT and not filing_kiosk.session.consent
    for collected in ("姓名", "身份证号码", "住址", "申请材料", "邮寄地址", "删除"):
        assert collected in flow.consent_notice.zh
    assert "ID number" in flow.consent_notice.en and "deletes" in flow.consent_notice.en
    flow.decline()
    assert flow.step is Step.NOTICE and flow.message == DECLINED
    assert filing_kiosk.session.identity is None and not filing_kiosk.session.consent


def test_filing_needs_the_reader(filing_kiosk: Kiosk, hall: FakeHall, devices: FakeDevices) -> None:
    devices.reader = DeviceState.OFFLINE
    refresh_offers(filing_kiosk, hall, devices)
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    flow.begin()
    assert flow.step is Step.NOTICE and flow.message == NEEDS_CARD


def test_the_card_prefills_the_form_and_locks_the_identity(filing_kiosk: Kiosk) -> None:
    flow = to_form(filing_kiosk)
    work = filing_kiosk.session.filing
    assert work is not None and filing_kiosk.session.consent
    assert work.values["applicant_name"] == CARD.name and work.values["id_number"] == CARD.id_number
    assert [spec.name for spec in flow.fields()] == ["home", "reason", "phone", "copies"]
    assert flow.current_field is not None and flow.current_field.name == "home"
    assert work.values["home"] == CARD.address, "the address is prefilled and can be changed"
    flow.enter("示例市示范区新街2号")
    flow.next_field()
    assert work.values["home"] == "示例市示范区新街2号" and "home" not in work.prefilled


def test_an_expired_card_is_refused_in_words(filing_kiosk: Kiosk, devices: FakeDevices) -> None:
    devices.card = CardResult.read(replace(CARD, valid_to=date(2020, 1, 1)))
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    flow.begin()
    run(filing_kiosk, filing_kiosk.track(flow.agree()))
    assert flow.step is Step.READ_FAILED and flow.message == EXPIRED_CARD
    assert filing_kiosk.session.identity is None
    assert filing_kiosk.session.filing is not None and filing_kiosk.session.filing.values == {}
    devices.card = CardResult.rejected(Rejection.EXPIRED, identity=CARD)  # the reader may refuse it itself
    run(filing_kiosk, filing_kiosk.track(flow.agree()))
    assert flow.step is Step.READ_FAILED and flow.message == Words("身份证已过期", "this ID card has expired")


def test_an_unreadable_card_can_be_placed_again(filing_kiosk: Kiosk, devices: FakeDevices) -> None:
    devices.card = CardResult.rejected(Rejection.UNREADABLE)
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    flow.begin()
    run(filing_kiosk, filing_kiosk.track(flow.agree()))
    assert flow.step is Step.READ_FAILED and flow.message is not None and "读卡失败" in flow.message.zh
    devices.card = CardResult.read(CARD)
    run(filing_kiosk, filing_kiosk.track(flow.agree()))
    assert flow.step is Step.FORM


def test_back_while_waiting_for_the_card_cancels_the_read(filing_kiosk: Kiosk, devices: FakeDevices) -> None:
    flow = open_filing(filing_kiosk)
    flow.choose_item("B-9")
    flow.begin()
    job = filing_kiosk.track(flow.agree())
    assert job is not None and flow.agree() is None, "a double tap starts one read"
    assert flow.step is Step.READING and flow.back()
    assert devices.cancelled == 1


def test_fields_are_checked_as_typed_in_both_languages(filing_kiosk: Kiosk) -> None:
    flow = to_form(filing_kiosk)
    flow.next_field()  # the prefilled address
    assert flow.current_field is not None and flow.current_field.name == "reason"
    assert flow.enter("") is None, "an empty field is not told off while typing"
    flow.next_field()
    assert flow.current_field.name == "reason" and flow.message == Words("必须填写", "required")
    assert flow.enter("被偷") == Words("只能选择：丢失、损坏", "must be one of 丢失, 损坏")
    assert flow.enter("丢失") is None and flow.field_error("reason") is None
    flow.next_field()
    assert flow.enter("123") == Words("不是有效的手机或固定电话号码", "not a Chinese mobile or landline number")
    flow.next_field()
    assert flow.current_field is not None and flow.current_field.name == "phone", "a bad value stops the walk"
    flow.enter("0571-8888 1234")
    flow.next_field()
    assert flow.enter("9") == Words("不能大于 5", "must be at most 5")
    assert flow.enter("2") is None
    flow.next_field()
    assert flow.step is Step.MATERIALS


def test_back_walks_the_fields_then_forgets_the_card(filing_kiosk: Kiosk) -> None:
    flow = to_form(filing_kiosk)
    flow.next_field()
    flow.enter("损坏")
    flow.next_field()
    assert flow.current_field is not None and flow.current_field.name == "phone"
    assert filing_kiosk.back() is None and flow.current_field.name == "reason"
    filing_kiosk.back()
    assert flow.current_field is not None and flow.current_field.name == "home"
    filing_kiosk.back()
    work = filing_kiosk.session.filing
    assert flow.step is Step.CONSENT and work is not None
    assert filing_kiosk.session.identity is None and not filing_kiosk.session.consent
    assert "id_number" not in work.values and work.values == {"reason": "损坏"}, "what was typed stays"
    filing_kiosk.back()
    assert flow.step is Step.NOTICE
    filing_kiosk.back()
    assert flow.step is Step.CHOOSE and filing_kiosk.session.filing is None


def test_a_form_the_card_fills_entirely_goes_straight_to_the_materials(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    only_card = FilingItem(replace(SOCIAL_CARD.guide, code="C-1"), SOCIAL_CARD.form[:2])
    filing.items_value = [only_card]
    flow = to_form_or_materials(filing_kiosk, "C-1")
    assert flow.step is Step.MATERIALS and flow.fields() == []
    assert [label for label, _ in flow.review_values()] == ["申请人姓名", "申请人身份证号码"]
    filing_kiosk.back()
    assert flow.step is Step.CONSENT and filing_kiosk.session.identity is None


def to_form_or_materials(kiosk: Kiosk, code: str) -> FilingFlow:
    flow = open_filing(kiosk)
    flow.choose_item(code)
    flow.begin()
    run(kiosk, kiosk.track(flow.agree()))
    return flow
