"""The hall's queue over real HTTP on SQLite and PostgreSQL: take-number and call-next throughput and latency."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks._halldb import (
    Calls,
    Numbering,
    bare_inserts,
    check_calls,
    check_numbering,
    engine_take_numbers,
    fill_queue,
    fresh_database,
    tokens,
)
from benchmarks._hallserver import (
    CATEGORY,
    FIRST_WINDOW,
    REPO,
    WINDOWS,
    cpu_seconds,
    cpu_used,
    machine_cpu,
    serve,
    write_config,
)
from devtools.loadgen import Run, Send, closed_loop, open_loop, percentile
from devtools.postgres import Cluster, throwaway_cluster
from hall.tokens import Role

TARGET_P99 = 0.050
TAKE_BODY = f'{{"category": "{CATEGORY}", "channel": "kiosk"}}'.encode()
OK = {"take": 201, "call": 200}
Load = Callable[[Send], Awaitable[Run]]


@dataclass(frozen=True)
class Setup:
    backend: str  # sqlite or postgresql
    workers: int  # uvicorn processes serving the hall


@dataclass
class Result:
    operation: str  # take or call
    run: Run
    cpu: dict[str, float]  # cores busy during the run: client, hall, postgres
    answers: list[str]  # ticket numbers taken, or ticket ids called
    setup: Setup = Setup("", 0)
    loop: str = ""  # closed (saturation) or open (fixed rate)
    check: Numbering | Calls | None = None


@dataclass
class Environment:
    folder: Path
    cluster: Cluster | None
    config: Path
    epoch: float
    args: argparse.Namespace
    baseline: dict[str, tuple[float, float, float]] = field(default_factory=dict)


async def drive(base: str, token: str, operation: str, load: Load, pids: dict[str, int]) -> Result:
    """Warm the server up, then run ``load`` (a closed or open loop) against one operation, timing CPU use."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    # One client with one connection per kiosk or window pad: a single httpx client sharing a pool of 50
    # connections spent four times the CPU per request here, and the client shares the cores with the server.
    clients = [
        httpx.AsyncClient(base_url=base, headers=headers, limits=httpx.Limits(max_connections=1), timeout=120)
        for _ in range(WINDOWS)
    ]
    lanes: asyncio.Queue[tuple[httpx.AsyncClient, int]] = asyncio.Queue()
    for client, window in zip(clients, range(FIRST_WINDOW, FIRST_WINDOW + WINDOWS), strict=True):
        lanes.put_nowait((client, window))
    answers: list[str] = []

    async def send(_index: int) -> int:
        client, window = await lanes.get()  # a kiosk or pad waits for its own answer before it sends again
        try:
            if operation == "take":
                reply = await client.post("/api/v1/tickets", content=TAKE_BODY)
            else:
                reply = await client.post(f"/api/v1/windows/{window}/call-next")
        except httpx.HTTPError:
            return 0
        finally:
            lanes.put_nowait((client, window))
        if reply.status_code == OK[operation]:
            answers.append(reply.json()["number"] if operation == "take" else reply.json()["ticket"]["id"])
        return reply.status_code

    try:
        # Open every connection and warm the server's pools and thread pool on a read that changes nothing.
        await asyncio.gather(*(c.get("/api/v1/queue") for c in clients for _ in range(2)))
        before = {name: cpu_seconds([pid]) for name, pid in pids.items()}
        client_before, machine_before = time.process_time(), machine_cpu()
        run = await load(send)
        machine_after, client_after = machine_cpu(), time.process_time()
        used = {name: cpu_used(before[name], cpu_seconds([pid])) for name, pid in pids.items()}
        used["client"] = client_after - client_before
        # Other people's processes on the same machine (test runs, say) and the hypervisor's steal: both make
        # the figures worse than the hall alone would be, so they are shown next to them.
        used["other"] = max(0.0, machine_after[0] - machine_before[0] - sum(used.values()))
        used["steal"] = machine_after[1] - machine_before[1]
        cpu = {name: seconds / run.elapsed for name, seconds in used.items()}
    finally:
        for client in clients:
            await client.aclose()
    return Result(operation, run, cpu, answers)


def scenario(setup: Setup, operation: str, loop: str, env: Environment) -> Result:
    """One measurement on a fresh database and a freshly started hall."""
    args = env.args
    with fresh_database(setup.backend, env.folder, env.cluster.url if env.cluster else None) as url:
        made = tokens(url)
        if operation == "call":
            fill_queue(url, env.epoch, args.tickets)

        def load(send: Send) -> Awaitable[Run]:
            if loop == "closed":
                return closed_loop(send, args.clients, args.tickets, duration=args.saturation_seconds)
            return open_loop(send, args.rate, int(args.rate * args.seconds))

        with serve(env.config, url, env.epoch, setup.workers, env.args.server_tree) as (base, pid):
            pids = {"hall": pid} | ({"postgres": env.cluster.postmaster_pid} if env.cluster else {})
            token = made[Role.KIOSK if operation == "take" else Role.PADS]
            result = asyncio.run(drive(base, token, operation, load, pids))
        result.setup, result.loop = setup, loop
        result.check = check_numbering(url) if operation == "take" else check_calls(url)
    return result


def baselines(backend: str, env: Environment) -> tuple[float, float, float]:
    """Bare inserts per second, and the queue engine's tickets per second and CPU share, without HTTP."""
    cluster_url = env.cluster.url if env.cluster else None
    with fresh_database(backend, env.folder, cluster_url) as url:
        tokens(url)  # migrated like the others
        bare = bare_inserts(url, env.epoch, env.args.baseline_rows)
    with fresh_database(backend, env.folder, cluster_url) as url:
        tokens(url)
        engine, cpu_share = engine_take_numbers(url, env.config, env.epoch, env.args.baseline_rows)
    return bare, engine, cpu_share


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 1 else f"{seconds * 1000:.1f}"


def errors(result: Result) -> str:
    wrong = {status: n for status, n in sorted(result.run.statuses().items()) if status != OK[result.operation]}
    return ", ".join(f"{n}×{status or 'no answer'}" for status, n in wrong.items()) or "0"


def cpu_per_answer(result: Result, name: str) -> str:
    """CPU milliseconds that process (``hall`` or ``postgres``) spent per answered request: unlike latency, hardly
    changed by other people's work on the machine, so it compares code across runs."""
    answered = result.run.count(OK[result.operation])
    if name not in result.cpu or not answered:
        return "—"
    return f"{result.cpu[name] * result.run.elapsed / answered * 1000:.2f}"


def row(result: Result, *cells: object) -> str:
    lat = result.run.latencies()
    busy = " / ".join(f"{result.cpu.get(name, 0.0):.2f}" for name in ("client", "hall", "postgres", "other", "steal"))
    per_answer = f"{cpu_per_answer(result, 'hall')} / {cpu_per_answer(result, 'postgres')}"
    head = [result.setup.backend, result.setup.workers, *cells[:1]]
    tail = [ms(percentile(lat, 0.5)), ms(percentile(lat, 0.99)), *cells[1:], errors(result), per_answer, busy]
    return "| " + " | ".join(str(c) for c in head + tail) + " |\n"


def tables(results: list[Result], env: Environment) -> Iterator[str]:
    args = env.args
    busy = "CPU ms per answer: hall / PostgreSQL | CPU cores: client / hall / PostgreSQL / other processes / stolen"

    def pick(operation: str, loop: str) -> list[Result]:
        return [r for r in results if r.operation == operation and r.loop == loop]

    yield f"\n### Take a number: `POST /api/v1/tickets`, {args.clients} clients, closed loop, "
    yield f"{args.saturation_seconds:.0f} s (at most {args.tickets} tickets)\n\n"
    yield f"| database | hall processes | tickets/s | p50 ms | p99 ms | duplicate numbers | gaps | errors | {busy} |\n"
    yield "|---|---|---|---|---|---|---|---|---|---|\n"
    for r in pick("take", "closed"):
        assert isinstance(r.check, Numbering)
        duplicates = r.check.duplicates + len(r.answers) - len(set(r.answers))
        gaps = r.check.gaps + abs(r.check.counter - r.check.tickets)
        yield row(r, f"{r.run.rate(201):.0f}", duplicates, gaps)

    yield f"\n### Call next: `POST /api/v1/windows/{{n}}/call-next`, {WINDOWS} windows, closed loop, "
    yield f"{args.saturation_seconds:.0f} s ({args.tickets} waiting at the start)\n\n"
    yield f"| database | hall processes | calls/s | p50 ms | p99 ms | ticket called twice | lost | errors | {busy} |\n"
    yield "|---|---|---|---|---|---|---|---|---|---|\n"
    for r in pick("call", "closed"):
        assert isinstance(r.check, Calls)
        twice = len(r.answers) - len(set(r.answers)) + r.check.serving_twice
        lost = abs(args.tickets - r.check.waiting - r.check.called) + abs(r.check.called - len(set(r.answers)))
        yield row(r, f"{r.run.rate(200):.0f}", twice, lost)

    yield f"\n### Open loop: {args.rate:.0f} requests/s offered for {args.seconds:.0f} s, latency from the scheduled "
    yield "send time\n\n"
    yield "| database | hall processes | operation | p50 ms | p99 ms | answered/s | max ms | client send lag p99 ms "
    yield f"| p99 < 50 ms | errors | {busy} |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    for r in pick("take", "open") + pick("call", "open"):
        lat, lags = r.run.latencies(), r.run.lags()
        met = "yes" if percentile(lat, 0.99) < TARGET_P99 else "**no**"
        name = "take-number" if r.operation == "take" else "call-next"
        yield row(r, name, f"{r.run.rate(OK[r.operation]):.0f}", ms(lat[-1]), ms(percentile(lags, 0.99)), met)

    yield f"\n### Take-number against a bare insert of the same rows (one transaction per row, {args.baseline_rows} "
    yield "rows, same database)\n\n"
    yield "| database | hall processes | bare insert, rows/s | queue engine without HTTP, tickets/s (CPU share) "
    yield "| HTTP, 50 clients, tickets/s | HTTP ÷ bare insert |\n|---|---|---|---|---|---|\n"
    for r in pick("take", "closed"):
        bare, engine, share = env.baseline[r.setup.backend]
        yield (f"| {r.setup.backend} | {r.setup.workers} | {bare:.0f} | {engine:.0f} ({share:.0%}) "
               f"| {r.run.rate(201):.0f} | {r.run.rate(201) / bare:.2f} |\n")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite-workers", type=int, nargs="*", default=[1], help="hall processes on SQLite")
    parser.add_argument("--pg-workers", type=int, nargs="*", default=[1, 2], help="hall processes on PostgreSQL")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients in the saturation runs")
    parser.add_argument("--saturation-seconds", type=float, default=6, help="length of the saturation runs")
    parser.add_argument("--tickets", type=int, default=999, help="most tickets per saturation run (the daily cap)")
    parser.add_argument("--rate", type=float, default=100, help="offered load of the open-loop runs, per second")
    parser.add_argument("--seconds", type=float, default=5, help="length of the open-loop runs")
    parser.add_argument("--repeat", type=int, default=1, help="open-loop runs per setup (a row each, fresh database)")
    parser.add_argument("--baseline-rows", type=int, default=300, help="rows of the no-HTTP baselines")
    parser.add_argument(
        "--server-tree",
        type=Path,
        default=REPO,
        help="serve the hall from this checkout, e.g. an older commit's from `git worktree add`, to compare code "
        "on the same machine (the client and the database set-up stay this checkout's)",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= WINDOWS:
        parser.error(f"--clients must be 1 to {WINDOWS}")
    setups = [Setup("sqlite", n) for n in args.sqlite_workers] + [Setup("postgresql", n) for n in args.pg_workers]
    started = time.monotonic()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hall-bench-")))
        cluster = stack.enter_context(throwaway_cluster(durable=True)) if args.pg_workers else None
        env = Environment(folder, cluster, write_config(folder), time.time(), args)
        for backend in dict.fromkeys(s.backend for s in setups):
            env.baseline[backend] = baselines(backend, env)
        results = []
        for setup in setups:
            for operation in ("take", "call"):
                for loop in ["closed"] + ["open"] * args.repeat:
                    results.append(scenario(setup, operation, loop, env))
                    print(f"... {setup.backend} ×{setup.workers} {operation} {loop} loop: done", flush=True)
    print("".join(tables(results, env)))
    print(f"(whole run {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
