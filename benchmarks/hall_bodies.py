"""Request bodies at the hall: huge chunked bodies without a token against the server's memory, and the
throughput of 5 MB attachment uploads on loopback against a bare server that only reads the same bytes.

    .venv/bin/python benchmarks/hall_bodies.py [--before CHECKOUT] [--uploads 20]

``--before`` runs the memory scenario on another checkout's code too (e.g. a worktree of the commit before the
body limit counted chunked bodies), with the same client in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import requests
from starlette.types import Receive, Scope, Send

from benchmarks._halldb import tokens
from benchmarks._hallserver import REPO, cpu_seconds, cpu_used, serve, write_config
from devtools.ports import free_port
from hall.tokens import Role

MB = 1024 * 1024
HUGE = 100 * MB  # each of the four bodies without a token, as in the report that found the problem
UPLOAD = 5 * MB


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (resident now) and VmHWM (highest so far) of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")}


def huge_chunked(base: str, path: str, sent: list[int]) -> str:
    """POST ``HUGE`` bytes with chunked framing and no token; what came back (or how the connection ended)."""

    def body() -> Iterator[bytes]:
        piece = b"{" + b" " * (64 * 1024 - 1)
        for _ in range(HUGE // len(piece)):
            sent.append(len(piece))
            yield piece

    try:
        return str(requests.post(base + path, data=body(), headers={"Content-Type": "application/json"}).status_code)
    except requests.ConnectionError:
        return "closed"


def memory_scenario(tree: Path, folder: Path) -> str:
    config = write_config(folder)
    db_url = f"sqlite:///{folder / f'memory-{tree.name}.db'}"
    tokens(db_url)  # migrated before the server starts
    with serve(config, db_url, time.time(), 1, tree) as (base, pid):
        requests.post(f"{base}/api/v1/ratings", data=b"{}")  # the route's first use, not the bodies' doing
        before = memory_mb(pid)
        sent: list[list[int]] = [[] for _ in range(4)]
        answers: list[str] = ["" for _ in range(4)]
        started = time.monotonic()

        def one(index: int) -> None:
            answers[index] = huge_chunked(base, "/api/v1/ratings", sent[index])

        threads = [threading.Thread(target=one, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        time.sleep(1.0)  # let the server finish with whatever it still had
        after = memory_mb(pid)
    label = "this tree" if tree == REPO else f"`--before {tree}`"
    sent_mb = sum(sum(s) for s in sent) / MB
    return (
        f"| {label} | {before['VmRSS']:.0f} | {after['VmHWM']:.0f} | {after['VmRSS']:.0f} | {sent_mb:.0f} "
        f"| {', '.join(sorted(answers))} | {elapsed:.1f} |"
    )


async def sink(scope: Scope, receive: Receive, send: Send) -> None:
    """The baseline server: reads a request's body and throws it away, answers 201."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False) and message["type"] == "http.request"
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


@contextlib.contextmanager
def serve_sink() -> Iterator[tuple[str, int]]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "benchmarks.hall_bodies:sink", "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                httpx.put(f"http://127.0.0.1:{port}/", content=b"")
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the bare server did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def uploads(base: str, pid: int, files: list[bytes], headers: dict[str, str]) -> tuple[float, float, float, str]:
    """PUT each file once; MB/s over all, median ms per file, server CPU ms per file, the statuses seen."""
    times: list[float] = []
    statuses: set[int] = set()
    cpu_before = cpu_seconds([pid])
    with httpx.Client(timeout=60) as client:
        started = time.monotonic()
        for data in files:
            one = time.monotonic()
            url = f"{base}/api/v1/attachments/{hashlib.sha256(data).hexdigest()}"
            statuses.add(client.put(url, content=data, headers=headers).status_code)
            times.append(time.monotonic() - one)
        elapsed = time.monotonic() - started
    cpu = cpu_used(cpu_before, cpu_seconds([pid]))
    total = sum(len(data) for data in files) / MB
    return total / elapsed, statistics.median(times) * 1000, cpu * 1000 / len(files), ", ".join(map(str, statuses))


def upload_scenario(folder: Path, count: int) -> list[str]:
    config = write_config(folder)
    db_url = f"sqlite:///{folder / 'uploads.db'}"
    kiosk = tokens(db_url)[Role.KIOSK]
    headers = {"Authorization": f"Bearer {kiosk}", "Content-Type": "image/jpeg"}
    files = [b"\xff\xd8\xff\xe0" + os.urandom(UPLOAD - 4) for _ in range(count)]
    with serve_sink() as (base, pid):
        bare = uploads(base, pid, files, headers)
    with serve(config, db_url, time.time(), 1) as (base, pid):
        hall = uploads(base, pid, files, headers)
        again = uploads(base, pid, files[:5], headers)  # already stored: answered without reading the body
    rows = []
    for name, (rate, median, cpu, statuses) in [("bare server (reads, discards)", bare), ("hall", hall)]:
        rows.append(f"| {name} | {count} | {rate:.0f} | {median:.0f} | {cpu:.0f} | {statuses} |")
    rows.append(f"| hall, already stored | 5 | — | {again[1]:.0f} | {again[2]:.0f} | {again[3]} |")
    rows.append(f"\nhall ÷ bare server throughput: {hall[0] / bare[0]:.2f}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout to run the memory scenario on as well")
    parser.add_argument("--uploads", type=int, default=20, help="5 MB files to upload (default 20)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hall-bodies-") as temporary:
        folder = Path(temporary)
        print("### Four 100 MB chunked POSTs without a token at once, one hall process (memory in MB)\n")
        print("| code | RSS before | peak RSS | RSS after | MB the clients got out | answers | seconds |")
        print("|---|---|---|---|---|---|---|")
        for tree in [options.before, REPO] if options.before else [REPO]:
            print(memory_scenario(tree.resolve(), folder), flush=True)
        print(f"\n### 5 MB attachment uploads on loopback, one after another ({options.uploads} files)\n")
        print("| server | files | MB/s | ms per file (median) | server CPU ms per file | answers |")
        print("|---|---|---|---|---|---|")
        for row in upload_scenario(folder, options.uploads):
            print(row)


if __name__ == "__main__":
    main()
