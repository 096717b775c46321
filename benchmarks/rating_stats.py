"""好差评 statistics over one year of a busy hall (docs/hall-web.md, "好差评统计"): 500,000 ratings at 50 windows for
300 items, on SQLite and on a throwaway PostgreSQL, served by the real hall over HTTP (uvicorn in its own process).

For each grouping (window, staff, item, channel, day, week, month) over the whole year, timed in the same run:
the statistics API call, the statistics page, its bar chart (and once, the line chart per day), against the same
GROUP BY sent by the database driver alone (the statement the hall builds, compiled with its values, no pool, no
ORM, no HTTP). Target: each page and call under 300 ms at p95 and within 1.5x of the bare query.

    .venv/bin/python benchmarks/rating_stats.py [--ratings 500000] [--runs 20] [--backend both]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import psycopg
from sqlalchemy import insert

from benchmarks._halldb import fresh_database
from benchmarks._hallserver import SHIPPED_CONFIG, serve
from devtools.loadgen import percentile
from devtools.postgres import throwaway_cluster
from hall.database import open_hall_database
from hall.rating_stats import Group, StatsQuery, stats_statement
from hall.ratings import Rating
from hall.tokens import Role, create_token

ZONE = ZoneInfo("Asia/Shanghai")
LAST_DAY = date(2026, 11, 23)  # the bench clock's today (benchmarks/_hallserver.py)
FIRST_DAY = LAST_DAY - timedelta(days=364)
WINDOWS, ITEMS, CHUNK = 50, 300, 20_000
LEVELS, LEVEL_WEIGHTS = (5, 4, 3, 2, 1), (62, 22, 9, 4, 3)
TARGET_MS, TARGET_RATIO = 300.0, 1.5


def fill(db_url: str, count: int, seed: int = 16) -> None:
    """``count`` ratings spread over the year's working hours, as the pads, kiosks and QR pages would leave them."""
    engine, _ = open_hall_database(db_url)  # migrates the new database first
    rnd = random.Random(seed)
    start = datetime.combine(FIRST_DAY, datetime.min.time(), ZONE).astimezone(UTC)
    seconds = (LAST_DAY - FIRST_DAY).days * 86_400 + 8 * 3600
    items = [f"339900-{n:03d}-GG-{n:05d}-001" for n in range(ITEMS)]
    try:
        # Ratings arrive in time order: the table is written in that order, as a hall's is over the year.
        moments = sorted(start + timedelta(seconds=rnd.randrange(seconds)) for _ in range(count))
        with engine.begin() as connection:
            for first in range(0, count, CHUNK):
                rows = []
                for moment in moments[first : first + CHUNK]:
                    level = rnd.choices(LEVELS, LEVEL_WEIGHTS)[0]
                    window = rnd.randint(1, WINDOWS)
                    rows.append({
                        "id": uuid.UUID(int=rnd.getrandbits(128)),
                        "filing_id": None,
                        "ticket_id": None,
                        "stage": "completion",
                        "level": level,
                        "reasons": ["办理时间过长"] if level <= 2 else [],
                        "channel": rnd.choice(("pad", "pad", "kiosk", "qr")),
                        "window": window,
                        "staff": f"{1000 + window}",
                        "item_code": rnd.choice(items),
                        "comment": None,
                        "created_at": moment,
                        "voided": rnd.random() < 0.002,
                    })  # fmt: skip
                connection.execute(insert(Rating), rows)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE rating" if engine.dialect.name == "postgresql" else "ANALYZE")
    finally:
        engine.dispose()


def bare_query(db_url: str, group: Group) -> Callable[[], int]:
    """The hall's GROUP BY statement for the whole year, compiled with its values, run by the driver alone."""
    query = StatsQuery(group, FIRST_DAY, LAST_DAY)
    engine, _ = open_hall_database(db_url)
    try:
        dialect = engine.dialect
        sql = str(
            stats_statement(query, ZONE, dialect.name).compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        )
    finally:
        engine.dispose()
    if db_url.startswith("sqlite"):
        connection = sqlite3.connect(db_url.removeprefix("sqlite:///"), check_same_thread=False)
        return lambda: len(connection.execute(sql).fetchall())
    plain = db_url.replace("postgresql+psycopg://", "postgresql://")
    pg = psycopg.connect(plain, autocommit=True)
    return lambda: len(pg.execute(sql.replace("%%", "%")).fetchall())  # type: ignore[arg-type]


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()  # warm: the first run reads the table into the cache
    spent = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        spent.append(time.perf_counter() - began)
    return sorted(spent)


def p95(values: list[float]) -> float:
    return percentile(values, 0.95) * 1000


@contextlib.contextmanager
def signed_in(url: str, token: str) -> Iterator[httpx.Client]:
    """A client with a supervisor's web session (its cookie) for the pages."""
    with httpx.Client(base_url=url, timeout=120, follow_redirects=True) as client:
        answer = client.post("/web/sign-in", data={"token": token, "next": "/web"})
        assert answer.status_code == 200, answer.status_code
        yield client


def getter(
    client: httpx.Client, path: str, params: dict[str, str], headers: dict[str, str] | None = None
) -> Callable[[], object]:
    def get() -> object:
        answer = client.get(path, params=params, headers=headers)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        return answer.content

    return get


def run_backend(backend: str, folder: Path, cluster_url: str | None, args: argparse.Namespace) -> list[str]:
    rows: list[str] = []
    with fresh_database(backend, folder, cluster_url) as db_url:
        began = time.perf_counter()
        fill(db_url, args.ratings)
        print(f"{backend}: {args.ratings} ratings written in {time.perf_counter() - began:.0f} s", flush=True)
        engine, sessions = open_hall_database(db_url)
        try:
            token = create_token(sessions, "bench-supervisor", Role.SUPERVISOR)
        finally:
            engine.dispose()
        span = {"from": FIRST_DAY.isoformat(), "to": LAST_DAY.isoformat()}
        with serve(SHIPPED_CONFIG / "hall.toml", db_url, time.time(), 1) as (url, _pid), signed_in(url, token) as web:
            bearer = {"Authorization": f"Bearer {token}"}
            for group in Group:
                params = {**span, "group": group.value}
                bare = p95(timed(bare_query(db_url, group), args.runs))
                chart = {**params, "kind": "line" if group.by_time else "bar"}
                measured = {
                    "API": p95(timed(getter(web, "/api/v1/stats/ratings", params, bearer), args.runs)),
                    "page": p95(timed(getter(web, "/web/ratings", params), args.runs)),
                    f"{chart['kind']} chart": p95(timed(getter(web, "/web/ratings/chart.svg", chart), args.runs)),
                }
                for what, ms in measured.items():
                    ok = ms < TARGET_MS and ms <= TARGET_RATIO * bare
                    rows.append(
                        f"| {backend} | {group.value} | {what} | {ms:.1f} | {bare:.1f} | {ms / bare:.2f} | "
                        f"{'yes' if ok else 'NO'} |"
                    )
                print("\n".join(rows[-len(measured) :]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ratings", type=int, default=500_000, help="ratings in the year (a quick run: 50000)")
    parser.add_argument("--runs", type=int, default=20, help="timed requests of each kind")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rating-stats-bench-") as scratch:
        folder = Path(scratch)
        if args.backend in {"sqlite", "both"}:
            rows += run_backend("sqlite", folder, None, args)
        if args.backend in {"postgresql", "both"}:
            with throwaway_cluster() as cluster:
                rows += run_backend("postgresql", folder, cluster.url, args)
    print(f"\n好差评 statistics over one year: {args.ratings} ratings, {WINDOWS} windows, {ITEMS} items; p95 of")
    print(f"{args.runs} requests in ms against the same GROUP BY run by the driver alone; target < {TARGET_MS:.0f} ms")
    print(f"and <= {TARGET_RATIO}x the bare query.\n")
    print("| database | group | request | p95 ms | bare query p95 ms | ratio | on target |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
