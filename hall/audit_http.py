"""What the hall's HTTP API records in the audit log, in one place: every state-changing request of a staff or
supervisor token, and its reads of personal data (``PERSONAL_READS``), whatever the answer (a refusal too).

Device traffic (kiosk, pads and display tokens) is not recorded: it is not a person, and there is a lot of it.
Requests without a valid token are not recorded here either (the failed-token limits deal with those).

The entry is written after the route has run and before the answer's first byte leaves: a client that has its
answer knows it is in the log."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hall.audit import AuditLog
from hall.tokens import Caller, Role

log = logging.getLogger(__name__)
AUDITED_ROLES = frozenset({Role.STAFF, Role.SUPERVISOR})
CHANGING = frozenset({"POST", "PUT", "DELETE", "PATCH"})
MAX_BODY_KEPT = 2000  # bytes of a JSON body kept for the entry's detail (which masks and cuts it further)

# Each route's stable action code: (method, route template) -> code. A changing route missing here is recorded
# as "<method> <template>" (tests/hall/test_audit_log.py asks that every route that staff may change has a code).
ACTIONS: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/tickets"): "ticket.issue",
    ("POST", "/api/v1/tickets/{ticket_id}/pin"): "ticket.pin",
    ("POST", "/api/v1/windows/{window}/call-next"): "window.call",
    ("POST", "/api/v1/windows/{window}/recall"): "window.recall",
    ("POST", "/api/v1/windows/{window}/no-show"): "window.no_show",
    ("POST", "/api/v1/windows/{window}/complete"): "window.complete",
    ("POST", "/api/v1/windows/{window}/transfer"): "window.transfer",
    ("POST", "/api/v1/windows/{window}/pause"): "window.pause",
    ("POST", "/api/v1/appointments"): "appointment.create",
    ("POST", "/api/v1/appointments/check-in"): "appointment.check_in",
    ("POST", "/api/v1/appointments/{code}/cancel"): "appointment.cancel",
    ("POST", "/api/v1/appointments/book"): "appointment.book",
    ("POST", "/api/v1/appointments/find"): "appointment.find",
    ("POST", "/api/v1/appointments/cancel"): "appointment.cancel_booking",
    ("POST", "/api/v1/appointments/change"): "appointment.change",
    ("POST", "/api/v1/ratings"): "rating.create",
    ("POST", "/api/v1/follow-ups/{follow_up_id}/close"): "follow_up.close",
    ("POST", "/api/v1/filings/lookup"): "filing.lookup",
    ("POST", "/api/v1/filings"): "filing.create",
    ("POST", "/api/v1/filings/{filing_id}/accept"): "filing.accept",
    ("POST", "/api/v1/filings/{filing_id}/request-materials"): "filing.request_materials",
    ("POST", "/api/v1/filings/{filing_id}/reject"): "filing.reject",
    ("POST", "/api/v1/filings/{filing_id}/approve"): "filing.approve",
    ("POST", "/api/v1/filings/{filing_id}/result"): "filing.result_upload",
    ("POST", "/api/v1/filings/{filing_id}/collect"): "filing.collect",
    ("POST", "/api/v1/filings/{filing_id}/allow-reprint"): "filing.allow_reprint",
    ("PUT", "/api/v1/devices/{source}"): "devices.report",
    ("PUT", "/api/v1/attachments/{sha256}"): "attachment.upload",
    ("POST", "/api/v1/upload-sessions"): "upload_session.open",
    ("POST", "/api/v1/upload-sessions/{session_id}/renew"): "upload_session.renew",
    ("DELETE", "/api/v1/upload-sessions/{session_id}"): "upload_session.end",
    ("POST", "/api/v1/disclosure/notices"): "disclosure.publish",
    ("PUT", "/api/v1/disclosure/notices/{notice_id}"): "disclosure.edit",
    ("POST", "/api/v1/disclosure/notices/{notice_id}/pin"): "disclosure.pin",
    ("POST", "/api/v1/disclosure/notices/{notice_id}/withdraw"): "disclosure.withdraw",
    ("POST", "/api/v1/disclosure/attachments"): "disclosure.attachment_upload",
    ("POST", "/api/v1/alerts/{alert_id}/acknowledge"): "alert.acknowledge",
    ("POST", "/api/v1/payments/reconcile"): "payment.reconcile",
    ("POST", "/api/v1/payments/owed"): "payment.owed",
    ("POST", "/api/v1/payments/orders"): "payment.open",
    ("POST", "/api/v1/payments/orders/{order_no}/pay-with-code"): "payment.pay_with_code",
    ("POST", "/api/v1/payments/orders/{order_no}/give-up"): "payment.give_up",
    ("POST", "/api/v1/payments/notify/{gateway}"): "payment.notify",
    # The staff's and supervisors' pages (docs/hall-web.md).
    ("POST", "/web/sign-in"): "web.sign_in",
    ("POST", "/web/sign-out"): "web.sign_out",
    ("POST", "/web/filings/{filing_id}/reveal-id"): "web.filing.reveal_id",
    ("POST", "/web/filings/{filing_id}/accept"): "web.filing.accept",
    ("POST", "/web/filings/{filing_id}/request-materials"): "web.filing.request_materials",
    ("POST", "/web/filings/{filing_id}/reject"): "web.filing.reject",
    ("POST", "/web/filings/{filing_id}/approve"): "web.filing.approve",
    ("POST", "/web/filings/{filing_id}/result"): "web.filing.result_upload",
    ("POST", "/web/filings/{filing_id}/allow-reprint"): "web.filing.allow_reprint",
    ("POST", "/web/hotline/{order_id}/resend"): "hotline.resend",
    ("POST", "/web/supervision/{alert_id}/acknowledge"): "alert.acknowledge",
    ("POST", "/web/ratings/follow-ups/{follow_up_id}/call-back"): "follow_up.call_back",
    ("POST", "/web/ratings/follow-ups/{follow_up_id}/rectification"): "follow_up.rectification",
    ("POST", "/web/ratings/follow-ups/{follow_up_id}/close"): "follow_up.close_web",
    ("POST", "/web/ratings/{rating_id}/appeal"): "rating.appeal",
    ("POST", "/web/ratings/appeals/{appeal_id}/decide"): "rating.appeal_decide",
}
# Reads of personal data by staff and supervisors, recorded like a change: what a person filed (applicant, form,
# masked ID number), the documents filed and returned, the follow-ups (citizens' complaints and the notes on
# them), and the audit log itself.
PERSONAL_READS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/filings/{filing_id}/detail"): "filing.read_detail",
    ("GET", "/api/v1/filings/{filing_id}/result"): "filing.result_download",
    ("GET", "/api/v1/attachments/{sha256}"): "attachment.download",
    ("GET", "/api/v1/follow-ups"): "follow_up.list",
    ("GET", "/api/v1/audit"): "audit.read",
    ("GET", "/api/v1/audit/export"): "audit.export",
    ("GET", "/web/filings/export"): "web.filing.export",
    ("GET", "/web/filings/{filing_id}"): "web.filing.read_detail",
    ("GET", "/web/filings/{filing_id}/files/{sha256}"): "web.filing.document",
    ("GET", "/web/filings/{filing_id}/files/{sha256}/pages/{page}"): "web.filing.document_page",
    ("GET", "/web/hotline"): "hotline.list",  # bad ratings' comments, like the follow-ups
    ("GET", "/web/hotline/export"): "hotline.export",
    ("GET", "/web/ratings/bad"): "follow_up.read_web",
    ("GET", "/web/ratings/bad/export.{fmt}"): "follow_up.export",
    ("GET", "/web/ratings/appeals"): "rating.appeal_list",
    ("GET", "/web/ratings/appeals/export.{fmt}"): "rating.appeal_export",
}


def action_of(method: str, template: str) -> str | None:
    """The action code of a request a staff or supervisor token makes; None: not recorded."""
    key = (method, template)
    if key in PERSONAL_READS:
        return PERSONAL_READS[key]
    if method in CHANGING:
        return ACTIONS.get(key, f"{method} {template}")
    return None


class AuditRequests:
    """ASGI middleware that records the requests ``action_of`` names, made by a token of ``AUDITED_ROLES`` (known
    from ``request.state.caller``, which ``hall.web.bearer`` sets)."""

    def __init__(self, app: ASGIApp, audit: AuditLog) -> None:
        self.app = app
        self.audit = audit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()
        recorded = False

        async def keep_body() -> Message:
            message = await receive()
            if message["type"] == "http.request" and len(body) < MAX_BODY_KEPT:
                body.extend(message.get("body", b"")[: MAX_BODY_KEPT - len(body)])
            return message

        async def record_then_send(message: Message) -> None:
            nonlocal recorded
            if message["type"] == "http.response.start" and not recorded:
                recorded = True
                await self._record(scope, bytes(body), message["status"])
            await send(message)

        try:
            await self.app(scope, keep_body, record_then_send)
        except Exception:
            if not recorded:
                recorded = True
                await self._record(scope, bytes(body), 500)
            raise

    async def _record(self, scope: Scope, body: bytes, status: int) -> None:
        who = scope.get("state", {}).get("caller")
        route = scope.get("route")
        template = getattr(route, "path", None)
        if not isinstance(who, Caller) or who.role not in AUDITED_ROLES or not isinstance(template, str):
            return
        action = action_of(scope["method"], template)
        if action is None:
            return
        params = scope.get("path_params", {})
        detail: dict[str, Any] = {"method": scope["method"], "route": template}
        if query := scope.get("query_string", b"").decode("latin-1"):
            detail["query"] = query
        if (content := _json_body(scope, body)) is not None:
            detail["body"] = content
        client = scope.get("client")
        entry = {
            "actor": who.name,
            "role": who.role.value,
            "action": action,
            "target": ",".join(f"{name}={value}" for name, value in params.items()),
            "detail": detail,
            "address": client[0] if client else "",
            "outcome": status,
        }
        try:
            await run_in_threadpool(lambda: self.audit.record(**entry))
        except Exception as error:
            # The action has happened and cannot be undone here: say so loudly, with what the entry would hold.
            log.error("audit entry not written: %s", json.dumps(entry, ensure_ascii=False, default=str), exc_info=error)


def _json_body(scope: Scope, body: bytes) -> Any:
    """A JSON body's value for the detail (masked and cut there); None for no body or another kind of body."""
    headers = dict(scope.get("headers", []))
    if not body or not headers.get(b"content-type", b"").startswith(b"application/json"):
        return None
    try:
        return json.loads(body)
    except ValueError:  # not JSON, or longer than was kept: its size only (a cut could split an ID number)
        return f"({len(body)} bytes)"
