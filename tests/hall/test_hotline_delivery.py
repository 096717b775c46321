"""A bad rating reaches the 12345 hotline exactly once: through the simulated receiver run as its own process
(``kiosk sim hotline``), also when it was down for a while; a 500 then a 200; a timeout; a 400 parks the order
with a supervisor alert. On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from devtools.ports import free_port
from hall.hotline import HotlineOrder
from hall.hotline_sim import HotlineReceiver
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.hotline import bad_rating, eventually, hotline_hall, key_file, link_of
from tests.support.clocks import FrozenClock

pytestmark = pytest.mark.e2e  # a receiver in its own process, orders over HTTP


@contextlib.contextmanager
def receiver_process(port: int, key: Path, *options: str) -> Iterator[subprocess.Popen[str]]:
    """``kiosk sim hotline --port PORT --key KEY`` until the block ends; its output is read after it stops."""
    command = [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]
    command += ["sim", "hotline", "--port", str(port), "--key", str(key), *options]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        eventually(lambda: _listening(port) or process.poll() is not None, 20)
        assert process.poll() is None, process.communicate()[0]
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def _listening(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/orders", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _orders(port: int) -> dict[str, object]:
    answer: dict[str, object] = httpx.get(f"http://127.0.0.1:{port}/orders", timeout=5).json()
    return answer


def _order(hall: Hall) -> HotlineOrder:
    [order] = link_of(hall).orders.listed(None)
    return order


def test_a_bad_rating_reaches_the_receiver_once_also_after_it_was_down(
    hall_db_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    port = free_port()
    with hotline_hall(tmp_path, hall_db_url, clock, f"http://127.0.0.1:{port}/orders") as hall:
        link = link_of(hall)
        bad_rating(hall, "F-1", comment="<b>等了两个小时</b>")
        link.step()  # the receiver is down: refused connection
        order = _order(hall)
        assert (order.state, order.attempts, order.last_status) == ("queued", 1, None)
        assert "无法连接" in order.last_error
        clock.advance(seconds=29)
        link.step()
        assert _order(hall).attempts == 1  # not due before the 30 s back-off
        clock.advance(seconds=1)
        link.step()
        assert (_order(hall).state, _order(hall).attempts) == ("queued", 2)  # still down; next in 60 s
        with receiver_process(port, key_file(hall)) as process:
            link.step()
            assert _orders(port)["orders"] == []  # queued until its time, not sent at once
            clock.advance(seconds=60)
            link.step()
            delivered = _order(hall)
            assert (delivered.state, delivered.attempts, delivered.last_status) == ("delivered", 3, 200)
            assert delivered.delivered_at == clock() and delivered.last_error == ""
            clock.advance(hours=2)
            link.step()  # nothing more to send
            received = _orders(port)
            assert received["posts"] == 1
            [kept] = received["orders"]  # type: ignore[misc]
            assert kept["order_id"] == str(order.id) and kept["repeats"] == 0
            assert kept["order"]["rating"]["comment"] == "<b>等了两个小时</b>"
        output = process.communicate()[0]
        assert process.returncode == 0  # stopped cleanly by SIGTERM
        assert "12345 工单 / work order " + str(order.id) in output
        assert "非常不满意" in output and "办理时间过长、工作人员态度不好" in output and "社会保障卡补领" in output


def test_a_500_then_a_200_delivers_once_and_a_timeout_retries(
    hall_db_url: str, clock: FrozenClock, tmp_path: Path
) -> None:
    receiver = HotlineReceiver(fail_first=1)
    receiver.start()
    try:
        with hotline_hall(tmp_path, hall_db_url, clock, receiver.url, timeout_s=0.5) as hall:
            receiver.key = bytes.fromhex(key_file(hall).read_text())
            link = link_of(hall)
            bad_rating(hall, "F-1")
            link.step()
            failed = _order(hall)
            assert (failed.state, failed.last_status) == ("queued", 500)
            assert failed.last_error.startswith("HTTP 500: 模拟故障")
            receiver.slow_s = 2.0  # past the 0.5 s timeout
            clock.advance(seconds=30)
            link.step()
            assert (_order(hall).state, _order(hall).attempts) == ("queued", 2)
            assert "无应答" in _order(hall).last_error
            eventually(receiver.listed)  # the slow answer's order is kept, after the hall stopped waiting
            receiver.slow_s = 0.0
            clock.advance(seconds=60)
            link.step()
            assert _order(hall).state == "delivered"
        # The slow attempt's order was kept though the hall gave up on its answer: the third is a repeat.
        [kept] = receiver.listed()
        assert kept["order_id"] == str(failed.id) and receiver.posts == 3 and kept["repeats"] == 1
    finally:
        receiver.stop()


def test_a_400_parks_the_order_with_a_supervisor_alert(hall_db_url: str, clock: FrozenClock, tmp_path: Path) -> None:
    port = free_port()
    with hotline_hall(tmp_path, hall_db_url, clock, f"http://127.0.0.1:{port}/orders") as hall:
        link = link_of(hall)
        bad_rating(hall, "F-1")
        with receiver_process(port, key_file(hall), "--answer", "400"):
            link.step()
            parked = _order(hall)
            assert (parked.state, parked.last_status) == ("parked", 400)
            assert "模拟拒收" in parked.last_error
            clock.advance(hours=1)
            link.step()
            assert _order(hall).attempts == 1  # parked: never tried again by itself
        token = create_token(hall.sessions, "supervisor-wang", Role.SUPERVISOR)
        with TestClient(hall.app) as client:
            alerts = client.get("/api/v1/alerts", headers={"Authorization": f"Bearer {token}"}).json()["alerts"]
        [alert] = [a for a in alerts if a["kind"] == "hotline.parked"]
        assert alert["severity"] == "warning" and str(parked.id)[:8] in alert["message_zh"]
        assert "模拟拒收" in alert["message_zh"] and "refused" in alert["message_en"]


def test_a_wrong_key_is_refused_and_parked(hall_db_url: str, clock: FrozenClock, tmp_path: Path) -> None:
    receiver = HotlineReceiver(key=bytes(32))
    receiver.start()
    try:
        with hotline_hall(tmp_path, hall_db_url, clock, receiver.url) as hall:
            link = link_of(hall)
            bad_rating(hall, "F-1")
            link.step()
            parked = _order(hall)
            assert (parked.state, parked.last_status) == ("parked", 401) and "签名不对" in parked.last_error
        assert receiver.listed() == []
    finally:
        receiver.stop()
