"""Booking under contention (docs/booking.md, "Figures"): 50 kiosks, each a thread with its own HTTP client, book
the same day's last 20 places at once on a real hall over HTTP, on SQLite and on PostgreSQL.

Each round takes a working day whose 26 places (13 half-hour slots, two windows) have 6 taken already. The 50
kiosks are released together; each asks for a slot that was free when it looked, and after ``slot_taken`` asks the
hall for the day's free slots again and tries the first one, until it has a place or the day is full. Checked
after every round: exactly 20 kiosks booked, the day holds exactly 26 appointments and no slot more than its
capacity. Timed: every booking request (taken and refused), against 20 bookings one after another by one kiosk
on an empty day (the same request without contention).

    .venv/bin/python benchmarks/booking_contention.py [--rounds 5] [--workers 1]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from benchmarks._halldb import fresh_database, tokens
from benchmarks._hallserver import SHIPPED_CONFIG, serve
from devtools.loadgen import percentile
from devtools.postgres import throwaway_cluster
from hall.appointments import Appointment
from hall.booking_models import BookingSlot
from hall.database import open_hall_database
from hall.tokens import Role

ITEM = "339900-002-GG-00101-002"
KIOSKS, LAST_PLACES, CAPACITY = 50, 20, 2
DAYS = [date(2026, 11, d) for d in (24, 25, 26, 27, 30)] + [date(2026, 12, d) for d in (1, 2, 3, 4, 7)]
BASELINE_DAY = date(2026, 12, 8)
BENCH_BOOKING = f"""
[booking]
days_ahead = 12
max_open_per_item = 1
max_open_per_id = 1

[[booking.items]]
code = "{ITEM}"
name_en = "Replacing a lost social security card"
category = "A"
slot_minutes = 30
windows = [{{ number = 1, places = 1 }}, {{ number = 2, places = 1 }}]
"""


def write_config(folder: Path) -> Path:
    """The shipped hall.toml with its [booking] section replaced by the bench's one item."""
    shipped = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    path = folder / "hall.toml"
    path.write_text(shipped[: shipped.index("\n[booking]")] + BENCH_BOOKING, encoding="utf-8")
    return path


def id_number(n: int) -> str:
    return f"1101011990{n:07d}X"


@dataclass
class Round:
    booked: int = 0
    full: int = 0  # kiosks that found the day full
    latencies: list[float] = field(default_factory=list)  # every booking request, seconds
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_starts(client: httpx.Client, day: date) -> list[str]:
    answer = client.get("/api/v1/appointments/slots", params={"item_code": ITEM, "from": day.isoformat(),
                                                              "to": day.isoformat()}).json()  # fmt: skip
    return [s["start"] for d in answer["days"] for s in d["slots"] if s["free"] > 0]


def book(client: httpx.Client, day: date, start: str, who: int) -> tuple[int, float, dict[str, Any]]:
    body = {"item_code": ITEM, "date": day.isoformat(), "slot_start": start, "id_number": id_number(who),
            "phone": "13800138000"}  # fmt: skip
    began = time.perf_counter()
    reply = client.post("/api/v1/appointments/book", json=body)
    return reply.status_code, time.perf_counter() - began, reply.json()


def contention_round(url: str, token: str, day: date, first_id: int) -> Round:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as setup:
        starts = free_starts(setup, day)
        for n, start in enumerate(starts[:3] * CAPACITY):  # 6 places taken before: 20 are left
            assert book(setup, day, start, first_id + 1000 + n)[0] == 201
        offered = free_starts(setup, day)
    assert len(offered) * CAPACITY == LAST_PLACES, offered
    result, gate = Round(), threading.Barrier(KIOSKS)

    def kiosk(index: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            client.get("/api/v1/health")
            start = offered[index % len(offered)]
            gate.wait()
            spent: list[float] = []
            while True:
                status, seconds, answer = book(client, day, start, first_id + index)
                spent.append(seconds)
                if status == 201:
                    outcome = "booked"
                    break
                assert answer["error"] == "slot_taken", answer
                left = free_starts(client, day)
                if not left:
                    outcome = "full"
                    break
                start = left[0]
            with result.lock:
                result.latencies += spent
                result.booked += outcome == "booked"
                result.full += outcome == "full"

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(KIOSKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def uncontended(url: str, token: str) -> list[float]:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        starts = free_starts(client, BASELINE_DAY)
        spent = []
        for n in range(LAST_PLACES):
            status, seconds, _ = book(client, BASELINE_DAY, starts[n // CAPACITY], 900_000 + n)
            assert status == 201
            spent.append(seconds)
    return spent


def check(db_url: str, days: list[date]) -> None:
    engine, sessions = open_hall_database(db_url)
    try:
        with sessions() as session:
            for day in days:
                held = session.scalar(select(func.count()).where(Appointment.day == day, Appointment.item_code == ITEM))
                fullest = session.scalar(select(func.max(BookingSlot.booked)).where(BookingSlot.day == day))
                assert held == LAST_PLACES + 6 and fullest == CAPACITY, (day, held, fullest)
    finally:
        engine.dispose()


def ms(values: list[float], fraction: float) -> str:
    return f"{percentile(sorted(values), fraction) * 1000:.1f}"


def run_backend(backend: str, folder: Path, cluster_url: str | None, config: Path, args: argparse.Namespace) -> str:
    with fresh_database(backend, folder, cluster_url) as db_url:
        token = tokens(db_url)[Role.KIOSK]
        with serve(config, db_url, time.time(), args.workers) as (url, _pid):
            baseline = uncontended(url, token)
            rounds = [contention_round(url, token, day, 10_000 * (i + 1)) for i, day in enumerate(DAYS[: args.rounds])]
        check(db_url, DAYS[: args.rounds])
    for found in rounds:
        assert (found.booked, found.full) == (LAST_PLACES, KIOSKS - LAST_PLACES), (found.booked, found.full)
    contended = [s for found in rounds for s in found.latencies]
    per_round = sum(len(found.latencies) for found in rounds) / len(rounds)
    return (
        f"| {backend} | {args.workers} | {len(rounds)} | {LAST_PLACES} of {KIOSKS} every round | {per_round:.0f} | "
        f"{ms(contended, 0.5)} | {ms(contended, 0.99)} | {ms(baseline, 0.5)} | {ms(baseline, 0.99)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, choices=range(1, len(DAYS) + 1))
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes serving the hall")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="booking-bench-") as scratch:
        folder = Path(scratch)
        config = write_config(folder)
        if args.backend in {"sqlite", "both"}:
            rows.append(run_backend("sqlite", folder, None, config, args))
        if args.backend in {"postgresql", "both"}:
            with throwaway_cluster() as cluster:
                rows.append(run_backend("postgresql", folder, cluster.url, config, args))
    print(f"Booking under contention: {KIOSKS} kiosks (threads, one HTTP client each) at once for a day's last")
    print(f"{LAST_PLACES} places; booking request latency in ms, against {LAST_PLACES} bookings one after another.\n")
    print("| database | server processes | rounds | booked | requests per round | p50 | p99 | alone p50 | alone p99 |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
