"""The filing wizard from the materials on: the document camera, originals to bring, pages from the phone, how the
result comes, the review, the save before the receipt, save and printer faults, rating, and walking away."""

from __future__ import annotations

from devices.words import Words
from kiosk.flows.filing_materials import NO_CAMERA, NO_PHONE, NOT_FOUND, PHONE_WAITING
from kiosk.flows.filing_steps import FilingStep as Step
from kiosk.flows.filing_submit import ADDRESS_NEEDED, CHOOSE_DELIVERY, FIX_FORM
from kiosk.flows.filing_work import MaterialWay
from kiosk.flows.machine import Kiosk
from kiosk.flows.navigation import HOME
from kiosk.flows.rate import PICK_A_REASON, THANKS
from kiosk.station.filing_ports import NOT_SAVED, CameraFailed, CapturedPage, FilingNotSaved
from tests.kiosk.flows.conftest import CARD, run
from tests.kiosk.flows.filing_fakes import PAGE, FakeCamera, FakeFiling, fill_form, to_form, to_review
from tests.support.clocks import SteppedClock

SKEWED = CapturedPage(b"\xff\xd8whole frame\xff\xd9", b"\xff\xd8t\xff\xd9", False)
OTHER = CapturedPage(b"\xff\xd8second\xff\xd9", b"\xff\xd8t2\xff\xd9", True)


def at_materials(kiosk: Kiosk):  # type: ignore[no-untyped-def]
    flow = to_form(kiosk)
    fill_form(flow)
    assert flow.step is Step.MATERIALS
    return flow


def test_pages_are_taken_retaken_and_removed(filing_kiosk: Kiosk, camera: FakeCamera) -> None:
    flow = at_materials(filing_kiosk)
    flow.capture("本人居民身份证")
    assert flow.step is Step.CAPTURE
    camera.pages = [SKEWED, OTHER, PAGE]
    run(filing_kiosk, filing_kiosk.track(flow.take_page()))
    assert flow.message == NOT_FOUND, "a page not found in the frame is kept but the citizen is asked to check"
    run(filing_kiosk, filing_kiosk.track(flow.take_page()))
    entry = flow.capture_entry()
    assert entry is not None and entry.pages == [SKEWED, OTHER] and flow.message is None
    run(filing_kiosk, filing_kiosk.track(flow.retake(0)))
    assert entry.pages == [PAGE, OTHER]
    flow.remove_page(1)
    assert entry.pages == [PAGE] and camera.shots == 3
    filing_kiosk.back()
    assert flow.step is Step.MATERIALS and entry.way is MaterialWay.CAMERA and entry.settled


def test_a_double_tap_takes_one_page(filing_kiosk: Kiosk, camera: FakeCamera) -> None:
    flow = at_materials(filing_kiosk)
    flow.capture("本人居民身份证")
    first = filing_kiosk.track(flow.take_page())
    assert first is not None and flow.take_page() is None and flow.retake(0) is None
    run(filing_kiosk, first)
    assert camera.shots == 1


def test_camera_faults_are_told_and_the_original_can_be_brought_instead(
    filing_kiosk: Kiosk, camera: FakeCamera
) -> None:
    flow = at_materials(filing_kiosk)
    flow.capture("本人居民身份证")
    camera.failure = CameraFailed(Words("高拍仪没有画面", "the document camera shows nothing"))
    run(filing_kiosk, filing_kiosk.track(flow.take_page()))
    assert flow.message == camera.failure.message
    flow.finish_capture()
    entry = filing_kiosk.session.filing.entry("本人居民身份证")  # type: ignore[union-attr]
    assert entry is not None and entry.way is None and not entry.settled, "no page, nothing settled"
    camera.ok = False
    flow.capture("本人居民身份证")
    assert flow.step is Step.MATERIALS and flow.message == NO_CAMERA
    flow.bring("本人居民身份证")
    assert entry.way is MaterialWay.BRING and entry.settled


def test_every_required_material_must_be_settled_the_optional_one_need_not(filing_kiosk: Kiosk) -> None:
    flow = at_materials(filing_kiosk)
    flow.bring("本人居民身份证")
    flow.materials_done()
    assert flow.step is Step.MATERIALS and flow.message is not None
    assert "损坏的原社会保障卡" in flow.message.zh and "损坏的原社会保障卡" in flow.message.en
    assert "委托书" not in flow.message.zh
    flow.bring("损坏的原社会保障卡")
    flow.materials_done()
    assert flow.step is Step.DELIVERY


def test_pages_from_the_phone_settle_a_material(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = at_materials(filing_kiosk)
    run(filing_kiosk, filing_kiosk.track(flow.from_phone("本人居民身份证")))
    assert flow.message == NO_PHONE
    filing.phone_url = "https://hall.example.gov.cn/m/one-time"
    run(filing_kiosk, filing_kiosk.track(flow.from_phone("本人居民身份证")))
    assert flow.message == PHONE_WAITING and flow.phone_url == filing.phone_url
    flow.bring("损坏的原社会保障卡")
    flow.materials_done()
    assert flow.step is Step.MATERIALS, "no page has come yet"
    flow.phone_pages("本人居民身份证", [PAGE, OTHER])
    flow.materials_done()
    assert flow.step is Step.DELIVERY


def test_post_needs_an_address_prefilled_from_the_card_and_editable(filing_kiosk: Kiosk) -> None:
    flow = at_materials(filing_kiosk)
    flow.bring("本人居民身份证")
    flow.bring("损坏的原社会保障卡")
    flow.materials_done()
    flow.delivery_done()
    assert flow.step is Step.DELIVERY and flow.message == CHOOSE_DELIVERY
    flow.choose_delivery("post")
    work = filing_kiosk.session.filing
    assert work is not None and work.address == CARD.address
    flow.set_address("  ")
    flow.delivery_done()
    assert flow.step is Step.DELIVERY and flow.message == ADDRESS_NEEDED
    flow.set_address("示例")
    flow.delivery_done()
    assert flow.message == Words("请填写完整的邮寄地址", "Please enter the full postal address")
    flow.set_address("示例市示范区新街2号3单元")
    flow.delivery_done()
    assert flow.step is Step.REVIEW
    filing_kiosk.back()
    flow.choose_delivery("kiosk")
    flow.delivery_done()
    assert flow.step is Step.REVIEW


def test_the_review_shows_everything_with_the_id_number_masked(filing_kiosk: Kiosk) -> None:
    flow = to_review(filing_kiosk)
    shown = dict(flow.review_values())
    assert shown["申请人身份证号码"] == "990101********1237"
    assert shown["申请人姓名"] == CARD.name and shown["补领原因"] == "丢失" and shown["份数"] == ""
    assert CARD.id_number not in repr(filing_kiosk.session.filing)


def test_submit_saves_first_and_prints_the_receipt_only_after(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = to_review(filing_kiosk, "post")
    job = filing_kiosk.track(flow.submit())
    assert job is not None and flow.submit() is None, "a double tap files once"
    assert flow.step is Step.SAVING and filing.events == []
    follow = filing_kiosk.deliver(job, job.work())
    assert filing.events == ["save"] and flow.step is Step.PRINTING, "nothing is printed before the save returned"
    run(filing_kiosk, follow)
    assert filing.events == ["save", "receipt"] and flow.step is Step.DONE
    [draft] = filing.saved
    assert draft.form == {
        "applicant_name": CARD.name, "id_number": CARD.id_number, "home": CARD.address, "reason": "丢失",
        "phone": "13800138000",
    }  # fmt: skip
    assert (draft.phone, draft.id_number, draft.applicant_name) == ("13800138000", CARD.id_number, CARD.name)
    assert CARD.id_number not in repr(draft) and "990101********1237" in repr(draft), "logs see it masked"
    assert [(a.material, a.pages, a.source) for a in draft.attachments] == [("本人居民身份证", (PAGE.jpeg,), "camera")]
    assert draft.materials_to_bring == ("损坏的原社会保障卡",)
    assert (draft.delivery.method, draft.delivery.address) == ("post", CARD.address)
    [receipt] = filing.receipts
    assert receipt.filing_number == "K01-20261205-0001" == flow.filing_number
    assert receipt.qr_payload is not None and "/f/" in receipt.qr_payload
    assert receipt.id_number_masked == "990101********1237" and receipt.applicant_name_masked == "张*例"
    assert receipt.materials == ("本人居民身份证",) and receipt.materials_to_bring == ("损坏的原社会保障卡",)
    assert receipt.delivery == f"邮寄至 {CARD.address}" and receipt.promised_days == 5
    assert flow.message is not None and "K01-20261205-0001" in flow.message.zh
    work = filing_kiosk.session.filing
    assert filing_kiosk.session.identity is None and work is not None, "the ID number is dropped once stored"
    assert work.values == {} and work.address == "" and all(e.pages == [] for e in work.materials)


def test_a_failed_save_keeps_everything_and_says_so(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = to_review(filing_kiosk)
    filing.save_error = FilingNotSaved()
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    assert flow.step is Step.REVIEW and flow.message == NOT_SAVED and "申报未保存" in NOT_SAVED.zh
    assert filing.events == ["save"] and filing.receipts == [], "no receipt for a filing that is not saved"
    work = filing_kiosk.session.filing
    assert work is not None and work.values["reason"] == "丢失" and work.saved is None
    assert work.entry("本人居民身份证").pages == [PAGE]  # type: ignore[union-attr]
    assert filing_kiosk.session.identity == CARD
    filing.save_error = None
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    assert flow.step is Step.DONE and len(filing.saved) == 1


def test_a_printer_fault_keeps_the_filing_and_tells_the_number(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    filing.printer_ok = False
    flow = to_review(filing_kiosk)
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    assert flow.step is Step.DONE and len(filing.saved) == 1 and not flow.receipt_printed
    assert flow.message is not None and "K01-20261205-0001" in flow.message.zh and "缺纸" in flow.message.zh
    assert "out of paper" in flow.message.en


def test_a_value_broken_since_it_was_typed_sends_back_to_its_field(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = to_review(filing_kiosk)
    filing_kiosk.session.filing.values["phone"] = "12"  # type: ignore[union-attr]
    assert flow.submit() is None and filing.events == []
    assert flow.step is Step.FORM and flow.message == FIX_FORM
    assert flow.current_field is not None and flow.current_field.name == "phone"


def test_back_from_the_review_walks_to_the_last_field(filing_kiosk: Kiosk) -> None:
    flow = to_review(filing_kiosk)
    for step in (Step.DELIVERY, Step.MATERIALS):
        filing_kiosk.back()
        assert flow.step is step
    filing_kiosk.back()
    assert flow.step is Step.FORM and flow.current_field is not None and flow.current_field.name == "copies"


def test_after_filing_the_citizen_may_rate_it(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = to_review(filing_kiosk)
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    run(filing_kiosk, filing_kiosk.track(flow.rate(2)))
    assert flow.step is Step.RATE_REASONS and flow.reasons
    assert flow.send_rating() is None and flow.message == PICK_A_REASON
    flow.toggle_reason("等候时间长")
    run(filing_kiosk, filing_kiosk.track(flow.send_rating()))
    assert filing.ratings == [("K01-20261205-0001", 2, ["等候时间长"])]
    assert flow.step is Step.THANKS and flow.message == THANKS
    assert filing_kiosk.back() is not None and filing_kiosk.screen == HOME


def test_a_good_rating_is_sent_at_once(filing_kiosk: Kiosk, filing: FakeFiling) -> None:
    flow = to_review(filing_kiosk)
    run(filing_kiosk, filing_kiosk.track(flow.submit()))
    run(filing_kiosk, filing_kiosk.track(flow.rate(5)))
    assert filing.ratings == [("K01-20261205-0001", 5, [])] and flow.step is Step.THANKS


def test_walking_away_clears_the_filing_and_the_card(filing_kiosk: Kiosk, clock: SteppedClock) -> None:
    to_review(filing_kiosk)
    assert filing_kiosk.session.holds_data
    clock.advance(61)
    run(filing_kiosk, filing_kiosk.tick())
    session = filing_kiosk.session
    assert filing_kiosk.screen == HOME and session.filing is None and session.identity is None
    assert not session.consent and not session.holds_data
