"""What the soak measures, from outside each process: RSS (VmRSS in /proc/PID/status), open file descriptors
(/proc/PID/fd) and threads (/proc/PID/task); and the sizes of groups of files (a database with its WAL, a log with
its rotated copies, the attachment store)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ProcessSample:
    pid: int
    rss_kb: int
    fds: int
    threads: int


def sample_process(pid: int) -> ProcessSample | None:
    """One process's figures; None when it is gone (stopped, restarting)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
        fds = sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
        threads = sum(1 for _ in Path(f"/proc/{pid}/task").iterdir())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return ProcessSample(pid, rss, fds, threads)


@dataclass(frozen=True)
class Files:
    """Files under ``directory`` whose names match any of ``patterns`` (glob, searched recursively)."""

    directory: Path
    patterns: tuple[str, ...]

    def size(self) -> int:
        total = 0
        for pattern in self.patterns:
            for path in self.directory.rglob(pattern):
                try:
                    total += path.stat().st_size if path.is_file() else 0
                except FileNotFoundError:
                    continue  # rotated or pruned between the listing and the look
        return total


@dataclass
class Sample:
    """Everything at one moment: seconds since the start, each process (None: not running), each file group."""

    at_s: float
    processes: dict[str, ProcessSample | None]
    sizes: dict[str, int]
    events: dict[str, int] = field(default_factory=dict)


def take_sample(
    at_s: float, pids: Mapping[str, Callable[[], int | None]], files: Mapping[str, Files], events: dict[str, int]
) -> Sample:
    processes = {}
    for name, pid in pids.items():
        number = pid()
        processes[name] = sample_process(number) if number is not None else None
    return Sample(at_s, processes, {name: group.size() for name, group in files.items()}, dict(events))
