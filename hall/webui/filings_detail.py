"""A filing's page in the workbench: what was filed with the catalog's labels, the applicant (ID number masked; the
whole number shown once on a logged request), its time limits, its documents in the page, its history with who did
what, and the forms of the actions its status allows (``filings_actions.py`` takes them)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from common.hallapi.filings import TRANSITIONS, FilingStatus
from devices.privacy import mask_id_number
from hall.filing_desk import LastChange
from hall.filings import Filing, FilingEvent
from hall.webui.auth import checked_form, web_user
from hall.webui.filings_base import BASE, Workbench, action_words, filing_id_of, who_words
from hall.webui.filings_files import IMAGE_TYPES, MAX_PAGES, pdf_page_count
from hall.webui.render import render
from hall.webui.sessions import WebUser

DONE_WORDS: dict[str, tuple[str, str]] = {
    "accept": ("已受理。", "Accepted."),
    "request-materials": ("已通知申请人补正材料。", "The applicant is asked for more materials."),
    "reject": ("已不予受理。", "Rejected."),
    "approve": ("已办结。", "Approved."),
    "result": ("办理结果已上传。", "The result document is uploaded."),
    "allow-reprint": ("已允许再次打印。", "One more print is allowed."),
}


@dataclass
class Notice:
    kind: str  # good | bad | info
    zh: str
    en: str
    link: str = ""


@dataclass
class Entered:
    """What the person typed in an action's form, shown again with the messages beside its fields."""

    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def moved_notice(bench: Workbench, filing_id: uuid.UUID, last: LastChange) -> Notice:
    who_zh, who_en = who_words(last.actor, last.role)
    did_zh, did_en = action_words(last.action)
    at = last.at.astimezone(bench.zone).strftime("%Y-%m-%d %H:%M")
    return Notice(
        "bad",
        f"此申报已由 {who_zh} 于 {at} {did_zh}，请查看最新状态。您的操作未执行。",
        f"Already handled by {who_en} at {at}: {did_en}. Your action was not carried out; look at the latest state.",
        f"{BASE}/{filing_id}",
    )


def _value_words(value: object) -> str:
    if isinstance(value, bool):
        return "是 Yes" if value else "否 No"
    return str(value)


def _documents(bench: Workbench, filing: Filing) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    def shown(sha256: str, content_type: str) -> dict[str, Any]:
        stored = bench.store.has(sha256)
        pages = pdf_page_count(bench.store.path_for(sha256)) if stored and content_type == "application/pdf" else None
        return {
            "sha256": sha256,
            "stored": stored,
            "image": content_type in IMAGE_TYPES,
            "pages": pages,
            "shown_pages": min(pages or 0, MAX_PAGES),
            "href": f"{BASE}/{filing.id}/files/{sha256}",
        }

    attachments = [
        {**shown(str(ref["sha256"]), str(ref["content_type"])), **ref} for ref in filing.attachments if "sha256" in ref
    ]
    result = shown(filing.result_sha256, "application/pdf") if filing.result_sha256 else None
    return attachments, result


def _history(bench: Workbench, trail: list[FilingEvent]) -> list[dict[str, Any]]:
    rows = []
    for event in trail:
        note = event.note
        if event.action == "result" and note:
            note = f"SHA-256 {note[:12]}…"
        rows.append(
            {
                "at": event.at,
                "did": action_words(event.action),
                "who": who_words(event.actor, event.role),
                "to": FilingStatus(event.to_status) if event.to_status else None,
                "note": note,
            }
        )
    return rows


def _allowed(filing: Filing) -> set[str]:
    status = FilingStatus(filing.status)
    allowed = {action for action, (starts, _target) in TRANSITIONS.items() if status in starts}
    if status is FilingStatus.COMPLETED:
        allowed.add("result")
    if filing.collected and not filing.reprint_allowed:
        allowed.add("allow-reprint")
    return allowed


def detail_context(bench: Workbench, user: WebUser, filing_id: uuid.UUID) -> dict[str, Any]:
    bench.visible(user, filing_id)
    filing, trail = bench.desk.with_history(filing_id)
    item = bench.item(filing.item_code)
    labels = {spec.name: spec.label for spec in item.form} if item is not None else {}
    fields = [(labels.get(name, name), _value_words(value)) for name, value in filing.form.items()]
    accepted_at = max((e.at for e in trail if e.action == "accept"), default=None)
    attachments, result = _documents(bench, filing)
    return {
        "filing": filing,
        "status": FilingStatus(filing.status),
        "item": item,
        "item_name": bench.item_name(filing.item_code),
        "fields": fields,
        "id_masked": mask_id_number(bench.keys.open(filing.id_number_sealed, filing.id.bytes)),
        "limits": bench.limits(filing, accepted_at),
        "started_on_accept": accepted_at is not None,
        "attachments": attachments,
        "result": result,
        "history": _history(bench, trail),
        "seen": trail[-1].id if trail else 0,
        "allowed": _allowed(filing),
        "materials": [m.name for m in item.materials] if item is not None else [],
        "max_mb": bench.config.filings.max_attachment_mb,
        "base": BASE,
    }


async def detail_page(
    request: Request,
    bench: Workbench,
    user: WebUser,
    filing_id: uuid.UUID,
    *,
    entered: Entered | None = None,
    notice: Notice | None = None,
    revealed: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = await run_in_threadpool(detail_context, bench, user, filing_id)
    entered = entered or Entered()
    context.update(errors=entered.errors, values=entered.values, notice=notice, revealed=revealed)
    return render(request, "filings_detail.html", context, user=user, status=status)


def add_filing_detail_routes(app: FastAPI, bench: Workbench) -> None:
    anyone = web_user()

    @app.get(BASE + "/{filing_id}", response_class=HTMLResponse, include_in_schema=False)
    async def filing_detail(request: Request, filing_id: str, user: WebUser = anyone) -> HTMLResponse:
        done = DONE_WORDS.get(request.query_params.get("done", ""))
        notice = Notice("good", *done) if done else None
        return await detail_page(request, bench, user, filing_id_of(filing_id), notice=notice)

    @app.post(BASE + "/{filing_id}/reveal-id", response_class=HTMLResponse, include_in_schema=False)
    async def reveal_id(request: Request, filing_id: str, user: WebUser = anyone) -> HTMLResponse:
        """The whole ID number, on this answer only; the request is in the audit log (web.filing.reveal_id)."""
        await checked_form(request)
        found = filing_id_of(filing_id)
        filing = await run_in_threadpool(bench.visible, user, found)
        whole = bench.keys.open(filing.id_number_sealed, filing.id.bytes)
        notice = Notice("info", "完整身份证号仅在此显示一次，此次查看已记入审计日志。", "Shown once; in the audit log.")
        return await detail_page(request, bench, user, found, notice=notice, revealed=whole)
