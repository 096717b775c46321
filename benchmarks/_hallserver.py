"""The hall as the queue benchmark serves it: uvicorn in its own process(es), a bench config and clock, CPU use."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI

from devtools.ports import free_port
from hall.server import build_hall, settle_for_serving

CATEGORY = "S"  # 自助服务: always open, so opening hours never refuse a number
FIRST_WINDOW, WINDOWS = 101, 50  # bench windows serving S, one per window-pad client
# The hall's clock starts on a Monday morning and runs at real speed: tickets get real, increasing times, and a
# run never crosses the local midnight that would start a new service day.
START = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REPO = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = REPO / "config"


def bench_clock(epoch: float) -> datetime:
    return START + timedelta(seconds=time.time() - epoch)


def write_config(folder: Path) -> Path:
    """The shipped hall.toml plus windows that serve the self-service category."""
    extra = "".join(
        f'\n[[windows]]\nnumber = {n}\nname = "压测{n}号窗口"\ncategories = ["{CATEGORY}"]\n'
        for n in range(FIRST_WINDOW, FIRST_WINDOW + WINDOWS)
    )
    path = folder / "hall.toml"
    path.write_text((SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def create() -> FastAPI:
    """uvicorn's app factory, run in each server process; the benchmark passes its settings in the environment."""
    epoch = float(os.environ["HALL_BENCH_EPOCH"])
    hall = build_hall(
        Path(os.environ["HALL_BENCH_CONFIG"]), os.environ["HALL_BENCH_DB"], clock=lambda: bench_clock(epoch)
    )
    settle_for_serving()  # as `kiosk hall serve` does
    return hall.app


@contextlib.contextmanager
def serve(config: Path, db_url: str, epoch: float, workers: int, tree: Path = REPO) -> Iterator[tuple[str, int]]:
    """The hall on a free loopback port in a uvicorn process (a supervisor and ``workers`` children when more than
    one); yields the base URL and the pid, and stops it afterwards. ``tree`` is the checkout whose code serves
    (another commit's, to compare; its ``kiosk`` is found first because uvicorn runs there)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hall-bench-") as data, (Path(data) / "server.log").open("w+") as log:
        env = {
            **os.environ,
            "KIOSK_DATA_DIR": data,
            "HALL_BENCH_CONFIG": str(config),
            "HALL_BENCH_DB": db_url,
            "HALL_BENCH_EPOCH": repr(epoch),
        }
        command = [sys.executable, "-m", "uvicorn", "benchmarks._hallserver:create", "--factory",
                   "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                   "--no-access-log", "--log-level", "warning"]  # fmt: skip
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(f"http://127.0.0.1:{port}", workers, process, log)
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(base: str, workers: int, process: subprocess.Popen[bytes], log: IO[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the hall server exited at start-up:\n{log.read()}")
        with contextlib.suppress(httpx.HTTPError):
            answered = httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200
            # Every worker process must be up, not only the first, or the first seconds measure start-up.
            if answered and len(descendants(process.pid)) >= workers + (1 if workers > 1 else 0):
                return
        time.sleep(0.2)
    raise RuntimeError("the hall server did not answer within 60 s")


def _processes() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) for every process readable in /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    table: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it ended while we looked
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return table


def descendants(root: int, table: dict[int, tuple[int, float]] | None = None) -> set[int]:
    """``root`` and every process below it."""
    table = table if table is not None else _processes()
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _cpu) in table.items() if ppid == parent]
        found.update(children)
        frontier.extend(children)
    return found & set(table)


def cpu_seconds(roots: list[int]) -> dict[int, float]:
    """CPU seconds used so far by each process in the trees under ``roots``."""
    table = _processes()
    return {pid: table[pid][1] for root in roots for pid in descendants(root, table)}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots; a process that started in between counts from zero."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_cpu() -> tuple[float, float]:
    """CPU seconds so far of the whole machine, all cores: busy, and stolen by the hypervisor for other guests."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick
