"""Rating the service: good ratings go at once; a bad one needs a reason; one rating per ticket."""

from __future__ import annotations

from kiosk.flows.machine import Kiosk
from kiosk.flows.rate import PICK_A_REASON, RateFlow, RateStep
from kiosk.flows.screens import RATE, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow
from tests.flows.conftest import FakeHall, run


def open_rate(kiosk: Kiosk) -> RateFlow:
    run(kiosk, kiosk.go(RATE))
    assert isinstance(kiosk.flow, RateFlow)
    return kiosk.flow


def test_a_good_rating_is_sent_with_one_tap(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    run(kiosk, kiosk.track(flow.choose(5)))
    assert flow.step is RateStep.THANKS and hall.ratings == [(5, [], None)]


def test_a_bad_rating_needs_a_reason(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = open_rate(kiosk)
    assert flow.choose(2) is None and flow.step is RateStep.REASONS
    assert flow.submit() is None and flow.message == PICK_A_REASON
    flow.toggle_reason("态度不好")
    flow.toggle_reason("等候时间长")
    flow.toggle_reason("态度不好")
    flow.toggle_reason("not on the list")
    run(kiosk, kiosk.track(flow.submit()))
    assert hall.ratings == [(2, ["等候时间长"], None)]
    assert kiosk.session.rating_level is None


def test_the_ticket_just_taken_is_rated_once(kiosk: Kiosk, hall: FakeHall) -> None:
    run(kiosk, kiosk.go(TAKE_NUMBER))
    assert isinstance(kiosk.flow, TakeNumberFlow)
    kiosk.flow.choose("A")
    run(kiosk, kiosk.track(kiosk.flow.without_id_card()))
    flow = open_rate(kiosk)
    run(kiosk, kiosk.track(flow.choose(4)))
    assert hall.ratings == [(4, [], "t-A001")]
    again = open_rate(kiosk)
    assert again.already_rated and again.choose(5) is None
