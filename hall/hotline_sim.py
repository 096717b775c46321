"""A simulated 12345 hotline receiver (``kiosk sim hotline``), for tests and technicians: it checks each order's
signature, keeps each order once by its id (a repeat is answered 200 and counted), prints what it receives in
readable Chinese, one block per order, and answers errors on request. ``GET /orders`` lists what it kept.

Answers: 200 ``{"status": "accepted"|"repeat"}``; 401 a signature that does not verify; 400 a body that is not an
order, or every order under ``answer=400``; 500 under ``answer=500`` and for the first ``fail_first`` orders."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from hall.hotline_wire import ORDER, check
from hall.sim_server import ServedInThread

log = logging.getLogger(__name__)
MAX_BODY = 256 * 1024
KINDS = {"bad_rating": "差评 bad rating", "follow_up_overdue": "回访超期 follow-up overdue"}


class HotlineReceiver:
    def __init__(
        self,
        port: int = 0,
        *,
        host: str = "127.0.0.1",
        key: bytes | None = None,
        answer: int = 200,
        fail_first: int = 0,
        slow_s: float = 0.0,
        out: Callable[[str], None] = log.info,
    ) -> None:
        self.host, self.port, self.key, self.out = host, port, key, out
        self.answer, self.fail_first, self.slow_s = answer, fail_first, slow_s
        self.orders: dict[str, dict[str, Any]] = {}  # by order id, in arrival order
        self.posts = 0  # every POST, answered or not
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._serving = ServedInThread("hotline-sim")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/orders"

    def start(self) -> str:
        """Serve on a thread; the URL orders are posted to."""
        handler = type("Handler", (_Handler,), {"receiver": self})
        self.port = self._serving.start(self.host, self.port, handler)
        return self.url

    def stop(self) -> None:
        self._stopped.set()
        self._serving.stop()

    def listed(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self.orders.values()]

    # -- one order ------------------------------------------------------------------------------------------
    def take(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.posts += 1
            if self.fail_first > 0:
                self.fail_first -= 1
                return 500, {"error": "busy", "message": "模拟故障：稍后再试 / simulated outage: try again later"}
        if self.slow_s:
            self._stopped.wait(self.slow_s)
        order, refusal = self._read(headers, body)
        if refusal is not None:
            return refusal
        order_id = str(order["order_id"])
        with self._lock:
            known = self.orders.get(order_id)
            if known is not None:
                known["repeats"] += 1
                times = known["repeats"] + 1
                self.out(f"重复 / repeat: {order_id} (第 {times} 次收到 / received {times} times)")
                return 200, {"status": "repeat", "order_id": order_id}
            received = datetime.now(UTC).isoformat(timespec="seconds")
            self.orders[order_id] = {"order_id": order_id, "received_at": received, "repeats": 0, "order": order}
        self.out(readable(order))
        return 200, {"status": "accepted", "order_id": order_id}

    def _read(self, headers: dict[str, str], body: bytes) -> tuple[dict[str, Any], tuple[int, dict[str, Any]] | None]:
        """The order, or the answer refusing it (signature, shape, or the answer asked for)."""
        if self.key is not None and (wrong := check(self.key, headers, body, time.time())) is not None:
            self.out(f"!! 拒收 / refused (401): {wrong}")
            return {}, (401, {"error": "bad_signature", "message": wrong})
        try:
            order = json.loads(body)
            order_id = str(order["order_id"])
            if not isinstance(order["rating"], dict) or headers.get(ORDER, order_id) != order_id:
                raise ValueError(order_id)
        except (ValueError, KeyError, TypeError):
            return {}, (400, {"error": "not_an_order", "message": "不是工单 / the body is not a work order"})
        if self.answer == 400:
            words = "模拟拒收：工单不符合要求 / rejected by the simulator (--answer 400)"
            self.out(f"!! 拒收 / refused (400) {order_id}: {words}")
            return order, (400, {"error": "rejected", "message": words})
        if self.answer >= 500:
            return order, (self.answer, {"error": "busy", "message": "模拟故障 / simulated failure (--answer 500)"})
        return order, None


def readable(order: dict[str, Any]) -> str:
    """One order as a block a person reads at a glance."""
    rating = order.get("rating", {})
    follow_up = order.get("follow_up", {})
    item = " ".join(str(p) for p in (rating.get("item_code"), rating.get("item_name")) if p) or "-"
    lines = [
        f"── 12345 工单 / work order {order.get('order_id')} " + "─" * 10,
        f"  类型 / kind:        {KINDS.get(str(order.get('kind')), order.get('kind'))}",
        f"  大厅 / hall:        {order.get('hall', {}).get('name', '-')}",
        f"  评价 / rating:      {rating.get('level')} {rating.get('level_name', '')}"
        f"  窗口 window {rating.get('window')}  工号 staff {rating.get('staff') or '-'}"
        f"  渠道 channel {rating.get('channel')}",
        f"  事项 / item:        {item}",
        f"  原因 / reasons:     {'、'.join(rating.get('reasons', [])) or '-'}",
        f"  留言 / comment:     {rating.get('comment') or '-'}",
        f"  评价时间 / rated:   {rating.get('rated_at')}",
        f"  回访期限 / due:     {follow_up.get('due_date')}",
    ]
    return "\n".join(lines)


class _Handler(BaseHTTPRequestHandler):
    server_version = "HotlineSim/1"
    protocol_version = "HTTP/1.1"
    timeout = 60
    receiver: HotlineReceiver  # set on the class the receiver makes

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        if self.path.split("?")[0] in {"/orders", "/orders/"}:
            self._send(200, {"posts": self.receiver.posts, "orders": self.receiver.listed()})
        else:
            self._send(404, {"error": "not_found", "message": "GET /orders lists the orders"})

    def do_POST(self) -> None:
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            self._send(413, {"error": "too_large", "message": "body too large or without a length"})
            return
        body = self.rfile.read(int(length))
        status, answer = self.receiver.take(_titled(self.headers.items()), body)
        self._send(status, answer)

    def _send(self, status: int, answer: dict[str, Any]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a sender that stopped waiting
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


def _titled(items: Any) -> dict[str, str]:
    """Headers by their canonical names (``X-Hotline-Order``), whatever case the sender used."""
    return {"-".join(part.capitalize() for part in str(name).split("-")): str(value) for name, value in items}
