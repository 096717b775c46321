"""What `kiosk audit` (the kiosk's log) and `kiosk hall audit` (the hall's) print and write: one line per entry,
an export as CSV or JSON lines, and the verdict of a chain check."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC
from pathlib import Path

from common.auditchain import StoredEntry, csv_lines, jsonl_lines


def entry_line(entry: StoredEntry) -> str:
    """One entry on one line: id, time (UTC), who(role), action, target, address, outcome, detail."""
    row = entry.fields
    return (
        f"{row.id:>6}  {row.at.astimezone(UTC).isoformat(timespec='seconds')}  {row.actor}({row.role})  "
        f"{row.action}  {row.target or '-'}  {row.address}  {row.outcome}  {row.detail}"
    )


def write_export(entries: Iterable[StoredEntry], form: str, output: Path | None) -> None:
    """``entries`` as CSV (``form`` "csv") or JSON lines, to ``output`` or standard output."""
    lines = csv_lines(entries) if form == "csv" else jsonl_lines(entries)
    if output is None:
        sys.stdout.writelines(lines)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        out.writelines(lines)


def report_verify(count: int, head: str, problems: list[str]) -> int:
    """Print a chain check's verdict; the exit status: 1 when the chain is broken."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"审计日志已被篡改 / the audit log was tampered with: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"审计日志完好 / the audit log is intact: {count} entries, last hash {head}")
    return 0
