"""A fee payment end to end, with the gateway simulator answering at once: the hall on SQLite served on loopback,
the simulator in its process (as the kiosk's embedded hall runs it), the kiosk's ``PaymentClient``.

- QR code: the kiosk opens the order (kiosk→hall, hall→gateway) and shows the QR; the phone pays (phone→gateway);
  the gateway notifies the hall (gateway→hall); the kiosk's poll sees it paid (kiosk→hall, every 1 ms here).
  Timed from QR shown to paid, and from the order asked for to paid.
- Payment code: the kiosk opens the order, then sends the scanned code (kiosk→hall; hall→gateway: close the QR's
  trade, charge the code) and has its answer: paid.

Each is set against the sum of the same number of bare HTTP round trips in the same run (a GET of the hall's
health check, of the simulator's fault list), measured in the same iteration, so the ratio says what the
hall's own work (signing, verifying, the transactions) costs over the wire. Results in docs/payment.md.

Run: ``.venv/bin/python benchmarks/payment_roundtrip.py [N]`` (default 200 of each)."""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from devtools.ports import free_port

REPO = Path(__file__).resolve().parents[1]
ITEM = "339900-001-QR-00101-001"  # 居民身份证换领: its 工本费 payable at the kiosk
WECHAT_CODE = "134567890123456789"


@contextlib.contextmanager
def served_hall(data: Path) -> Iterator[tuple[str, object]]:
    from hall.server import build_hall  # noqa: PLC0415
    from hall.serving import HallServer  # noqa: PLC0415 - after KIOSK_DATA_DIR is set
    from hall.transport import hall_uvicorn_config  # noqa: PLC0415

    port = free_port()
    hall = build_hall(REPO / "config" / "hall.toml", f"sqlite:///{data / 'hall.db'}", host="127.0.0.1", port=port)
    config = hall_uvicorn_config(hall.app, hall.config.server, host="127.0.0.1", port=port, log_level="warning")
    server = HallServer(config)
    thread = threading.Thread(target=server.run, name="bench-uvicorn")
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}", hall
    finally:
        server.stop()
        thread.join(timeout=10)
        hall.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="payment-bench-") as folder:
        os.environ["KIOSK_DATA_DIR"] = folder
        run(Path(folder), count)


def run(data: Path, count: int) -> None:
    from hall.tokens import Role, create_token  # noqa: PLC0415
    from kiosk.hallclient import HallClient  # noqa: PLC0415
    from kiosk.hallclient.payments import PaymentClient  # noqa: PLC0415
    from kiosk.station.payment_port import OrderStatus  # noqa: PLC0415

    with served_hall(data) as (url, hall):
        token = create_token(hall.sessions, "bench-kiosk", Role.KIOSK)  # type: ignore[attr-defined]
        with HallClient(url, token, timeout_s=10) as http, httpx.Client(timeout=10) as phone:
            port = PaymentClient(http)
            item = next(p for p in port.fee_items() if p.ref == ITEM)
            hall.app.state.payments.require()  # type: ignore[attr-defined]  # opens the in-hall simulator
            sim = hall.app.state.payments.opened.simulator  # type: ignore[attr-defined]
            hall_rt = lambda: http.get("/api/v1/health")  # noqa: E731
            sim_rt = lambda: phone.get(f"{sim.url}/_sim/faults")  # noqa: E731
            for _ in range(20):  # warm both sides up
                hall_rt(), sim_rt()
            rows: dict[str, tuple[list[float], list[float]]] = {
                "QR shown → paid": ([], []),
                "order asked → paid (QR)": ([], []),
                "order asked → paid (payment code)": ([], []),
            }
            for _ in range(count):
                start = time.perf_counter()
                order = port.open_order(item)
                shown = time.perf_counter()
                phone.post(f"{sim.url}/_sim/pay/{order.order_no}").raise_for_status()
                while port.status(order.order_no).status is not OrderStatus.PAID:
                    time.sleep(0.001)
                done = time.perf_counter()
                # The round trips it needs: order (kiosk→hall, hall→gateway); pay (phone→gateway); notify
                # (gateway→hall); the poll that sees it paid (kiosk→hall).
                after_qr = timed(sim_rt) + timed(hall_rt) + timed(hall_rt)
                rows["QR shown → paid"][0].append(done - shown)
                rows["QR shown → paid"][1].append(after_qr)
                rows["order asked → paid (QR)"][0].append(done - start)
                rows["order asked → paid (QR)"][1].append(after_qr + timed(hall_rt) + timed(sim_rt))

                start = time.perf_counter()
                order = port.open_order(item)
                paid = port.pay_with_code(order, WECHAT_CODE)
                done = time.perf_counter()
                assert paid.status is OrderStatus.PAID, paid
                # order (kiosk→hall, hall→gateway); code (kiosk→hall; hall→gateway: close, then charge)
                bare = timed(hall_rt) + timed(sim_rt) + timed(hall_rt) + timed(sim_rt) + timed(sim_rt)
                rows["order asked → paid (payment code)"][0].append(done - start)
                rows["order asked → paid (payment code)"][1].append(bare)
    print(f"Payments with the simulator answering at once, SQLite, {count} of each (ms)\n")
    print("| path | p50 | p95 | bare round trips p95 | ratio p95 |")
    print("|---|---|---|---|---|")
    for name, (flow, bare) in rows.items():
        p95, bare95 = percentile(flow, 0.95) * 1000, percentile(bare, 0.95) * 1000
        print(f"| {name} | {statistics.median(flow) * 1000:.1f} | {p95:.1f} | {bare95:.1f} | {p95 / bare95:.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
