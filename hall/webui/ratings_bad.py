"""``/web/ratings/bad``: the bad ratings (1-2 stars) with their reasons and comments, and their follow-up recorded on
the page: 回访 (when the citizen was called back, by whom, what they said) and 整改 (what was changed). The
follow-up closes when both are recorded, or when a supervisor closes it with a note. Staff appeal a rating of
their window from here (hall/webui/ratings_appeals.py lists and decides the appeals)."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from hall.rating_review import RatingReview, StepKind
from hall.ratings import FollowUp, Rating, RatingError
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import WebRefused, checked_form, web_user
from hall.webui.export import export_response
from hall.webui.ratings_common import file_format, filters_of, names, sees_rating_window, today, windows_seen
from hall.webui.ratings_data import DECISION_NAMES, STATES, BadRow, bad_rows, bad_table, follow_up_state
from hall.webui.render import render
from hall.webui.sessions import WebUser

TEXT_MAX = 500
STALE = {"already_closed", "step_recorded", "already_appealed"}
STATE_NAMES = [
    ("all", "全部", "All"),
    ("open", "待办", "Open"),
    ("overdue", "逾期", "Overdue"),
    ("closed", "已办结", "Closed"),
]
KEPT = ("from", "to", "state")  # the list's filters, carried by each form so the answer shows the same list


def text_error(form: FormData, name: str, errors: dict[str, str], what: tuple[str, str]) -> str:
    """A required text field of at most ``TEXT_MAX`` characters; its error beside it when wrong."""
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        errors[name] = f"请填写{what[0]} / Write {what[1]}"
    elif len(text) > TEXT_MAX:
        errors[name] = f"最多 {TEXT_MAX} 字，现在 {len(text)} 字 / At most {TEXT_MAX} characters, now {len(text)}"
    return text


def state_of(request: Request) -> str:
    state = request.query_params.get("state", "all")
    return state if state in STATES else "all"


class BadRatingPages:
    def __init__(self, hall: HallContext) -> None:
        self.hall = hall
        self.review = RatingReview(hall.sessions, hall.queue.clock)
        self.zone = hall.queue.zone

    def rows(self, request: Request, user: WebUser) -> list[BadRow]:
        filters = filters_of(request, self.hall)
        span = (filters.start, filters.end)
        windows = windows_seen(user, self.hall)
        return bad_rows(
            self.hall.sessions, self.review, self.zone, today(self.hall), span, windows=windows, state=state_of(request)
        )

    def page(self, request: Request, user: WebUser, *, errors: dict[str, str], values: dict[str, str]) -> HTMLResponse:
        filters = filters_of(request, self.hall)
        state = state_of(request)
        query = urlencode({"from": filters.start.isoformat(), "to": filters.end.isoformat(), "state": state})
        context = {
            "filters": filters,
            "rows": self.rows(request, user),
            "state": state,
            "states": STATE_NAMES,
            "follow_up_state": follow_up_state,
            "query": query,
            "errors": {**filters.errors, **errors},
            "posted": request.query_params.get("done", ""),
            "values": values,
            "decision_names": DECISION_NAMES,
            "now_local": self.hall.queue.clock().astimezone(self.zone).strftime("%Y-%m-%dT%H:%M"),
            **names(request, self.hall),
        }
        status = 409 if any(k.endswith(":stale") for k in errors) else 422 if filters.errors or errors else 200
        return render(request, "ratings_bad.html", context, user=user, status=status)

    async def answer_error(
        self, request: Request, user: WebUser, form: FormData, *, errors: dict[str, str], form_for: str
    ) -> HTMLResponse:
        """The list again (the filters the form carried) with the message beside the field of the form sent."""
        request.scope["query_string"] = urlencode({k: str(form[k]) for k in KEPT if form.get(k)}).encode()
        keyed = {f"{form_for}:{name}": message for name, message in errors.items()}
        values = {f"{form_for}:{k}": str(v) for k, v in form.items() if k != "csrf"}
        return await run_in_threadpool(lambda: self.page(request, user, errors=keyed, values=values))

    def follow_up_seen(self, user: WebUser, follow_up_id: uuid.UUID) -> FollowUp:
        with self.hall.sessions() as session:
            follow_up = session.get(FollowUp, follow_up_id)
            rating = session.get(Rating, follow_up.rating_id) if follow_up else None
        if follow_up is None or rating is None or not sees_rating_window(user, self.hall, rating.window):
            raise WebRefused(404, "没有这条回访任务", "No such follow-up")
        return follow_up

    def rating_seen(self, user: WebUser, rating_id: uuid.UUID) -> Rating:
        with self.hall.sessions() as session:
            rating = session.get(Rating, rating_id)
        if rating is None or not sees_rating_window(user, self.hall, rating.window):
            raise WebRefused(404, "没有这条评价，或不是您窗口的评价", "No such rating at your windows")
        return rating

    async def record(
        self, request: Request, user: WebUser, form: FormData, follow_up_id: uuid.UUID, step: tuple[StepKind, str]
    ) -> Response:
        """Record ``step`` (its kind and text, checked) unless ``request.state.form_errors`` holds errors."""
        kind, text = step
        form_for = f"{follow_up_id}:{kind.value}"
        errors: dict[str, str] = request.state.form_errors
        if errors:
            return await self.answer_error(request, user, form, errors=errors, form_for=form_for)
        await run_in_threadpool(self.follow_up_seen, user, follow_up_id)
        done_at: datetime | None = getattr(request.state, "called_at", None)
        try:
            await run_in_threadpool(self.review.record_step, follow_up_id, kind, user.name, text, done_at)
        except RatingError as error:
            if error.code in STALE:
                return await self.answer_error(request, user, form, errors={"stale": error.message}, form_for=form_for)
            raise WebRefused(404, "没有这条回访任务", "No such follow-up") from None
        kept = {k: str(form[k]) for k in KEPT if form.get(k)}
        target = f"/web/ratings/bad?{urlencode({**kept, 'done': kind.value})}#fu-{follow_up_id}"
        return RedirectResponse(target, status_code=303)

    async def appeal(self, request: Request, user: WebUser, rating_id: uuid.UUID) -> Response:
        form = await checked_form(request)
        if user.role is not Role.STAFF:
            raise WebRefused(403, "申诉由窗口人员提出，主管负责复核", "Staff appeal a rating; supervisors decide")
        await run_in_threadpool(self.rating_seen, user, rating_id)
        errors: dict[str, str] = {}
        reason = text_error(form, "reason", errors, ("申诉理由", "why you believe the rating is malicious"))
        if not errors:
            try:
                await run_in_threadpool(self.review.appeal, rating_id, user.name, reason)
            except RatingError as error:
                errors["stale"] = error.message
        if errors:
            return await self.answer_error(request, user, form, errors=errors, form_for=f"appeal:{rating_id}")
        return RedirectResponse("/web/ratings/appeals?done=appealed", status_code=303)


def add_bad_rating_pages(app: FastAPI, hall: HallContext) -> None:
    anyone = web_user()
    supervisor = web_user(Role.SUPERVISOR)
    pages = BadRatingPages(hall)

    @app.get("/web/ratings/bad", response_class=HTMLResponse, include_in_schema=False)
    async def bad_page(request: Request, user: WebUser = anyone) -> HTMLResponse:
        return await run_in_threadpool(lambda: pages.page(request, user, errors={}, values={}))

    @app.get("/web/ratings/bad/export.{fmt}", include_in_schema=False)
    async def bad_export(request: Request, fmt: str, user: WebUser = anyone) -> Response:
        filters = filters_of(request, hall)
        rows = await run_in_threadpool(pages.rows, request, user)
        return export_response(
            bad_table(rows, pages.zone), file_format(fmt), f"bad-ratings-{filters.start}-{filters.end}"
        )

    @app.post("/web/ratings/follow-ups/{follow_up_id}/call-back", include_in_schema=False)
    async def call_back(request: Request, follow_up_id: uuid.UUID, user: WebUser = anyone) -> Response:
        form = await checked_form(request)
        errors: dict[str, str] = {}
        request.state.form_errors = errors
        said = text_error(form, "said", errors, ("群众的意见", "what the citizen said"))
        request.state.called_at = called_time(form, errors, hall)
        return await pages.record(request, user, form, follow_up_id, (StepKind.CALL_BACK, said))

    @app.post("/web/ratings/follow-ups/{follow_up_id}/rectification", include_in_schema=False)
    async def rectification(request: Request, follow_up_id: uuid.UUID, user: WebUser = anyone) -> Response:
        form = await checked_form(request)
        errors: dict[str, str] = {}
        request.state.form_errors = errors
        changed = text_error(form, "changed", errors, ("整改内容", "what was changed"))
        return await pages.record(request, user, form, follow_up_id, (StepKind.RECTIFICATION, changed))

    @app.post("/web/ratings/follow-ups/{follow_up_id}/close", include_in_schema=False)
    async def close(request: Request, follow_up_id: uuid.UUID, user: WebUser = supervisor) -> Response:
        form = await checked_form(request)
        errors: dict[str, str] = {}
        request.state.form_errors = errors
        note = text_error(form, "note", errors, ("关闭说明", "why it is closed"))
        return await pages.record(request, user, form, follow_up_id, (StepKind.CLOSED, note))

    @app.post("/web/ratings/{rating_id}/appeal", include_in_schema=False)
    async def appeal(request: Request, rating_id: uuid.UUID, user: WebUser = anyone) -> Response:
        """申诉: a staff member appeals a rating given at their window (decided on the appeals page)."""
        return await pages.appeal(request, user, rating_id)


def called_time(form: FormData, errors: dict[str, str], hall: HallContext) -> datetime | None:
    """The call-back's time from a ``datetime-local`` field, in the hall's zone; not in the future."""
    value = form.get("called_at")
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        errors["called_at"] = "请填写回访时间 / Enter when the citizen was called"
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        errors["called_at"] = "时间格式应为 年-月-日 时:分 / Write the time as YYYY-MM-DD HH:MM"
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=hall.queue.zone)
    if moment > hall.queue.clock():
        errors["called_at"] = "回访时间不能晚于现在 / The call cannot be in the future"
        return None
    return moment
