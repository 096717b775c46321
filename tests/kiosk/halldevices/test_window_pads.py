"""The pads' behaviour at the windows, fed key events and hall events directly: what each key does at the hall,
what the pad shows, when ratings are made, and how the pad follows calls made elsewhere.

The hall here is a small in-memory window queue (the end-to-end tests use the real hall server)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from common.hallapi.ratings import RatingIn
from devices.pads import EventGap, KeyEvent, PadKey, PadMode, PadView
from devices.words import Words
from kiosk.hallclient import HallRefused, HallUnreachable
from kiosk.hallclient.ratings import rating_body
from kiosk.halldevices.window_pads import PadPlace, Served, WindowPads
from tests.support.clocks import SteppedClock


def tid(number: str) -> str:
    """The hall's id of a ticket (a UUID, as the hall gives it), the same for the same number."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ticket/{number}"))


class SmallHall:
    """Window actions on a list of waiting numbers; ``down`` makes every action fail as unreachable."""

    def __init__(self, *numbers: str) -> None:
        self.waiting = [Served(tid(n), n) for n in numbers]
        self.serving: dict[int, Served | None] = {}
        self.paused: dict[int, bool] = {}
        self.done: list[tuple[str, str]] = []  # (action, number)
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise HallUnreachable(Words("无法连接大厅服务", "cannot reach the hall"))

    def call_next(self, window: int) -> Served | None:
        self._check()
        if self.paused.get(window):
            raise HallRefused("window_paused", Words("窗口已暂停", "window is paused"))
        self.complete(window)
        called = self.waiting.pop(0) if self.waiting else None
        self.serving[window] = called
        if called:
            self.done.append(("called", called.number))
        return called

    def recall(self, window: int) -> Served | None:
        self._check()
        current = self.serving.get(window)
        if current:
            self.done.append(("recalled", current.number))
        return current

    def no_show(self, window: int) -> Served | None:
        return self._finish(window, "missed")

    def complete(self, window: int) -> Served | None:
        return self._finish(window, "completed")

    def _finish(self, window: int, how: str) -> Served | None:
        self._check()
        current = self.serving.pop(window, None)
        if current:
            self.done.append((how, current.number))
        return current

    def pause(self, window: int, paused: bool) -> bool:
        self._check()
        self.paused[window] = paused
        return paused


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock(100.0)


def make(
    hall: SmallHall, clock: SteppedClock, *, reason_keys: tuple[str, ...] = ()
) -> tuple[WindowPads, list[dict[str, Any]], dict[int, PadView]]:
    ratings: list[dict[str, Any]] = []
    shown: dict[int, PadView] = {}

    def show(address: int, view: PadView) -> bool:
        shown[address] = view
        return True

    def rate(rating: RatingIn) -> None:
        ratings.append(rating_body(rating))  # as it goes to the hall

    pads = WindowPads(
        [PadPlace(1, 1, "1001"), PadPlace(2, 2, "S-7")],
        hall,
        rate,
        show,
        rating_timeout_s=30,
        thanks_s=3,
        reason_keys=reason_keys,
        clock=clock,
    )
    pads.set_hall_up(True)
    return pads, ratings, shown


class Presser:
    def __init__(self, pads: WindowPads) -> None:
        self.pads, self.seq = pads, 0

    def __call__(self, address: int, *keys: int) -> None:
        for key in keys:
            self.seq += 1
            self.pads.on_pad_event(KeyEvent(address, self.seq, key))


def test_call_next_recall_no_show_and_pause_reach_the_hall_and_the_pad(clock: SteppedClock) -> None:
    hall = SmallHall("A001", "A002")
    pads, _ratings, shown = make(hall, clock)
    press = Presser(pads)
    assert shown[1] == PadView(1, PadMode.IDLE, "", 1001)
    press(1, PadKey.CALL_NEXT)
    assert shown[1] == PadView(1, PadMode.SERVING, "A001", 1001)
    press(1, PadKey.RECALL, PadKey.NO_SHOW)
    assert hall.done == [("called", "A001"), ("recalled", "A001"), ("missed", "A001")]
    assert shown[1].mode is PadMode.IDLE and shown[1].number == ""
    press(1, PadKey.PAUSE)
    assert hall.paused[1] and shown[1].mode is PadMode.PAUSED
    press(1, PadKey.PAUSE, PadKey.CALL_NEXT)
    assert not hall.paused[1] and shown[1] == PadView(1, PadMode.SERVING, "A002", 1001)
    press(1, PadKey.CALL_NEXT)  # nobody waits: the last one is completed and the pad is idle
    assert hall.done[-1] == ("completed", "A002") and shown[1].mode is PadMode.IDLE
    assert shown[2] == PadView(2, PadMode.IDLE, "", 0)  # a staff number that is not digits is not shown


def test_invite_and_rate_makes_one_rating_then_thanks_then_idle(clock: SteppedClock) -> None:
    hall = SmallHall("A001")
    pads, ratings, shown = make(hall, clock)
    press = Presser(pads)
    press(2, PadKey.CALL_NEXT, PadKey.INVITE_RATING)
    assert hall.done[-1] == ("completed", "A001")  # inviting a rating ends the service
    assert shown[2].mode is PadMode.AWAITING_RATING and shown[2].number == "A001"
    press(2, PadKey.SATISFIED, PadKey.VERY_DISSATISFIED)  # the second key is not a second rating
    assert ratings == [
        {"ticket_id": tid("A001"), "level": 4, "reasons": [], "channel": "pad", "window": 2, "staff": "S-7",
         "stage": "completion"}
    ]  # fmt: skip
    assert shown[2].mode is PadMode.THANKS
    clock.now += 3
    pads.tick()
    assert shown[2].mode is PadMode.IDLE


def test_a_bad_rating_without_reason_keys_records_not_stated(clock: SteppedClock) -> None:
    pads, ratings, _shown = make(SmallHall("A001"), clock)
    Presser(pads)(1, PadKey.CALL_NEXT, PadKey.INVITE_RATING, PadKey.DISSATISFIED)
    assert [(r["level"], r["reasons"]) for r in ratings] == [(2, ["未说明"])]


def test_a_pad_with_reason_keys_asks_for_the_reason(clock: SteppedClock) -> None:
    pads, ratings, shown = make(SmallHall("A001", "A002"), clock, reason_keys=("办理时间过长", "工作人员态度不好"))
    press = Presser(pads)
    press(1, PadKey.CALL_NEXT, PadKey.INVITE_RATING, PadKey.VERY_DISSATISFIED)
    assert ratings == [] and shown[1].mode is PadMode.AWAITING_RATING
    press(1, 22)
    assert [(r["level"], r["reasons"]) for r in ratings] == [(1, ["工作人员态度不好"])]
    # No reason key in time: the bad rating still counts, with the reason not stated.
    clock.now += 10
    pads.tick()
    press(1, PadKey.CALL_NEXT, PadKey.INVITE_RATING, PadKey.DISSATISFIED)
    clock.now += 30
    pads.tick()
    assert [(r["level"], r["reasons"]) for r in ratings][1:] == [(2, ["未说明"])]


def test_rating_keys_outside_an_invitation_and_unknown_keys_are_ignored(clock: SteppedClock) -> None:
    hall = SmallHall("A001")
    pads, ratings, shown = make(hall, clock)
    press = Presser(pads)
    press(1, PadKey.VERY_SATISFIED, 42, PadKey.INVITE_RATING)  # nothing served yet: nobody to rate
    press(1, PadKey.CALL_NEXT, PadKey.VERY_SATISFIED)
    assert ratings == [] and pads.ignored_keys == 4
    assert shown[1].mode is PadMode.SERVING


def test_an_invitation_runs_out_without_a_rating(clock: SteppedClock) -> None:
    pads, ratings, shown = make(SmallHall("A001"), clock)
    press = Presser(pads)
    press(1, PadKey.CALL_NEXT, PadKey.INVITE_RATING)
    clock.now += 29.9
    assert pads.tick() == pytest.approx(130.0)
    clock.now += 0.1
    pads.tick()
    press(1, PadKey.SATISFIED)
    assert ratings == [] and shown[1].mode is PadMode.IDLE


def test_an_unreachable_hall_refuses_window_keys_but_keeps_ratings(clock: SteppedClock) -> None:
    hall = SmallHall("A001", "A002")
    pads, ratings, shown = make(hall, clock)
    press = Presser(pads)
    press(1, PadKey.CALL_NEXT)
    hall.down = True
    press(1, PadKey.CALL_NEXT)  # fails: every pad shows busy from now on
    assert shown[1] == PadView(1, PadMode.BUSY, "A001", 1001) and shown[2].mode is PadMode.BUSY
    press(1, PadKey.CALL_NEXT, PadKey.RECALL, PadKey.PAUSE)  # refused without asking
    assert hall.done == [("called", "A001")]
    press(1, PadKey.INVITE_RATING)  # the citizen can still rate; the rating waits in the outbox
    assert shown[1].mode is PadMode.AWAITING_RATING
    press(1, PadKey.VERY_SATISFIED)
    assert [r["ticket_id"] for r in ratings] == [tid("A001")]
    clock.now += 3
    pads.tick()
    assert shown[1].mode is PadMode.BUSY
    hall.down = False
    pads.set_hall_up(True)
    assert shown[1] == PadView(1, PadMode.SERVING, "A001", 1001) and shown[2].mode is PadMode.IDLE


def test_calls_made_elsewhere_reach_the_pad_and_old_events_never_step_it_back(clock: SteppedClock) -> None:
    hall = SmallHall("A001", "A002")
    pads, _ratings, shown = make(hall, clock)
    press = Presser(pads)
    press(1, PadKey.CALL_NEXT, PadKey.CALL_NEXT)
    assert shown[1].number == "A002"
    # The events of those two calls arrive afterwards, in the hall's order.
    for kind, number in [("ticket.called", "A001"), ("ticket.completed", "A001"), ("ticket.called", "A002")]:
        pads.on_hall_event(kind, {"ticket_id": tid(number), "number": number, "window": 1})
        assert shown[1] == PadView(1, PadMode.SERVING, "A002", 1001)
    # The staff page calls B005 to window 2, then pauses window 2.
    pads.on_hall_event("ticket.called", {"ticket_id": tid("B005"), "number": "B005", "window": 2})
    assert shown[2] == PadView(2, PadMode.SERVING, "B005", 0)
    pads.on_hall_event("window.paused", {"window": 2, "paused": True})
    assert shown[2].mode is PadMode.PAUSED
    pads.on_hall_event("ticket.transferred", {"ticket_id": tid("B005"), "number": "B005", "window": None,
                                              "from_window": 2})  # fmt: skip
    assert shown[2] == PadView(2, PadMode.PAUSED, "", 0)


def test_a_snapshot_sets_the_pads_and_a_complete_gives_the_ticket_to_rate(clock: SteppedClock) -> None:
    hall = SmallHall()
    hall.serving[1] = Served(tid("A009"), "A009")  # served before the controller started
    pads, ratings, shown = make(hall, clock)
    pads.on_hall_event("snapshot", {"windows": [{"number": 1, "paused": False, "serving": "A009"},
                                                {"number": 2, "paused": True, "serving": None}]})  # fmt: skip
    assert shown[1].number == "A009" and shown[2].mode is PadMode.PAUSED
    Presser(pads)(1, PadKey.INVITE_RATING, PadKey.VERY_SATISFIED)
    assert [r["ticket_id"] for r in ratings] == [tid("A009")]


def test_gaps_are_counted_as_lost_events(clock: SteppedClock) -> None:
    pads, _ratings, _shown = make(SmallHall(), clock)
    pads.on_pad_event(EventGap(1, last_seq=0, seq=9, lost=1))
    pads.on_pad_event(KeyEvent(7, 1, PadKey.CALL_NEXT))  # a pad nobody configured
    assert pads.lost_events == 1


def test_a_pad_that_did_not_take_its_view_gets_it_again(clock: SteppedClock) -> None:
    hall = SmallHall("A001")
    accepted: list[PadView] = []
    answering = False

    def show(_address: int, view: PadView) -> bool:
        if answering:
            accepted.append(view)
        return answering

    pads = WindowPads([PadPlace(1, 1, "1")], hall, lambda _r: None, show, clock=clock)
    pads.set_hall_up(True)
    pads.on_pad_event(KeyEvent(1, 1, PadKey.CALL_NEXT))
    assert accepted == [] and pads.pads[1].shown is None
    answering = True
    pads.refresh(1)
    assert accepted == [PadView(1, PadMode.SERVING, "A001", 1)]
    pads.refresh(1)
    pads.refresh(1, force=True)
    assert len(accepted) == 2
