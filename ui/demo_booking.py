"""The demo's booking scenes (预约办理): choose the item (the list and the pinyin search), the days and times, the ID
card, a wrong phone number and a right one, the confirm page, a time another kiosk takes meanwhile, the code and the
printed slip; the per-person limit, then managing that appointment (change it, then find it by the slip's QR code
and cancel it)."""

from __future__ import annotations

from kiosk.flows.booking import BookingFlow
from kiosk.flows.booking_manage import BookingStep
from kiosk.flows.screens import BOOKING
from kiosk.hallclient import HallClient, HallRefused
from kiosk.hallclient.booking import BookingClient
from kiosk.station.booking_port import Slot
from ui.demo_filing import keep_printout
from ui.demo_run import DemoRun, act, flow_of

ITEM = "339900-001-QR-00101-001"  # 居民身份证换领（有效期满）: two places a slot
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fictional_id(serial: int) -> str:
    """An ID number of the fictional region 99 (no real person's) with its right check character."""
    body = f"99060619800101{serial % 1000:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def walk_booking(run: DemoRun, key: str, card: int) -> None:
    """Book, in the variant on screen now, with the card ``card`` of the simulated reader."""
    kiosk = run.ui.kiosk
    if kiosk.context.booking is None:
        return
    act(run, kiosk.home)
    act(run, lambda: kiosk.go(BOOKING))
    flow = flow_of(run, BookingFlow)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    run.shot("booking-start", key)
    act(run, flow.book_new)
    run.shot("booking-item", key)
    act(run, flow.toggle_search)
    for letter in "SFZ":
        act(run, lambda letter=letter: flow.type_letter(letter))
    run.shot("booking-item-search", key)
    act(run, flow.toggle_search)
    act(run, lambda: flow.choose_item(ITEM))
    run.shot("booking-slots", key)
    slot = first_free(flow)
    if slot is None or not read_card(run, flow, slot, card, key):
        return
    for digit in "1381234":
        act(run, lambda digit=digit: flow.key(digit))
    act(run, flow.phone_done)
    run.shot("booking-phone-problem", key)
    for digit in "5678":
        act(run, lambda digit=digit: flow.key(digit))
    run.shot("booking-phone", key)
    act(run, flow.phone_done)
    run.shot("booking-confirm", key)
    another_kiosk_takes(run, slot, serial=card * 10)
    act(run, flow.confirm)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    run.shot("booking-slot-taken", key)
    if flow.picker.alternatives:
        act(run, lambda: flow.choose_slot(flow.picker.alternatives[0].key))
        act(run, flow.confirm)
        run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
        run.shot("booking-done", key)
        keep_printout(run, key, "booking-slip-printout")
    limit_and_manage(run, key, card)


def first_free(flow: BookingFlow) -> Slot | None:
    return next((slot for day in flow.picker.days for slot in day.slots if slot.free > 0), None)


def read_card(run: DemoRun, flow: BookingFlow, slot: Slot, card: int, key: str, *, shoot: bool = True) -> bool:
    act(run, lambda: flow.choose_slot(slot.key))
    if shoot:
        run.shot("booking-consent", key)
    reader = run.ui.kiosk.context.devices.simulators().get("id_reader")
    if reader is None:
        return False
    reader.place(card)  # type: ignore[attr-defined]
    act(run, flow.agree)
    run.settle(lambda: flow.step is not BookingStep.READING, 15)
    reader.remove()  # type: ignore[attr-defined]
    return flow.step is BookingStep.PHONE


def another_kiosk_takes(run: DemoRun, slot: Slot, serial: int) -> None:
    """Another kiosk books the slot's last places (other people, each once) while this citizen reads the page."""
    embedded = run.services.embedded
    if embedded is None:
        return
    with run.backstage():
        other = HallClient(run.services.config.hall.url, embedded.kiosk_token)
        try:
            for n in range(5):
                BookingClient(other).book(ITEM, slot, id_number=fictional_id(serial + n), phone="13900001111")
        except HallRefused:
            pass  # full now
        finally:
            other.close()


def limit_and_manage(run: DemoRun, key: str, card: int) -> None:
    """The same card books the same item again: the limit names the appointment; change it there; then find it by
    the new slip's QR code, and cancel it (asked first)."""
    kiosk = run.ui.kiosk
    act(run, kiosk.home)
    act(run, lambda: kiosk.go(BOOKING))
    flow = flow_of(run, BookingFlow)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    act(run, flow.book_new)
    act(run, lambda: flow.choose_item(ITEM))
    slot = first_free(flow)
    if slot is None or not read_card(run, flow, slot, card, key, shoot=False):
        return
    for digit in "13812345678":
        act(run, lambda digit=digit: flow.key(digit))
    act(run, flow.phone_done)
    act(run, flow.confirm)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    run.shot("booking-limit", key)
    act(run, flow.manage_existing)
    run.shot("booking-manage", key)
    act(run, flow.change)
    later = [s for day in flow.picker.days[1:] for s in day.slots if s.free > 0]
    if not later:
        return
    act(run, lambda: flow.picker.open_day_of(later[0]))
    act(run, lambda: flow.choose_slot(later[0].key))
    run.shot("booking-change-confirm", key)
    act(run, flow.confirm)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    run.shot("booking-changed", key)
    moved = flow.booking
    act(run, kiosk.home)
    act(run, lambda: kiosk.go(BOOKING))
    flow = flow_of(run, BookingFlow)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    act(run, flow.manage)
    run.shot("booking-find", key)
    if moved is None:
        return
    act(run, lambda: kiosk.scanned(moved.qr_text))
    act(run, flow.ask_cancel)
    run.shot("booking-cancel-confirm", key)
    act(run, flow.cancel)
    run.settle(lambda: flow.step is not BookingStep.WORKING, 15)
    run.shot("booking-cancelled", key)
    act(run, kiosk.home)
