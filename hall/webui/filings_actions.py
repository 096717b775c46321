"""The workbench's actions on a filing, as forms: accept, ask for more materials, reject, approve, upload the result
document, allow one more print. Each goes through ``FilingDesk`` (the same rules as the API) with the person's
name, and names the last history row the page showed: a filing someone moved since is refused without any change
("此申报已由 … 办理"). A form with a wrong value comes back with the message beside the field and what was typed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from hall.body_limit import body_limits
from hall.filing_desk import FilingMoved
from hall.filing_result import PDF_MAGIC
from hall.filings import Filing, FilingError
from hall.webui.auth import checked_form, web_user
from hall.webui.filings_base import BASE, Workbench, filing_id_of
from hall.webui.filings_detail import Entered, Notice, detail_page, moved_notice
from hall.webui.sessions import WebUser

MAX_NOTE = 500
MULTIPART_SLACK = 256 * 1024  # the form's other fields and boundaries around the result document
RESULT_PATH = BASE + "/{filing_id}/result"
Change = Callable[[uuid.UUID, int], Filing]  # (filing id, the history row the page showed) -> the filing changed


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _seen(form: FormData) -> int:
    text = _text(form, "seen")
    return int(text) if text.isdigit() and len(text) < 18 else -1  # none or garbage: taken as out of date


def _error_words(error: FilingError) -> Notice:
    zh, _, en = error.message.partition(" / ")
    return Notice("bad", zh, en or zh)


def materials_entered(form: FormData, known: list[str]) -> Entered:
    ticked = [value for value in form.getlist("materials") if isinstance(value, str)]
    note = _text(form, "note")
    entered = Entered(values={"materials": ticked, "note": note})
    if any(name not in known for name in ticked):
        entered.errors["materials"] = "所选材料不在本事项的材料清单中 / a ticked material is not one of this item's"
    elif not ticked and not note:
        entered.errors["materials"] = "请至少勾选一项材料或填写说明 / tick at least one material or write a note"
    if len(note) > MAX_NOTE:
        entered.errors["note"] = f"说明最多 {MAX_NOTE} 字 / the note is at most {MAX_NOTE} characters"
    return entered


def reason_entered(form: FormData) -> Entered:
    reason = _text(form, "reason")
    entered = Entered(values={"reason": reason})
    if not reason:
        entered.errors["reason"] = "请填写不予受理的理由 / write the reason the filing is not accepted"
    elif len(reason) > MAX_NOTE:
        entered.errors["reason"] = f"理由最多 {MAX_NOTE} 字 / the reason is at most {MAX_NOTE} characters"
    return entered


async def result_entered(form: FormData, limit: int) -> tuple[Entered, bytes]:
    """The result document's bytes from the form, or the message why they cannot be taken."""
    upload = form.get("result")
    entered = Entered()
    if not isinstance(upload, UploadFile) or not upload.filename:
        entered.errors["result"] = "请选择办理结果 PDF 文件 / choose the result document (a PDF file)"
        return entered, b""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        mb = limit // (1024 * 1024)
        entered.errors["result"] = f"文件超过 {mb} MB / the file is over {mb} MB"
    elif not data.startswith(PDF_MAGIC):
        entered.errors["result"] = "所选文件不是 PDF / the file chosen is not a PDF document"
    return entered, data


def add_filing_action_routes(app: FastAPI, bench: Workbench) -> None:
    anyone = web_user()
    limit = bench.max_result_bytes
    body_limits(app).allow("POST", RESULT_PATH, limit + MULTIPART_SLACK)

    async def carried_out(
        request: Request, user: WebUser, filing_id: uuid.UUID, action: str, *, entered: Entered, change: Change
    ) -> Response:
        """Refuse an ``entered`` with errors; else make the ``change`` (once the filing's page was up to date)."""
        if entered.errors:
            return await detail_page(request, bench, user, filing_id, entered=entered, status=422)
        try:
            await run_in_threadpool(change, filing_id, _seen(await request.form()))
        except FilingMoved as moved:
            notice = moved_notice(bench, filing_id, moved.last)
            return await detail_page(request, bench, user, filing_id, entered=entered, notice=notice, status=409)
        except FilingError as error:
            notice = _error_words(error)
            return await detail_page(request, bench, user, filing_id, entered=entered, notice=notice, status=409)
        return RedirectResponse(f"{BASE}/{filing_id}?done={action}", status_code=303)

    async def opened(request: Request, user: WebUser, filing_id: str) -> tuple[FormData, uuid.UUID]:
        form = await checked_form(request)
        found = filing_id_of(filing_id)
        await run_in_threadpool(bench.visible, user, found)
        return form, found

    def transition(user: WebUser, action: str, **details: Any) -> Change:
        def change(filing_id: uuid.UUID, seen: int) -> Filing:
            return bench.desk.act(filing_id, action, user.role.value, actor=user.name, seen=seen, **details)

        return change

    @app.post(BASE + "/{filing_id}/accept", include_in_schema=False)
    async def accept(request: Request, filing_id: str, user: WebUser = anyone) -> Response:
        _form, found = await opened(request, user, filing_id)
        return await carried_out(request, user, found, "accept", entered=Entered(), change=transition(user, "accept"))

    @app.post(BASE + "/{filing_id}/approve", include_in_schema=False)
    async def approve(request: Request, filing_id: str, user: WebUser = anyone) -> Response:
        _form, found = await opened(request, user, filing_id)
        change = transition(user, "approve")
        return await carried_out(request, user, found, "approve", entered=Entered(), change=change)

    @app.post(BASE + "/{filing_id}/request-materials", include_in_schema=False)
    async def request_materials(request: Request, filing_id: str, user: WebUser = anyone) -> Response:
        form, found = await opened(request, user, filing_id)
        item = bench.item((await run_in_threadpool(bench.desk.get, found)).item_code)
        entered = materials_entered(form, [m.name for m in item.materials] if item is not None else [])
        values = entered.values
        change = transition(user, "request-materials", materials=values["materials"], note=values["note"])
        return await carried_out(request, user, found, "request-materials", entered=entered, change=change)

    @app.post(BASE + "/{filing_id}/reject", include_in_schema=False)
    async def reject(request: Request, filing_id: str, user: WebUser = anyone) -> Response:
        form, found = await opened(request, user, filing_id)
        entered = reason_entered(form)
        change = transition(user, "reject", note=entered.values["reason"])
        return await carried_out(request, user, found, "reject", entered=entered, change=change)

    @app.post(BASE + "/{filing_id}/allow-reprint", include_in_schema=False)
    async def allow_reprint(request: Request, filing_id: str, user: WebUser = anyone) -> Response:
        _form, found = await opened(request, user, filing_id)

        def change(filing_id: uuid.UUID, seen: int) -> Filing:
            return bench.desk.allow_reprint(filing_id, user.role.value, actor=user.name, seen=seen)

        return await carried_out(request, user, found, "allow-reprint", entered=Entered(), change=change)

    @app.post(RESULT_PATH, include_in_schema=False)
    async def upload_result(request: Request, filing_id: str, user: WebUser = anyone) -> Response:
        """The result document of a completed filing: a PDF of at most ``[filings] max_attachment_mb``."""
        form, found = await opened(request, user, filing_id)
        entered, data = await result_entered(form, limit)

        def change(filing_id: uuid.UUID, seen: int) -> Filing:
            bench.desk.may_take_result(filing_id)
            sha256 = bench.store.put_bytes(data)
            return bench.desk.attach_result(filing_id, sha256, user.role.value, actor=user.name, seen=seen)

        return await carried_out(request, user, found, "result", entered=entered, change=change)
