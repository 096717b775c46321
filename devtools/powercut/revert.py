"""Undoing, after a kill, what the journal shows was never made durable: the model of a power cut.

Durable means: a file's data and size up to its last fsync/fdatasync (or a sync()); a creation or a rename
once its (new) parent directory was fsynced afterwards. Everything later is lost (``drop_all``) or, with a
seeded random choice, lost in part: each 4 KiB page of a file independently keeps its writes up to a random
point in their order, the file's size is one of the sizes it had since its durable point, and each file's
creations and renames since its last durable one are undone from a random point on (later first).
"""

from __future__ import annotations

import os
import random
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from devtools.powercut.journal import Kind, Record

PAGE = 4096
Key = tuple[int, int, int]  # device, inode, incarnation (an inode number is reused after the file dies)


@dataclass
class CutReport:
    records: int = 0  # journal records read
    writes_dropped: int = 0  # data records (writes, truncations) undone wholly or in part
    pages_reverted: int = 0  # (file, page) pairs given back older bytes
    files_resized: int = 0  # files whose size went back to an earlier one
    files_removed: int = 0  # files whose creation was never durable, removed
    dirs_removed: int = 0  # directories made and never made durable, removed with their contents
    renames_undone: int = 0
    shm_removed: int = 0  # SQLite WAL indexes deleted (mmap'd writes are not journaled)
    changed: list[str] = field(default_factory=list)  # paths touched by the cut, sorted


@dataclass
class _Plan:
    data: dict[Key, list[Record]] = field(default_factory=lambda: defaultdict(list))
    names: dict[Key, list[Record]] = field(default_factory=lambda: defaultdict(list))
    live_key: dict[tuple[int, int], Key] = field(default_factory=dict)


def _plan(records: list[Record]) -> _Plan:
    """The undurable data and namespace records of each file incarnation, in journal order."""
    generation: dict[tuple[int, int], int] = defaultdict(int)
    data: dict[Key, list[Record]] = defaultdict(list)
    names: dict[Key, list[Record]] = defaultdict(list)
    for record in records:
        if record.kind is Kind.SYNCALL:
            data.clear()
            names.clear()
            continue
        inode = record.inode
        key = (*inode, generation[inode])
        if record.kind is Kind.DATA:
            data[key].append(record)
        elif record.kind is Kind.SYNC:
            data.pop(key, None)
        elif record.kind is Kind.DIRSYNC:
            for ops in names.values():
                last = max((i for i, op in enumerate(ops) if (op.fields[2], op.fields[3]) == inode), default=-1)
                del ops[: last + 1]
        elif record.kind in (Kind.CREATE, Kind.RENAME):
            if record.kind is Kind.RENAME and record.fields[4]:
                _die(generation, data, names, (record.fields[0], record.fields[4]))
            names[key].append(record)
        elif record.kind is Kind.UNLINK and record.fields[2] <= 1:
            _die(generation, data, names, inode)
    live_key = {(k[0], k[1]): k for k in (*data, *names) if k[2] == generation[(k[0], k[1])]}
    return _Plan(data, names, live_key)


def _die(
    generation: dict[tuple[int, int], int],
    data: dict[Key, list[Record]],
    names: dict[Key, list[Record]],
    inode: tuple[int, int],
) -> None:
    key = (*inode, generation[inode])
    data.pop(key, None)
    names.pop(key, None)
    generation[inode] += 1


def _live_files(watched_dir: Path) -> dict[tuple[int, int], Path]:
    found: dict[tuple[int, int], Path] = {}
    for root, _dirs, files in os.walk(watched_dir):
        for name in files:
            path = Path(root) / name
            st = path.lstat()
            found[(st.st_dev, st.st_ino)] = path
    return found


def _undo_in(fd: int, record: Record, start: int, end: int) -> None:
    """Give [start, end) ∩ the record's range its bytes from before the record (zeros past the old size)."""
    offset, length, old_size = record.fields[2], record.fields[3], record.fields[4]
    lo, hi = max(start, offset), min(end, offset + length)
    if lo >= hi:
        return
    old = record.data[lo - offset : hi - offset] if lo < old_size else b""
    os.pwrite(fd, old + bytes(hi - lo - len(old)), lo)


def _revert_data(path: Path, ops: list[Record], rng: random.Random | None, report: CutReport) -> None:
    pages: dict[int, list[Record]] = defaultdict(list)
    for op in ops:
        offset, length = op.fields[2], op.fields[3]
        for page in range(offset // PAGE, (offset + max(length, 1) - 1) // PAGE + 1):
            pages[page].append(op)
    dropped: set[int] = set()
    fd = os.open(path, os.O_WRONLY)
    try:
        for page in sorted(pages):
            touching = pages[page]
            keep = 0 if rng is None else rng.randint(0, len(touching))
            for op in reversed(touching[keep:]):
                _undo_in(fd, op, page * PAGE, (page + 1) * PAGE)
                dropped.add(op.seq)
            report.pages_reverted += keep < len(touching)
        sizes = [op.fields[4] for op in ops] + [os.fstat(fd).st_size]
        size = sizes[0] if rng is None else sizes[rng.randint(0, len(ops))]
        if size != os.fstat(fd).st_size:
            os.ftruncate(fd, size)
            report.files_resized += 1
    finally:
        os.close(fd)
    report.writes_dropped += len(dropped)
    if dropped:
        report.changed.append(str(path))


def _undo_name(op: Record, report: CutReport) -> None:
    inode = op.inode
    if op.kind is Kind.CREATE:
        path = Path(op.path)
        if path.exists() and (path.lstat().st_dev, path.lstat().st_ino) == inode:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)  # a directory never made durable goes with all it holds
                report.dirs_removed += 1
            else:
                path.unlink()
                report.files_removed += 1
            report.changed.append(op.path)
        return
    in_old, in_new = op.fields[6], op.fields[7]
    new = Path(op.path2)
    if not (in_new and new.exists() and (new.lstat().st_dev, new.lstat().st_ino) == inode):
        return
    if not in_old:
        new.unlink()  # it came from outside the watched dir: it vanishes from here
    elif Path(op.path).parent.is_dir():
        new.rename(op.path)
    else:
        return  # its old directory is gone too: it stays where it is
    if op.fields[5]:
        new.write_bytes(op.data)  # the file it replaced comes back
    report.renames_undone += 1
    report.changed.extend([op.path, op.path2])


def revert(watched_dir: Path, records: list[Record], rng: random.Random | None) -> CutReport:
    """Undo what was not durable in ``watched_dir``: everything (``rng`` None) or a seeded random part."""
    report = CutReport(records=len(records))
    plan = _plan(records)
    live = _live_files(watched_dir)
    for inode, path in sorted(live.items(), key=lambda item: str(item[1])):
        key = plan.live_key.get(inode)
        if key is not None and plan.data.get(key):
            _revert_data(path, plan.data[key], rng, report)
    undone: list[Record] = []
    for key in sorted(plan.names, key=lambda k: plan.names[k][0].seq if plan.names[k] else 0):
        ops = plan.names[key]
        keep = 0 if rng is None else rng.randint(0, len(ops))
        undone.extend(ops[keep:])
    for op in sorted(undone, key=lambda r: r.seq, reverse=True):
        _undo_name(op, report)
    for shm in sorted(watched_dir.rglob("*-shm")):
        shm.unlink()
        report.shm_removed += 1
    report.changed = sorted(set(report.changed))
    return report
