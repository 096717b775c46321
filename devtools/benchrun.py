"""Running the benchmarks for ``make bench``: each in a process of its own, bounded, into docs/benchmarks.md.

``run`` finds every ``*.py`` in the benchmarks directory not starting with ``_`` (the runner itself aside), runs
each with the arguments and time limit of its ``Entry`` (a benchmark without one runs with no arguments and
``DEFAULT``'s limit), stops one that passes its limit (its whole process group: the servers it started too),
and writes each one's section (devtools/benchdoc.py). A failure or a timeout is written down, never fatal.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from devtools.benchdoc import Outcome, Provenance, document, section


@dataclass(frozen=True)
class Entry:
    """How the runner runs one benchmark: its arguments and time limit, and those of ``--long``."""

    args: tuple[str, ...] = ()
    timeout_s: float = 1800.0
    long_args: tuple[str, ...] | None = None  # None: the same as args
    long_timeout_s: float = 3 * 3600.0
    env: Mapping[str, str] = field(default_factory=dict)

    def chosen(self, long: bool) -> tuple[tuple[str, ...], float]:
        if long:
            return (self.long_args if self.long_args is not None else self.args), self.long_timeout_s
        return self.args, self.timeout_s


DEFAULT = Entry()
STOP_GRACE_S = 10.0  # after SIGTERM to a timed-out benchmark's group, before SIGKILL


def discover(directory: Path, exclude: Iterable[str] = ()) -> list[str]:
    """The benchmarks' names: every ``*.py`` not starting with ``_``, those in ``exclude`` left out."""
    left_out = set(exclude)
    return sorted(p.stem for p in directory.glob("*.py") if not p.name.startswith("_") and p.stem not in left_out)


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def provenance(root: Path, doc: Path) -> Provenance:
    """Now, HEAD and whether the tree differs from it (the benchmarks document itself does not count)."""
    changed = [line for line in _git(root, "status", "--porcelain").splitlines() if not line.endswith(doc.name)]
    return Provenance(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_git(root, "rev-parse", "--short", "HEAD") or "unknown",
        dirty=bool(changed),
        machine=machine_line(),
    )


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def cpu_model() -> str:
    found = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.MULTILINE)
    return found.group(1).strip() if found else (platform.processor() or platform.machine())


def ram_gib() -> float:
    found = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    return int(found.group(1)) / 1024 / 1024 if found else 0.0


def os_name() -> str:
    found = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', _read("/etc/os-release"), re.MULTILINE)
    return f"{found.group(1) if found else platform.system()}, kernel {platform.release()}"


def postgres_version() -> str:
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    for command in ([str(binaries[-1])] if binaries else []) + ["postgres", "psql"]:
        try:
            done = subprocess.run([command, "--version"], capture_output=True, text=True, check=False, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return done.stdout.strip()
    return "not installed"


def machine_line() -> str:
    return f"{cpu_model()}, {os.cpu_count()} cores, {ram_gib():.1f} GiB RAM"


def machine_details(when: Provenance) -> str:
    tree = " (with uncommitted changes)" if when.dirty else ""
    return "\n".join(
        [
            f"- CPU: {cpu_model()}, {os.cpu_count()} cores",
            f"- RAM: {ram_gib():.1f} GiB",
            f"- OS: {os_name()}",
            f"- Python: {platform.python_version()} ({sys.executable})",
            f"- PostgreSQL: {postgres_version()}",
            f"- run: {when.date}, commit `{when.commit}`{tree}",
        ]
    )


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the benchmark's process group, SIGKILL after STOP_GRACE_S if it is still there."""
    for sent, grace in ((signal.SIGTERM, STOP_GRACE_S), (signal.SIGKILL, 30.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sent)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def run_one(directory: Path, name: str, entry: Entry, *, long: bool, cwd: Path) -> Outcome:
    """Run one benchmark with this python, in its own session, output to files (never a pipe that fills)."""
    args, timeout_s = entry.chosen(long)
    script = directory / f"{name}.py"
    shown = script.relative_to(cwd) if script.is_relative_to(cwd) else script
    command = shlex.join([".venv/bin/python" if cwd != directory else "python", str(shown), *args])
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen", **entry.env}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, str(script), *args], cwd=cwd, env=env, stdout=out, stderr=err,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        code: int | None
        try:
            code = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _stop_group(process)
            code = None
        took = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode("utf-8", errors="replace") for f in (out, err))
    return Outcome(name, command, took, code, timeout_s, stdout, stderr)


def run(
    directory: Path,
    table: Mapping[str, Entry],
    doc: Path,
    *,
    only: Iterable[str] = (),
    long: bool = False,
    root: Path,
    exclude: Iterable[str] = (),
    say: Callable[[str], None] = print,
) -> list[Outcome]:
    """Run the benchmarks (all, or ``only`` those) and write ``doc``, keeping the sections of any not run."""
    found = discover(directory, exclude)
    chosen = list(dict.fromkeys(only)) or found
    unknown = [name for name in chosen if name not in found]
    if unknown:
        raise ValueError(f"no such benchmark: {', '.join(unknown)} (there are: {', '.join(found)})")
    outcomes: list[Outcome] = []
    sections: dict[str, str] = {}
    earlier = doc.read_text(encoding="utf-8") if doc.exists() else ""
    for number, name in enumerate(chosen, 1):
        say(f"[{number}/{len(chosen)}] {name} ...")
        outcome = run_one(directory, name, table.get(name, DEFAULT), long=long, cwd=root)
        say(f"[{number}/{len(chosen)}] {name}: {outcome.status()}")
        outcomes.append(outcome)
        when = provenance(root, doc)
        sections[name] = section(outcome, when)
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(document(machine_details(when), sections, earlier), encoding="utf-8")  # after each one
    return outcomes
