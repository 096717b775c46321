"""申诉复核 on the pages: a staff member appeals a rating given at their window that they believe malicious (from
the bad ratings page, a reason required); ``/web/ratings/appeals`` lists the appeals (staff: their windows'), and a
supervisor upholds an appeal's rating or voids it, with a reason. A voided rating leaves the statistics and stays in
the record, marked."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from hall.rating_review import Decision, RatingReview
from hall.ratings import RatingError
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import WebRefused, checked_form, web_user
from hall.webui.export import export_response
from hall.webui.ratings_bad import text_error
from hall.webui.ratings_common import file_format, names, windows_seen
from hall.webui.ratings_data import DECISION_NAMES, appeal_rows, appeals_table
from hall.webui.render import render
from hall.webui.sessions import WebUser


def add_appeal_pages(app: FastAPI, hall: HallContext) -> None:
    anyone = web_user()
    supervisor = web_user(Role.SUPERVISOR)
    review = RatingReview(hall.sessions, hall.queue.clock)
    zone = hall.queue.zone

    def decision_of(request: Request) -> str:
        wanted = request.query_params.get("decision", "")
        return wanted if wanted in DECISION_NAMES else ""

    def page(request: Request, user: WebUser, errors: dict[str, str], values: dict[str, str]) -> HTMLResponse:
        decision = decision_of(request)
        rows = appeal_rows(hall.sessions, windows_seen(user, hall), decision)
        context = {
            "rows": rows,
            "decision": decision,
            "decisions": [("", "全部", "All"), *((d.value, zh, en) for d, (zh, en) in DECISION_NAMES.items())],
            "decision_names": {d.value: names_ for d, names_ in DECISION_NAMES.items()},
            "errors": errors,
            "values": values,
            "query": urlencode({"decision": decision}),
            "posted": request.query_params.get("done", ""),
            **names(request, hall),
        }
        status = 409 if any(k.endswith(":stale") for k in errors) else 422 if errors else 200
        return render(request, "ratings_appeals.html", context, user=user, status=status)

    @app.get("/web/ratings/appeals", response_class=HTMLResponse, include_in_schema=False)
    async def appeals_page(request: Request, user: WebUser = anyone) -> HTMLResponse:
        return await run_in_threadpool(page, request, user, {}, {})

    @app.get("/web/ratings/appeals/export.{fmt}", include_in_schema=False)
    async def appeals_export(request: Request, fmt: str, user: WebUser = anyone) -> Response:
        rows = await run_in_threadpool(appeal_rows, hall.sessions, windows_seen(user, hall), decision_of(request))
        return export_response(appeals_table(rows, zone), file_format(fmt), "appeals")

    def with_values(form: FormData, prefix: str) -> dict[str, str]:
        return {f"{prefix}:{k}": str(v) for k, v in form.items() if k != "csrf"}

    @app.post("/web/ratings/appeals/{appeal_id}/decide", include_in_schema=False)
    async def decide(request: Request, appeal_id: uuid.UUID, user: WebUser = supervisor) -> Response:
        form = await checked_form(request)
        errors: dict[str, str] = {}
        chosen = form.get("decision")
        if chosen not in (Decision.UPHELD.value, Decision.VOIDED.value):
            errors["decision"] = "请选择维持或作废 / Choose uphold or void"
        note = text_error(form, "note", errors, ("复核意见", "the reason for the decision"))
        prefix = f"decide:{appeal_id}"
        if not errors:
            try:
                await run_in_threadpool(review.decide, appeal_id, user.name, Decision(str(chosen)), note)
            except RatingError as error:
                if error.code == "unknown_appeal":
                    raise WebRefused(404, "没有这条申诉", "No such appeal") from None
                errors["stale"] = error.message
        if errors:
            keyed = {f"{prefix}:{k}": v for k, v in errors.items()}
            return await run_in_threadpool(page, request, user, keyed, with_values(form, prefix))
        return RedirectResponse(f"/web/ratings/appeals?done={chosen}", status_code=303)
