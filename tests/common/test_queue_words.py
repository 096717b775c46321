"""The wording of a ticket's place in the queue: the phone page and the printed ticket say the same Chinese, and
nobody is ever told to wait "about 0 minutes"."""

from __future__ import annotations

from common.queue_words import estimated_wait, give_up_refused, people_ahead
from kiosk.printing.ticket import estimated_wait_wording, waiting_ahead_wording


def test_the_phone_page_says_what_the_printed_ticket_says() -> None:
    for ahead in (0, 1, 2, 37):
        assert people_ahead(ahead).zh == waiting_ahead_wording(ahead)
    for minutes in (0, 1, 5, 120):
        assert estimated_wait(minutes).zh == estimated_wait_wording(minutes)


def test_no_wait_is_said_as_such_in_both_languages() -> None:
    assert (estimated_wait(0).zh, estimated_wait(0).en) == ("无需等候", "No wait")
    assert (people_ahead(0).zh, people_ahead(0).en) == ("您前面没有人等候", "Nobody is ahead of you")
    assert people_ahead(1).en == "1 person is ahead of you" and estimated_wait(1).en == "About 1 minute's wait"


def test_a_called_ticket_is_told_its_window_when_it_cannot_give_up() -> None:
    words = give_up_refused("called", "A003", 3).words()
    assert "请到 3 号窗口办理" in words.zh and "window 3" in words.en
