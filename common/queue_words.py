"""How a ticket's place in the queue is worded for citizens, on paper and on screens alike: the people ahead, the
estimated wait ("无需等候" when nobody is ahead, never "about 0 minutes"), and why a ticket cannot be given up.

The printed ticket (kiosk/printing/ticket.py) and the kiosk's screen (common/ticket_words.py) take these words;
the phone ticket page (hall/ticket_page.py) shows both halves."""

from __future__ import annotations

from common.refusals import Refusal
from devices.words import Words


def people_ahead(ahead: int) -> Words:
    """您前面还有 3 人等候 / 3 people are ahead of you."""
    if ahead == 0:
        return Words("您前面没有人等候", "Nobody is ahead of you")
    if ahead == 1:
        return Words("您前面还有 1 人等候", "1 person is ahead of you")
    return Words(f"您前面还有 {ahead} 人等候", f"{ahead} people are ahead of you")


def estimated_wait(minutes: int) -> Words:
    """预计等候约 12 分钟 / About 12 minutes' wait; 无需等候 / No wait when nobody is ahead."""
    if minutes == 0:
        return Words("无需等候", "No wait")
    return Words(
        f"预计等候约 {minutes} 分钟",
        f"About {minutes} minute's wait" if minutes == 1 else f"About {minutes} minutes' wait",
    )


TAKE_A_NEW_NUMBER = Words(
    "如需办理，请重新取号，或到服务台咨询", "To be served, please take a new number, or ask at the help desk"
)


def give_up_refused(status: str, number: str, window: int | None) -> Refusal:
    """Why ticket ``number`` (in ``status``) can no longer give up its place, and what to do instead."""
    if status == "called":
        return Refusal(
            "not_waiting",
            Words(f"{number}已叫号，不能再放弃排队", f"{number} has been called: it can no longer give up its place"),
            Words(
                f"请到 {window} 号窗口办理；不需要办理了，请告诉窗口工作人员",
                f"Please go to window {window}; if you no longer need the service, tell the staff there",
            ),
        )
    if status == "completed":
        return Refusal(
            "not_waiting",
            Words(f"{number}已办理完毕", f"{number} has been served"),
            Words("无需放弃排队", "There is nothing to give up"),
        )
    if status == "cancelled":
        return Refusal(
            "not_waiting",
            Words(f"{number}已放弃排队", f"{number} has already given up its place"),
            TAKE_A_NEW_NUMBER,
        )
    return Refusal(
        "not_waiting",
        Words(f"{number}已不在排队", f"{number} is no longer in the queue"),
        TAKE_A_NEW_NUMBER,
    )
