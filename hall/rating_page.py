"""The public 好差评 page a ticket's QR code leads to (``/r/{code}``): the ticket's signed code is the credential,
good while the ticket is served and unrated, for ``ratings.qr_rating_hours`` after its service; works without
JavaScript (docs/security.md, "Ratings only by the person served")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html import escape
from typing import Literal
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from common.hallapi.ratings import plain_text
from common.settings.models import NOT_STATED
from hall.models import Ticket
from hall.ratings import (
    BAD_LEVELS,
    LEVEL_NAMES,
    LEVEL_NAMES_EN,
    NewRating,
    RatingBook,
    RatingError,
    Stage,
    was_served,
)
from hall.web import HallContext

MAX_COMMENT = 200
Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Texts:
    name: str
    html_lang: str
    title: str
    heading: str
    levels: str
    reasons: str
    comment: str
    submit: str
    window: str
    thanks: str
    follow_up: str
    invalid: str
    expired: str
    rated: str
    not_served: str
    choose_level: str
    need_reason: str
    bad_reason: str
    bad_comment: str


# fmt: off
TEXTS: dict[Lang, Texts] = {
    "zh": Texts(
        name="中文", html_lang="zh-CN", title="服务评价", heading="请对本次服务进行评价", levels="满意程度",
        reasons="不满意的原因（可多选）", comment="其他意见（选填，200字以内）", submit="提交评价", window="{}号窗口",
        thanks="感谢您的评价！", follow_up="我们将在{}前回访并整改。", invalid="评价链接无效，请扫描号票上的二维码。",
        expired="评价链接已过期。", rated="该服务已评价，感谢您的参与。",
        not_served="请在办理完成后再评价。", choose_level="请选择满意程度。",
        need_reason="选择“不满意”或“非常不满意”时，请至少选择一个原因。", bad_reason="请从列表中选择原因。",
        bad_comment="意见最多200字，且不能含有特殊字符。",
    ),
    "en": Texts(
        name="English", html_lang="en", title="Rate our service", heading="How was our service today?",
        levels="Your satisfaction", reasons="What went wrong? (choose one or more)",
        comment="Anything else? (optional, up to 200 characters)", submit="Send rating", window="window {}",
        thanks="Thank you for your rating!", follow_up="We will follow up and fix it by {}.",
        invalid="This rating link is not valid; please scan the QR code on your ticket.",
        expired="This rating link has expired.", rated="This service has already been rated. Thank you.",
        not_served="Please rate after you have been served.",
        choose_level="Please choose how satisfied you are.",
        need_reason="For a rating of dissatisfied or very dissatisfied, please choose at least one reason.",
        bad_reason="Please choose reasons from the list.",
        bad_comment="Comments are at most 200 characters, without special characters.",
    ),
}
# fmt: on
# Big touch targets; the reasons show only once a bad level is picked where the browser supports :has().
PAGE_STYLE = """body{font-family:system-ui,sans-serif;margin:0;font-size:18px;color:#222;background:#f5f6f8}
header{display:flex;justify-content:space-between;padding:.8em 1em;background:#1a5fb4;color:#fff}
header a{color:#fff}main{max-width:32em;margin:auto;padding:1em}h1{font-size:1.4em}.about{color:#555}
fieldset{border:0;padding:0;margin:0 0 1em}legend{font-weight:bold;margin-bottom:.5em}
.level{display:block;margin:.4em 0}.level input{position:absolute;opacity:0}
.level span{display:block;padding:.9em;border:2px solid #1a5fb4;border-radius:.6em;text-align:center;background:#fff}
.level input:checked+span{background:#1a5fb4;color:#fff}.level input:focus-visible+span{outline:3px solid #f5c211}
.reason{display:block;padding:.5em 0}.reason input{width:1.3em;height:1.3em}
textarea{display:block;width:100%;box-sizing:border-box;font-size:1em;margin-top:.4em}
button{width:100%;margin-top:1em;padding:1em;font-size:1.1em;border:0;border-radius:.6em;background:#26a269;color:#fff}
.error{color:#c01c28;font-weight:bold}.done{font-size:1.3em;text-align:center;margin-top:3em}
@supports selector(:has(*)){.reasons{display:none}form:has(.bad:checked) .reasons{display:block}}"""


class _Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class RatingPage:
    """Renders the page and takes its form; every refusal is a page in the visitor's language, never JSON."""

    def __init__(self, hall: HallContext) -> None:
        self.queue = hall.queue
        self.book = RatingBook(hall.queue, hall.queue.config.ratings)
        self.codes = hall.codes
        self.ratings = hall.queue.config.ratings  # the reasons' English comes from the config, as at the kiosk
        self.reasons = [r for r in self.ratings.bad_rating_reasons if r != NOT_STATED]

    def open_code(self, code: str, t: Texts) -> Ticket:
        """The ticket a genuine code names, while it may be rated; a refusal in ``t``'s words otherwise."""
        ticket_id = self.codes.ticket_of(code)
        ticket = self.queue.ticket(ticket_id) if ticket_id is not None else None
        if ticket is None:
            raise _Refusal(404, t.invalid)
        refusal = self.refusal(ticket, t)
        if refusal is not None:
            raise refusal
        return ticket

    def refusal(self, ticket: Ticket, t: Texts) -> _Refusal | None:
        """Why ``ticket`` cannot be rated now, or None: it must have been served, be unrated (一次一评) and have
        been served less than ``qr_rating_hours`` ago."""
        if self.book.already_rated(ticket.id, None, Stage.COMPLETION):
            return _Refusal(409, t.rated)
        if not was_served(ticket) or ticket.called_at is None:
            return _Refusal(409, t.not_served)
        served_at = ticket.finished_at or ticket.called_at
        if self.queue.clock() > served_at + timedelta(hours=self.queue.config.ratings.qr_rating_hours):
            return _Refusal(410, t.expired)
        return None

    def may_rate(self, ticket: Ticket) -> bool:
        return self.refusal(ticket, TEXTS["zh"]) is None

    def form(
        self,
        token: str,
        ticket: Ticket,
        lang: Lang,
        *,
        level: int | None = None,
        error: str = "",
        chosen: tuple[str, ...] = (),
        comment: str = "",
    ) -> str:
        """The rating form; after a refused post it keeps what the visitor chose and typed."""
        t = TEXTS[lang]
        names = LEVEL_NAMES if lang == "zh" else LEVEL_NAMES_EN
        category = self.queue.categories.get(ticket.category)
        about = [ticket.number]
        if category is not None:
            about.append(category.name_zh if lang == "zh" else category.name_en)
        if ticket.window is not None:
            about.append(t.window.format(ticket.window))
        buttons = "".join(
            f'<label class="level"><input type="radio" name="level" value="{n}" required'
            f"{' class=bad' if n in BAD_LEVELS else ''}{' checked' if n == level else ''}>"
            f"<span>{escape(names[n])}</span></label>"
            for n in sorted(names, reverse=True)
        )
        boxes = "".join(
            f'<label class="reason"><input type="checkbox" name="reasons" value="{escape(r)}"'
            f"{' checked' if r in chosen else ''}> "
            f"{escape(r if lang == 'zh' else self.ratings.reason_en(r) or r)}</label>"
            for r in self.reasons
        )
        alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
        textarea = f'<textarea name="comment" maxlength="{MAX_COMMENT}" rows="3">{escape(comment)}</textarea>'
        body = f"""<h1>{escape(t.heading)}</h1><p class="about">{escape(" · ".join(about))}</p>{alert}
<form method="post" action="/r/{escape(token)}?lang={lang}"><fieldset class="levels"><legend>{escape(t.levels)}</legend>
{buttons}</fieldset><fieldset class="reasons"><legend>{escape(t.reasons)}</legend>{boxes}</fieldset>
<label class="comment">{escape(t.comment)}{textarea}</label>
<button type="submit">{escape(t.submit)}</button></form>"""
        return self.page(token, lang, body)

    def page(self, token: str, lang: Lang, body: str) -> str:
        t = TEXTS[lang]
        other: Lang = "en" if lang == "zh" else "zh"
        switch = f'<a class="lang" href="/r/{escape(token)}?lang={other}">{escape(TEXTS[other].name)}</a>'
        named = self.queue.config.hall
        hall = (named.name_en or named.name) if lang == "en" else named.name
        return f"""<!doctype html><html lang="{t.html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(t.title)}</title>
<style>{PAGE_STYLE}</style></head><body><header><span>{escape(hall)}</span>{switch}</header>
<main>{body}</main></body></html>"""

    def message(self, token: str, lang: Lang, text: str, status: int) -> HTMLResponse:
        return HTMLResponse(self.page(token, lang, f'<p class="done">{escape(text)}</p>'), status_code=status)

    def show(self, token: str, lang: Lang) -> HTMLResponse:
        try:
            ticket = self.open_code(token, TEXTS[lang])
        except _Refusal as refusal:
            return self.message(token, lang, refusal.message, refusal.status)
        return HTMLResponse(self.form(token, ticket, lang))

    def submit(self, token: str, lang: Lang, fields: dict[str, list[str]]) -> HTMLResponse:
        t = TEXTS[lang]
        try:
            ticket = self.open_code(token, t)
        except _Refusal as refusal:
            return self.message(token, lang, refusal.message, refusal.status)
        level_text = fields.get("level", [""])[0]
        level = int(level_text) if level_text in {"1", "2", "3", "4", "5"} else None
        # Reasons ticked before switching to a good level are dropped: only bad ratings carry reasons.
        chosen = tuple(fields.get("reasons", [])) if level in BAD_LEVELS else ()
        comment = fields.get("comment", [""])[0].strip() or None
        error = ""
        if level is None:
            error = t.choose_level
        elif level in BAD_LEVELS and not chosen:
            error = t.need_reason
        elif any(r not in self.reasons for r in chosen):
            error = t.bad_reason
        elif comment is not None and (len(comment) > MAX_COMMENT or not _is_plain(comment)):
            error = t.bad_comment
        if error or level is None:
            kept = self.form(token, ticket, lang, level=level, error=error, chosen=chosen, comment=comment or "")
            return HTMLResponse(kept, status_code=422)
        try:
            rated = self.book.rate(
                NewRating(level=level, channel="qr", ticket_id=ticket.id, reasons=chosen, comment=comment)
            )
        except RatingError as refused:
            known = {"already_rated": t.rated, "not_served": t.not_served}
            return self.message(token, lang, known.get(refused.code, refused.message), 409)
        thanks = t.thanks
        if rated.follow_up is not None:
            thanks += " " + t.follow_up.format(rated.follow_up.due_date.isoformat())
        return self.message(token, lang, thanks, 200)


def add_rating_page_routes(app: FastAPI, hall: HallContext) -> None:
    rating_page = RatingPage(hall)

    @app.get("/r/{token}", response_class=HTMLResponse, include_in_schema=False)
    def show(token: str, lang: str = "zh") -> HTMLResponse:
        return rating_page.show(token, "en" if lang == "en" else "zh")

    @app.post("/r/{token}", response_class=HTMLResponse, include_in_schema=False)
    async def submit(token: str, request: Request, lang: str = "zh") -> HTMLResponse:
        try:
            fields = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=60)
        except ValueError:
            fields = {}
        # The database work is blocking: run it in the thread pool like the synchronous routes.
        return await run_in_threadpool(rating_page.submit, token, "en" if lang == "en" else "zh", fields)


def _is_plain(text: str) -> bool:
    try:
        plain_text(text)
    except ValueError:
        return False
    return True
