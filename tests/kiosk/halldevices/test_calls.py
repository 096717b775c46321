"""Calls from the hall's events to the window displays and the voice, fed events directly."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devices.state import DeviceState, DeviceStatus, Listener
from devices.ticketer import Announcer, WindowDisplays
from kiosk.halldevices.calls import CallBoard
from tests.kiosk.halldevices.conftest import RecordingVoice


class Displays(WindowDisplays):
    """Window displays as a dict: what each window shows now."""

    def __init__(self) -> None:
        self.now: dict[int, tuple[str, str]] = {}

    def show(self, window: int, number: str, text: str = "") -> None:
        self.now[window] = (number, text)

    def clear(self, window: int) -> None:
        self.now.pop(window, None)

    def statuses(self) -> dict[int, DeviceStatus]:
        return dict.fromkeys(self.now, DeviceStatus(DeviceState.READY))

    def open(self) -> None:
        pass

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return lambda: None

    def close(self) -> None:
        pass


@pytest.fixture
def voice() -> RecordingVoice:
    return RecordingVoice()


@pytest.fixture
def announcer(voice: RecordingVoice) -> Iterator[Announcer]:
    speaking = Announcer(voice, repeats=1, pause=0)
    speaking.open()
    yield speaking
    speaking.close()


def called(ticket: str, number: str, window: int, recalls: int = 0) -> dict[str, object]:
    return {"ticket_id": ticket, "number": number, "window": window, "recalls": recalls, "category": number[0]}


def test_a_snapshot_shows_what_is_served_without_announcing_it(announcer: Announcer, voice: RecordingVoice) -> None:
    displays = Displays()
    displays.now[3] = ("B099", "")  # left over from before the controller started
    board = CallBoard(displays, announcer)
    board.on_hall_event("snapshot", {"windows": [{"number": 1, "name": "1号窗口", "serving": "A004"},
                                                 {"number": 3, "name": "3号窗口", "serving": None}]})  # fmt: skip
    assert displays.now == {1: ("A004", "请A004号到1号窗口办理")}
    assert announcer.wait_idle(5) and voice.heard == []
    # The number known only from the snapshot is cleared when its ticket ends.
    board.on_hall_event("ticket.completed", {"ticket_id": "t4", "number": "A004", "window": 1})
    assert displays.now == {}


def test_each_call_and_recall_is_shown_and_announced_in_order(announcer: Announcer, voice: RecordingVoice) -> None:
    displays = Displays()
    board = CallBoard(displays, announcer)
    board.on_hall_event("ticket.called", called("t1", "A001", 1))
    board.on_hall_event("ticket.called", called("t2", "B001", 3))
    board.on_hall_event("ticket.called", called("t1", "A001", 1, recalls=1))
    assert announcer.wait_idle(5)
    assert [h for h in voice.heard if h != "<chime>"] == [
        "请A零零一号，到一号窗口办理",
        "请B零零一号，到三号窗口办理",
        "请A零零一号，到一号窗口办理",
    ]
    assert [c.recalls for c in board.calls] == [0, 0, 1]
    assert displays.now == {1: ("A001", "请A001号到1号窗口办理"), 3: ("B001", "请B001号到3号窗口办理")}


def test_a_display_clears_only_for_its_own_ticket(announcer: Announcer) -> None:
    displays = Displays()
    board = CallBoard(displays, announcer)
    board.on_hall_event("ticket.called", called("t1", "A001", 1))
    board.on_hall_event("ticket.called", called("t2", "A002", 1))  # the next call replaced it
    board.on_hall_event("ticket.completed", {"ticket_id": "t1", "number": "A001", "window": 1})
    assert displays.now[1][0] == "A002"
    board.on_hall_event("ticket.transferred", {"ticket_id": "t2", "number": "A002", "window": None, "from_window": 1})
    assert displays.now == {}


def test_a_failing_display_does_not_stop_the_voice(announcer: Announcer, voice: RecordingVoice) -> None:
    class Broken(Displays):
        def show(self, window: int, number: str, text: str = "") -> None:
            raise OSError("port gone")

    board = CallBoard(Broken(), announcer)
    board.on_hall_event("ticket.called", called("t1", "A001", 2))
    assert announcer.wait_idle(5) and "请A零零一号，到二号窗口办理" in voice.heard
