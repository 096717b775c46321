"""What the phone ticket page (``/q/{code}``) says about a ticket, in Chinese with English beneath: its number and
category, the number now being called, the people ahead and the wait, "your turn: window 3", or how it ended.

Pure rendering: ``hall/ticket_page.py`` reads the queue and serves these pages."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from html import escape
from pathlib import Path

from common.queue_words import TAKE_A_NEW_NUMBER, estimated_wait, people_ahead
from common.refusals import hotline_words
from devices.words import Words

ASSETS = Path(__file__).with_name("ticket_assets")
POLL_SECONDS = 15  # how often the page's script asks again (a phone on the hall's Wi-Fi shares an address)
REFRESH_SECONDS = 30  # without JavaScript: how often the browser reloads the page


class State(StrEnum):
    """What the page shows; ``live`` states change by themselves, the others are final."""

    WAITING = "waiting"
    TURN = "turn"  # called to a window: go there now
    SERVED = "served"
    MISSED = "missed"  # called, and not at the window
    EXPIRED = "expired"  # a ticket of an earlier day that was never called
    CANCELLED = "cancelled"  # given up by its holder

    @property
    def live(self) -> bool:
        return self in (State.WAITING, State.TURN)


@dataclass(frozen=True)
class TicketView:
    """Everything the page shows of one ticket."""

    hall: Words  # the hall's name, and its English (hall.name_en, else the same)
    hotline: str
    number: str
    category: Words
    state: State
    updated: datetime  # in the hall's zone
    ahead: int = 0
    eta: int = 0
    calling: str | None = None  # the number now being called in the category
    window: int | None = None
    recalls: int = 0
    day: date | None = None  # the ticket's service day
    code: str | None = None  # the signed code: only a ticket opened by it may be given up or rated
    rate: bool = False


@cache
def _assets() -> tuple[str, str]:
    return (ASSETS / "ticket.css").read_text(encoding="utf-8"), (ASSETS / "ticket.js").read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def policy() -> str:
    """The pages' Content-Security-Policy: their own style and script by hash, requests and forms to the hall
    only (the script asks for the page again), nothing else."""
    css, js = _assets()
    return (
        f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def _both(words: Words) -> str:
    """Chinese, with its English beneath (``.en`` is a block)."""
    return f'{escape(words.zh)}<span class="en" lang="en">{escape(words.en)}</span>'


def _two(words: Words, tag: str = "p", cls: str = "") -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f"<{tag}{attribute}>{_both(words)}</{tag}>"


def _state_block(view: TicketView) -> str:
    if view.state is State.WAITING:
        calling = (
            Words(f"正在叫号：{view.calling}", f"Now calling: {view.calling}")
            if view.calling
            else Words("本类业务尚未开始叫号", "No number has been called yet")
        )
        return (
            _two(calling, cls="calling")
            + _two(people_ahead(view.ahead), cls="ahead")
            + _two(estimated_wait(view.eta), cls="eta")
        )
    if view.state is State.TURN:
        again = (
            _two(Words("已再次呼叫您的号", "Your number has been called again"), cls="again") if view.recalls else ""
        )
        return (
            _two(Words("轮到您了", "It is your turn"), cls="turn-title")
            + _two(Words(f"请到 {view.window} 号窗口", f"Please go to window {view.window}"), cls="window")
            + again
        )
    if view.state is State.SERVED:
        return _two(Words("已办理完毕", "You have been served"), cls="final-title")
    if view.state is State.MISSED:
        what = Words("已过号", "Your number has passed")
        why = Words("叫到您的号时，您不在窗口", "You were not at the window when your number was called")
        return _two(what, cls="final-title") + _two(why) + _two(TAKE_A_NEW_NUMBER)
    if view.state is State.EXPIRED:
        day = view.day
        when = (
            Words(
                f"号票仅在取号当天（{day.month}月{day.day}日）有效",
                f"A ticket is valid only on the day it was taken ({day:%d %b})",
            )
            if day
            else Words("号票仅在取号当天有效", "A ticket is valid only on the day it was taken")
        )
        return (
            _two(Words("此号已过期", "This ticket has expired"), cls="final-title")
            + _two(when)
            + _two(TAKE_A_NEW_NUMBER)
        )
    return _two(Words("您已放弃排队", "You gave up your place"), cls="final-title") + _two(TAKE_A_NEW_NUMBER)


def _sign(view: TicketView) -> str:
    time = f"{view.updated:%H:%M:%S}"
    if view.state.live:
        words = Words(f"本页自动更新 · 更新于 {time}", f"Updates by itself · last updated {time}")
        problem = (
            '<span class="problem" hidden>暂时无法更新，正在重试'
            '<span class="en" lang="en">Cannot update just now; trying again</span></span>'
        )
        return f'<div class="sign live">{_two(words)}{problem}</div>'
    return f'<div class="sign">{_two(Words(f"状态更新于 {time}", f"Status as of {time}"))}</div>'


def _give_up(view: TicketView) -> str:
    if view.state is not State.WAITING or view.code is None:
        return ""
    return (
        f'<form class="give-up" method="get" action="/q/{escape(view.code)}/give-up">'
        '<button type="submit">放弃排队<span class="en" lang="en">Give up my place</span></button></form>'
    )


def _rate(view: TicketView) -> str:
    """Once served (or at the window), the ticket's own code leads on to rating the service (一次一评)."""
    return _link(f"/r/{view.code}", Words("评价本次服务", "Rate this service")) if view.rate and view.code else ""


def live_part(view: TicketView) -> str:
    """The part of the page the script replaces at each update (``<main id="live">``)."""
    return f"""<main id="live" class="{view.state.value}" data-live="{int(view.state.live)}" \
data-poll="{POLL_SECONDS}" data-title="{escape(_title(view))}">
<section class="ticket">{_two(view.category, cls="category")}
<p class="label">您的号码<span class="en" lang="en">Your number</span></p><p class="number">{escape(view.number)}</p>
</section><section class="state" aria-live="polite">{_state_block(view)}</section>{_sign(view)}{_give_up(view)}\
{_rate(view)}
</main>"""


def _title(view: TicketView) -> str:
    if view.state is State.TURN:
        return f"请到 {view.window} 号窗口 · {view.number}"
    return f"{view.number} · {view.hall.zh}"


def ticket_page(view: TicketView) -> str:
    refresh = f'<noscript><meta http-equiv="refresh" content="{REFRESH_SECONDS}"></noscript>' if view.state.live else ""
    return page(view.hall, view.hotline, _title(view), live_part(view), head=refresh)


def page(hall: Words, hotline: str, title: str, body: str, *, head: str = "") -> str:
    """A phone page of the hall: its name on top, ``body``, the hotline at the foot; the script that updates a
    live ticket rides along on every page (it does nothing where there is no live part)."""
    css, js = _assets()
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">{head}<title>{escape(title)}</title>
<style>{css}</style></head><body><header><p class="hall">{_both(hall) if hall.en != hall.zh else escape(hall.zh)}</p>
<p class="what">排队进度<span class="en" lang="en">Your place in the queue</span></p></header>
{body}<p id="announce" class="sr-only" role="status" aria-live="assertive"></p>
<footer>{_two(hotline_words(hotline))}</footer><script>{js}</script></body></html>"""


def _link(href: str, words: Words) -> str:
    """A link drawn as a button, its words in both languages."""
    return f'<p><a class="button" href="{escape(href)}">{_both(words)}</a></p>'


BACK = Words("返回排队进度", "Back to my ticket")


def message_page(hall: Words, hotline: str, title: Words, lines: list[Words], back: str | None) -> str:
    """A page that says one thing (a refusal, an unknown code), with a link back to the ticket when there is one."""
    link = _link(back, BACK) if back else ""
    body = f'<main class="message">{_two(title, "h1")}{"".join(_two(line) for line in lines)}{link}</main>'
    return page(hall, hotline, title.zh, body)


def confirm_page(hall: Words, hotline: str, number: str, code: str) -> str:
    """The confirmation step of giving up: a POST form, and a way back that changes nothing."""
    question = Words(f"确定放弃 {number} 的排队吗？", f"Give up the place of {number}?")
    void = Words(
        "放弃后此号作废，不能恢复；如需办理要重新取号。",
        "The number is then void and cannot be restored; to be served, you take a new number.",
    )
    yes = _both(Words("确定放弃排队", "Yes, give up my place"))
    form = (
        f'<form method="post" action="/q/{escape(code)}/give-up">'
        f'<button class="danger" type="submit">{yes}</button></form>'
    )
    keep = _link(f"/q/{code}", Words("不放弃，继续排队", "No, keep my place"))
    body = f'<main class="message confirm">{_two(question, "h1")}{_two(void)}{form}{keep}</main>'
    return page(hall, hotline, f"放弃排队 · {number}", body)
