"""What open event streams (`GET /api/v1/events`) cost the hall: take-number latency with 0 and N streams open,
and the hall's CPU while the streams sit idle, for this tree and a baseline checkout, in one run on SQLite.

    .venv/bin/python benchmarks/hall_streams.py --baseline-rev 0df35eb [--streams 300] [--takes 300] [--runs 3]

``--baseline-rev`` makes a temporary worktree of that commit (removed afterwards), ``--baseline-tree`` uses a
checkout; each tree migrates its own database and makes its own tokens. Another process holds the streams (spread
over enough kiosk tokens to stay under ``[limits] streams_per_token``) and reads every line of them.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

import httpx

from benchmarks._hallserver import CATEGORY, FIRST_WINDOW, REPO, cpu_seconds, cpu_used, serve
from devtools.loadgen import percentile

TAKE_BODY = {"category": CATEGORY, "channel": "kiosk"}
PER_TOKEN = 8  # the shipped [limits] streams_per_token
# Runs in the tree under test with that tree's code (its own migrations, its own token table).
MAKE_TOKENS = """
import json, sys
from hall.database import open_hall_database
from hall.tokens import Role, create_token
engine, sessions = open_hall_database(sys.argv[1])
print(json.dumps([create_token(sessions, f"bench-kiosk-{i}", Role.KIOSK) for i in range(int(sys.argv[2]))]))
engine.dispose()
"""


@dataclass(frozen=True)
class Case:
    tree: str  # the label in the table
    streams: int
    latencies: list[float]  # seconds, sorted
    idle_cores: float  # the hall's CPU while the streams sat idle
    events_read: int  # the fewest events any one stream read (snapshot included)
    load: float = 0.0  # the machine's 1-minute load average afterwards: other people's work shares the cores
    round: int = 1


def make_tokens(tree: Path, db_url: str, count: int) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", MAKE_TOKENS, db_url, str(count)]
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout))


def write_config(tree: Path, folder: Path) -> Path:
    """That tree's shipped hall.toml (an older one may not know newer keys) and two windows serving the
    always-open self-service category."""
    windows = "".join(
        f'\n[[windows]]\nnumber = {n}\nname = "压测{n}号窗口"\ncategories = ["{CATEGORY}"]\n'
        for n in (FIRST_WINDOW, FIRST_WINDOW + 1)
    )
    path = folder / "hall.toml"
    path.write_text((tree / "config" / "hall.toml").read_text(encoding="utf-8") + windows, encoding="utf-8")
    return path


# -- the stream holder: a process of its own -----------------------------------------------------------------
def hold(base: str, tokens: list[str], count: int, conn: Connection) -> None:
    """Open ``count`` streams, report ("ready", opened, failures) once each has its first event, read until told
    to stop, then report ("read", fewest events any stream read)."""
    asyncio.run(_hold(base, tokens, count, conn))


async def _hold(base: str, tokens: list[str], count: int, conn: Connection) -> None:
    events = [0] * count
    first = [asyncio.Event() for _ in range(count)]
    failures: list[str] = []
    opening = asyncio.Semaphore(50)
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    timeout = httpx.Timeout(30, read=None)  # a quiet stream sends only a heartbeat every 15 s

    async def one(client: httpx.AsyncClient, index: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[index % len(tokens)]}", "Accept": "text/event-stream"}
        try:
            async with opening:
                reply = await client.send(client.build_request("GET", "/api/v1/events", headers=headers), stream=True)
            try:
                if reply.status_code != 200:
                    failures.append(str(reply.status_code))
                    first[index].set()
                    return
                async for line in reply.aiter_lines():
                    if line.startswith("event:"):
                        events[index] += 1
                        first[index].set()
            finally:
                await reply.aclose()
        except httpx.HTTPError as error:
            failures.append(type(error).__name__)
            first[index].set()

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        tasks = [asyncio.create_task(one(client, i)) for i in range(count)]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in first)), 180)
        conn.send(("ready", count - len(failures), failures[:5]))
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    conn.send(("read", min(events, default=0)))


@contextmanager
def streams_open(base: str, tokens: list[str], count: int) -> Iterator[Callable[[], int]]:
    """``count`` streams held open and read by another process while the block runs; yields ``close``, which
    closes them and returns the fewest events any one of them read."""
    mine, theirs = multiprocessing.Pipe()
    process = multiprocessing.Process(target=hold, args=(base, tokens, count, theirs), daemon=True)
    process.start()
    read: list[int] = []

    def close() -> int:
        if not read:
            mine.send("stop")
            read.append(mine.recv()[1])
        return read[0]

    try:
        _, opened, failures = mine.recv()
        if opened != count:
            raise RuntimeError(f"only {opened} of {count} streams opened: {failures}")
        yield close
        close()
    finally:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()


# -- one case ------------------------------------------------------------------------------------------------
def take_numbers(base: str, token: str, count: int, warm: int) -> list[float]:
    """Take ``warm`` numbers unmeasured, then ``count`` one after another; their latencies in seconds, sorted."""
    times: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        for index in range(warm + count):
            started = time.perf_counter()
            reply = client.post("/api/v1/tickets", json=TAKE_BODY)
            elapsed = time.perf_counter() - started
            if reply.status_code != 201:
                raise RuntimeError(f"take-number answered {reply.status_code}: {reply.text[:200]}")
            if index >= warm:
                times.append(elapsed)
    return sorted(times)


def idle_cores(pid: int, seconds: float) -> float:
    before = cpu_seconds([pid])
    time.sleep(seconds)
    return cpu_used(before, cpu_seconds([pid])) / seconds


def run_case(label: str, tree: Path, streams: int, args: argparse.Namespace, folder: Path) -> Case:
    """A fresh database and hall from ``tree``; streams opened, the hall left idle, then numbers taken."""
    case = Path(tempfile.mkdtemp(prefix="case-", dir=folder))
    db_url = f"sqlite:///{case / 'hall.db'}"
    token_count = max(1, -(-streams // PER_TOKEN), args.tokens)
    tokens = make_tokens(tree, db_url, token_count)
    with serve(write_config(tree, case), db_url, time.time(), 1, tree) as (base, pid):
        httpx.get(f"{base}/api/v1/queue", headers={"Authorization": f"Bearer {tokens[0]}"}).raise_for_status()
        if not streams:
            idle = idle_cores(pid, args.idle_seconds)
            return Case(label, 0, take_numbers(base, tokens[0], args.takes, args.warm), idle, 0)
        with streams_open(base, tokens, streams) as close:
            idle = idle_cores(pid, args.idle_seconds)
            latencies = take_numbers(base, tokens[0], args.takes, args.warm)
            time.sleep(1.0)  # the last numbers' events reach the streams
            events_read = close()
    return Case(label, streams, latencies, idle, events_read)


@contextmanager
def baseline_tree(args: argparse.Namespace) -> Iterator[Path | None]:
    if args.baseline_tree:
        yield args.baseline_tree.resolve()
        return
    if not args.baseline_rev:
        yield None
        return
    where = Path(tempfile.mkdtemp(prefix="streams-baseline-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(where), args.baseline_rev], cwd=REPO, check=True)
    try:
        yield where
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=REPO, check=True)
        where.parent.rmdir()


def table(cases: list[Case], args: argparse.Namespace) -> Iterator[str]:
    yield f"\n### Take-number with event streams open: {args.takes} sequential `POST /api/v1/tickets`, SQLite, "
    yield "one hall process\n\n| run | tree | streams | take p50 ms | p90 ms | p99 ms | mean ms | p50 ÷ 0-stream p50 "
    yield "| p90 ÷ 0-stream p90 | hall CPU idle, cores | events each stream read (fewest) | load average |\n"
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    quiet = {(c.round, c.tree): c.latencies for c in cases if c.streams == 0}  # the same run's, the same tree's
    for c in cases:
        p50, p90, p99 = (percentile(c.latencies, q) * 1000 for q in (0.5, 0.9, 0.99))
        alone = quiet.get((c.round, c.tree), [])
        ratios = [f"{percentile(c.latencies, q) / percentile(alone, q):.2f}" if alone else "—" for q in (0.5, 0.9)]
        read = str(c.events_read) if c.streams else "—"
        mean = statistics.mean(c.latencies) * 1000
        yield f"| {c.round} | {c.tree} | {c.streams} | {p50:.1f} | {p90:.1f} | {p99:.1f} | {mean:.1f} "
        yield f"| {' | '.join(ratios)} | {c.idle_cores:.3f} | {read} | {c.load:.1f} |\n"
    yield f"\n(hall CPU idle: the hall process's CPU over {args.idle_seconds:.0f} s with the streams open and no "
    yield "requests, in cores; load average: the machine's over 1 minute after the case, other work included)\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-rev", help="compare against this commit (a temporary worktree of it)")
    parser.add_argument("--baseline-tree", type=Path, help="compare against this checkout")
    parser.add_argument("--streams", type=int, default=300, help="event streams open in the second case")
    parser.add_argument("--tokens", type=int, default=40, help="kiosk tokens the streams are spread over")
    parser.add_argument("--takes", type=int, default=300, help="numbers taken and timed per case")
    parser.add_argument("--warm", type=int, default=20, help="numbers taken first, untimed")
    parser.add_argument("--runs", type=int, default=1, help="times to measure every case (a row each)")
    parser.add_argument("--idle-seconds", type=float, default=10, help="how long the hall's idle CPU is measured")
    args = parser.parse_args()
    if args.baseline_rev and args.baseline_tree:
        parser.error("give --baseline-rev or --baseline-tree, not both")
    if args.streams > args.tokens * PER_TOKEN:
        parser.error(f"{args.streams} streams need at least {-(-args.streams // PER_TOKEN)} tokens")
    started = time.monotonic()
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="hall-streams-") as temporary, baseline_tree(args) as baseline:
        trees = ([(f"baseline {args.baseline_rev or baseline}", baseline)] if baseline else []) + [("this tree", REPO)]
        for round_, (label, tree), streams in itertools.product(range(1, args.runs + 1), trees, (0, args.streams)):
            case = run_case(label, tree, streams, args, Path(temporary))
            cases.append(replace(case, load=os.getloadavg()[0], round=round_))
            print(f"... run {round_}: {label}, {streams} streams: done", flush=True)
    print("".join(table(cases, args)))
    print(f"(whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
