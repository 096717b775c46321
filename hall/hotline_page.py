"""The 12345 hotline link in the hall (docs/hall-web.md, "12345 热线 Hotline link"): its background worker (make the
orders, deliver those due) and the supervisors' page ``/web/hotline``: the orders with their delivery, a filter by
state, sending a parked one again, and the export for halls that upload by hand."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from hall.hotline import KIND_WORDS, STATE_WORDS, HotlineOrder, HotlineOrders, OrderKind, OrderState, body_of
from hall.hotline_send import HotlineSender, ResendRefused
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import PREFIX, WebRefused, checked_form, web_user
from hall.webui.export import Column, Table, export_response
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser
from hall.workers import Periodic, add_worker

PAGE = f"{PREFIX}/hotline"
STATES = ("all", *(s.value for s in OrderState))
LIST_LIMIT = 500
EXPORT_LIMIT = 100_000


class HotlineLink:
    """What the hall holds of the link (``app.state.hotline``): tests call ``step`` rather than wait."""

    def __init__(self, orders: HotlineOrders, sender: HotlineSender, every_s: float) -> None:
        self.orders, self.sender = orders, sender
        self.worker = Periodic("hotline", every_s, self.step)

    def step(self) -> None:
        self.orders.sweep()
        self.sender.deliver_due()


def add_hotline_routes(app: FastAPI, hall: HallContext) -> None:
    config = hall.queue.config
    catalog = app.state.catalog

    def item_name(code: str) -> str | None:
        item = catalog.get(code)
        return item.name if item is not None else None

    orders = HotlineOrders(hall.sessions, config, hall.queue.clock, item_name)
    key = hall.ring.secret(config.hotline.key_name)  # made on first start (0600), kept with the hall's keys
    sender = HotlineSender(hall.sessions, config.hotline, key, hall.queue.clock)
    link = HotlineLink(orders, sender, config.hotline.every_s)
    add_worker(app, link.worker)
    app.state.hotline = link
    supervisor = web_user(Role.SUPERVISOR)
    add_nav(app, NavEntry(PAGE, "热线工单", "12345 hotline", frozenset({Role.SUPERVISOR}), 50))

    def page(
        request: Request, user: WebUser, state: str, notice: tuple[str, str, str] | None, status: int = 200
    ) -> HTMLResponse:
        chosen = None if state == "all" else state
        rows = [_row(order) for order in orders.listed(chosen, LIST_LIMIT)]
        context: dict[str, Any] = {
            "rows": rows,
            "state": state,
            "states": [(s, *STATE_WORDS[OrderState(s)]) for s in STATES[1:]],
            "counts": orders.counts(),
            "link_on": sender.on,
            "link_host": urlsplit(config.hotline.url).netloc,
            "key_name": config.hotline.key_name,
            "notice": notice,
            "limit": LIST_LIMIT,
        }
        return render(request, "hotline.html", context, user=user, status=status)

    @app.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
    def hotline_page(request: Request, state: str = "all", sent: str = "", user: WebUser = supervisor) -> HTMLResponse:
        state = state if state in STATES else "all"
        notice = None
        if _uuid(sent) is not None:
            notice = ("good", f"工单 {sent[:8]} 已重新排队发送。", f"Order {sent[:8]} is queued to be sent again.")
        return page(request, user, state, notice)

    @app.get(PAGE + "/{order_id}/resend", include_in_schema=False)
    def resend_page(order_id: str, _user: WebUser = supervisor) -> Response:
        """A resend link opened as a page (a bookmark, a reload): the list, at the order with its button."""
        wanted = _uuid(order_id)
        return RedirectResponse(f"{PAGE}#order-{wanted}" if wanted else PAGE, status_code=303)

    @app.post(PAGE + "/{order_id}/resend", include_in_schema=False)
    async def resend(request: Request, order_id: str, user: WebUser = supervisor) -> Response:
        form = await checked_form(request)
        back = form.get("state")
        back_state = back if isinstance(back, str) and back in STATES else "all"
        wanted = _uuid(order_id)
        if wanted is None:
            raise WebRefused(404, "没有这张工单", "There is no such work order")
        try:
            await run_in_threadpool(sender.resend, wanted)
        except ResendRefused as refused:
            if refused.order is None:
                raise WebRefused(404, "没有这张工单", "There is no such work order") from None
            zh, en = STATE_WORDS[OrderState(refused.order.state)]
            notice = (
                "bad",
                f"工单 {order_id[:8]} 现为“{zh}”，不需要重新发送（可能已由他人处理）。",
                f"Order {order_id[:8]} is {en.lower()} now: nothing to send again (someone may have done it).",
            )
            return await run_in_threadpool(page, request, user, back_state, notice, 409)
        link.worker.wake()  # sent within moments, not at the next turn
        return RedirectResponse(f"{PAGE}?state={back_state}&sent={wanted}", status_code=303)

    @app.get(PAGE + "/export", include_in_schema=False)
    def export(state: str = "all", format: str = "csv", _user: WebUser = supervisor) -> Response:
        state = state if state in STATES else "all"
        if format not in {"csv", "xlsx"}:
            raise WebRefused(400, "导出格式只能是 CSV 或 XLSX", "An export is CSV or XLSX")
        found = orders.listed(None if state == "all" else state, EXPORT_LIMIT)
        table = Table("12345工单", EXPORT_COLUMNS, [_export_row(order, orders) for order in found])
        day = orders.clock().astimezone(orders.zone).strftime("%Y%m%d")
        return export_response(table, "xlsx" if format == "xlsx" else "csv", f"hotline-orders-{day}")


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if len(text) <= 40 else None
    except ValueError:
        return None


def _row(order: HotlineOrder) -> dict[str, Any]:
    body = body_of(order)
    return {
        "order": order,
        "kind": KIND_WORDS[OrderKind(order.kind)],
        "state": STATE_WORDS[OrderState(order.state)],
        "rating": body["rating"],
        "due": body["follow_up"]["due_date"],
    }


EXPORT_COLUMNS = [
    Column("order_id", "工单号", "Order id"),
    Column("kind", "类型", "Kind"),
    Column("made_at", "生成时间", "Made at"),
    Column("state", "状态", "State"),
    Column("attempts", "发送次数", "Attempts"),
    Column("delivered_at", "送达时间", "Delivered at"),
    Column("last_error", "最近错误", "Last error"),
    Column("level", "评价等级", "Level"),
    Column("reasons", "差评原因", "Reasons"),
    Column("comment", "留言", "Comment"),
    Column("window", "窗口", "Window"),
    Column("staff", "工号", "Staff"),
    Column("item_code", "事项编码", "Item code"),
    Column("item_name", "事项名称", "Item"),
    Column("channel", "渠道", "Channel"),
    Column("rated_at", "评价时间", "Rated at"),
    Column("due_date", "回访期限", "Follow-up due"),
]


def _export_row(order: HotlineOrder, orders: HotlineOrders) -> list[Any]:
    body, zone = body_of(order), orders.zone
    rating = body["rating"]
    delivered = order.delivered_at.astimezone(zone) if order.delivered_at else None
    return [
        str(order.id),
        KIND_WORDS[OrderKind(order.kind)][0],
        order.created_at.astimezone(zone),
        STATE_WORDS[OrderState(order.state)][0],
        order.attempts,
        delivered,
        order.last_error,
        f"{rating['level']} {rating['level_name']}",
        "、".join(rating["reasons"]),
        rating["comment"],
        rating["window"],
        rating["staff"],
        rating["item_code"],
        rating["item_name"],
        rating["channel"],
        rating["rated_at"],
        body["follow_up"]["due_date"],
    ]
