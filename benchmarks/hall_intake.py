"""Filing intake at scale: simulated kiosks push their filings at once to one hall on PostgreSQL, served by one
and by two processes. Each kiosk sends its filings one after another, as its sync worker does, then sends its
first one again (a retry after a lost answer, which must be answered 200 and stored once). Measured: filings
stored per second and the latency of each POST (p50, p99), against the same kiosks' health checks (the hall's
HTTP and database round trip doing nothing) in the same run; and afterwards, that every filing is stored once.

    .venv/bin/python benchmarks/hall_intake.py [--kiosks 200] [--filings 5] [--workers 1 2]

Results in docs/filings.md.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from benchmarks._halldb import fresh_database, tokens
from benchmarks._hallserver import serve, write_config
from devtools.loadgen import percentile
from devtools.postgres import throwaway_cluster
from hall.database import open_hall_database
from hall.filings import Filing
from hall.tokens import Role

ITEM = "339900-001-QR-00201-001"  # 出生登记, a fileable item of the shipped catalog with an ID-number field
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(serial: int) -> str:
    """A valid GB 11643 number of a fictional person, one per ``serial`` below 28,000: region 110101, born in
    January 1990."""
    first17 = f"110101199001{1 + serial // 1000 % 28:02d}{serial % 1000:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def body(kiosk: int, sequence: int) -> dict[str, Any]:
    person = id_number(kiosk * 100 + sequence)
    return {
        "id": str(uuid.uuid4()),
        "number": f"K{kiosk:03d}-20261123-{sequence:04d}",
        "item_code": ITEM,
        "kiosk_id": f"kiosk-{kiosk:03d}",
        "created_at": "2026-11-23T01:58:00Z",
        "applicant": {"name": "张三", "id_number": person, "phone": "13800138000"},
        "form": {
            "applicant_name": "张三",
            "applicant_id": person,
            "relation": "父亲",
            "baby_name": "张小宝",
            "baby_sex": "男",
            "birth_date": "2026-11-01",
            "birth_certificate": "Q123456789",
            "phone": "13800138000",
        },
        "materials_to_bring": ["入户地居民户口簿"],
        "delivery": {"method": "kiosk"},
    }


@dataclass(frozen=True)
class Result:
    workers: int
    elapsed: float
    latencies: list[float]
    statuses: Counter[int]
    health_rate: float
    stored: int
    distinct_numbers: int


async def push(base: str, token: str, kiosks: int, filings: int) -> tuple[float, list[float], Counter[int], float]:
    """Every kiosk pushes its filings and one repeat; then the same kiosks check the hall's health as often."""
    headers = {"Authorization": f"Bearer {token}"}
    clients = [
        httpx.AsyncClient(base_url=base, headers=headers, limits=httpx.Limits(max_connections=1), timeout=120)
        for _ in range(kiosks)
    ]
    latencies: list[float] = []
    statuses: Counter[int] = Counter()

    async def kiosk(number: int, client: httpx.AsyncClient) -> None:
        bodies = [body(number, s) for s in range(1, filings + 1)]
        for sent in [*bodies, bodies[0]]:
            start = time.perf_counter()
            try:
                status = (await client.post("/api/v1/filings", json=sent)).status_code
            except httpx.HTTPError:
                status = 0
            latencies.append(time.perf_counter() - start)
            statuses[status] += 1

    async def health(client: httpx.AsyncClient) -> None:
        for _ in range(filings + 1):
            await client.get("/api/v1/health")

    try:
        await asyncio.gather(*(c.get("/api/v1/health") for c in clients))  # open every connection first
        start = time.perf_counter()
        await asyncio.gather(*(kiosk(n, c) for n, c in enumerate(clients, start=1)))
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        await asyncio.gather(*(health(c) for c in clients))
        health_rate = kiosks * (filings + 1) / (time.perf_counter() - start)
    finally:
        for client in clients:
            await client.aclose()
    return elapsed, sorted(latencies), statuses, health_rate


def scenario(workers: int, cluster_url: str, folder: Path, config: Path, args: argparse.Namespace) -> Result:
    with fresh_database("postgresql", folder, cluster_url) as url:
        token = tokens(url)[Role.KIOSK]
        with serve(config, url, time.time(), workers) as (base, _pid):
            elapsed, latencies, statuses, health_rate = asyncio.run(push(base, token, args.kiosks, args.filings))
        engine, sessions = open_hall_database(url)
        try:
            with sessions() as session:
                stored = int(session.scalar(select(func.count()).select_from(Filing)) or 0)
                distinct = int(session.scalar(select(func.count(func.distinct(Filing.number)))) or 0)
        finally:
            engine.dispose()
    return Result(workers, elapsed, latencies, statuses, health_rate, stored, distinct)


def table(results: list[Result], args: argparse.Namespace) -> str:
    expected = args.kiosks * args.filings
    lines = [
        f"{args.kiosks} kiosks × {args.filings} filings each, plus one repeat each, PostgreSQL\n\n"
        "| hall processes | filings stored/s | p50 ms | p99 ms | answers | stored (expected) | health checks/s "
        "| filings ÷ health checks |\n|---|---|---|---|---|---|---|---|\n"
    ]
    for r in results:
        rate = r.statuses[201] / r.elapsed
        answers = ", ".join(f"{status} ×{count}" for status, count in sorted(r.statuses.items()))
        lines.append(
            f"| {r.workers} | {rate:.0f} | {percentile(r.latencies, 0.5) * 1000:.0f} "
            f"| {percentile(r.latencies, 0.99) * 1000:.0f} | {answers} | {r.stored} of {expected}, "
            f"{r.distinct_numbers} numbers | {r.health_rate:.0f} | {rate / r.health_rate:.2f} |\n"
        )
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=200, help="kiosks pushing at once (one connection each)")
    parser.add_argument("--filings", type=int, default=5, help="filings per kiosk (at most 99)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="hall processes")
    args = parser.parse_args()
    if not 1 <= args.filings <= 99:
        parser.error("--filings must be 1 to 99")
    started = time.monotonic()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hall-bench-")))
        cluster = stack.enter_context(throwaway_cluster(durable=True))
        config = write_config(folder)
        results = []
        for workers in args.workers:
            results.append(scenario(workers, cluster.url, folder, config, args))
            print(f"... {workers} hall process(es): done", flush=True)
    print(table(results, args))
    print(f"(whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
