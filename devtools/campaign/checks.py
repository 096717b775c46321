"""The invariants checked once the campaign's outbox has drained, on the kiosk's and the hall's SQLite files as they
are on disk, and the printer's cut receipts.

- no queue number issued twice (per service day and category);
- every filing, rating and payment the robot saw done is in the kiosk's store and at the hall exactly once, with
  the filing's attachment bytes equal; nothing at the hall twice;
- no more documents recorded as printed than the printer cut, and every receipt said printed recorded so;
- nothing waits in the outbox;
- no attachment file is left in the kiosk's data dir that no filing names (a save cut short leaves a citizen's
  document behind, which retention would never remove).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hall.attachments import AttachmentStore
from kiosk.store.attachment_files import ATTACHMENTS_DIR
from kiosk.store.database import STORE_FILE


@dataclass
class Done:
    """What the robot printed ``done`` for, over every run, each with the run it happened in."""

    tickets: dict[str, tuple[str, bool, int]] = field(default_factory=dict)  # id -> (number, printed, run)
    filings: dict[str, tuple[str, list[str], int]] = field(default_factory=dict)  # id -> (number, shas, run)
    receipts: dict[str, tuple[bool, int]] = field(default_factory=dict)  # filing number or order -> (printed, run)
    ratings: dict[str, int] = field(default_factory=dict)  # filing number -> run
    payments: dict[str, int] = field(default_factory=dict)  # order number -> run
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, lines: list[str], run: int) -> None:
        for line in lines:
            words = line.split()
            if len(words) < 3 or words[0] != "done":
                continue
            kind, key = words[1], words[2]
            self.kinds[kind] += 1
            if kind == "ticket":
                self.tickets[key] = (words[3], words[4] == "printed=True", run)
            elif kind == "filing":
                self.filings[key] = (words[3], words[4].removeprefix("sha=").split(","), run)
            elif kind in ("receipt", "payreceipt"):
                self.receipts[key] = (words[3] == "printed=True", run)
            elif kind == "rating":
                self.ratings[key] = run
            elif kind == "payment":
                self.payments[key] = run


class Place(Protocol):
    """Where the campaign's files are (devtools/campaign/world.py ``World``)."""

    @property
    def hall_db(self) -> Path: ...
    @property
    def hall_dir(self) -> Path: ...
    @property
    def kiosk_data(self) -> Path: ...
    def printed_receipts(self) -> int: ...


@contextlib.contextmanager
def _read(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def _hex(key: str) -> str:
    return key.replace("-", "").lower()


def _rows(connection: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return connection.execute(sql, args).fetchall()


def check(place: Place, done: Done, seed: int, runs: int) -> list[str]:
    """Every violation, each naming the seed and the runs that replay it."""
    found: list[str] = []
    with _read(place.hall_db) as hall, _read(place.kiosk_data / STORE_FILE) as kiosk:
        found += _tickets(hall, kiosk, done)
        found += _filings(hall, kiosk, done, place.hall_dir / "attachments")
        found += _ratings(hall, kiosk, done)
        found += _payments(hall, kiosk, done)
        found += _printing(kiosk, done, place.printed_receipts())
        found += _left_files(kiosk, place.kiosk_data / ATTACHMENTS_DIR)
        pending = _rows(kiosk, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")[0][0]
        if pending:
            found.append(f"{pending} messages still wait in the outbox after the drain")
    return [f"seed {seed} runs {runs}: {violation}" for violation in found]


def _tickets(hall: sqlite3.Connection, kiosk: sqlite3.Connection, done: Done) -> list[str]:
    found = [
        f"queue number {number} issued {count} times on {day}"
        for day, category, number, count in _rows(
            hall,
            "SELECT service_day, issued_category, number, count(*) FROM ticket "
            "GROUP BY service_day, issued_category, number HAVING count(*) > 1",
        )
    ]
    at_hall = {row[0] for row in _rows(hall, "SELECT id FROM ticket")}
    kept = {row[0]: bool(row[1]) for row in _rows(kiosk, "SELECT id, printed FROM issued_ticket")}
    for ticket_id, (number, printed, run) in done.tickets.items():
        if _hex(ticket_id) not in at_hall:
            found.append(f"ticket {number} (run {run}) is not at the hall")
        if _hex(ticket_id) not in kept:
            found.append(f"ticket {number} (run {run}) is not in the kiosk's store")
        elif printed and not kept[_hex(ticket_id)]:
            found.append(f"ticket {number} (run {run}) was said printed but the kiosk's store says not")
    return found


def _filings(hall: sqlite3.Connection, kiosk: sqlite3.Connection, done: Done, attachments: Path) -> list[str]:
    found = [
        f"filing number {number} at the hall {count} times"
        for number, count in _rows(hall, "SELECT number, count(*) FROM filing GROUP BY number HAVING count(*) > 1")
    ]
    at_hall = {row[0]: json.loads(row[1]) for row in _rows(hall, "SELECT id, attachments FROM filing")}
    kept = {row[0] for row in _rows(kiosk, "SELECT id FROM filing")}
    store = AttachmentStore(attachments)
    for filing_id, (number, shas, run) in done.filings.items():
        if _hex(filing_id) not in kept:
            found.append(f"filing {number} (run {run}) is not in the kiosk's store")
        held = at_hall.get(_hex(filing_id))
        if held is None:
            found.append(f"filing {number} (run {run}) is not at the hall")
            continue
        if [a["sha256"] for a in held] != shas:
            found.append(f"filing {number} (run {run}): the hall lists other attachments than were filed")
        for sha in shas:
            path = store.path_for(sha)
            if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                found.append(f"filing {number} (run {run}): attachment {sha[:12]} differs or is missing at the hall")
    return found


def _ratings(hall: sqlite3.Connection, kiosk: sqlite3.Connection, done: Done) -> list[str]:
    found = [
        f"filing {filing} rated {count} times at the hall ({stage})"
        for filing, stage, count in _rows(
            hall,
            "SELECT filing_id, stage, count(*) FROM rating WHERE filing_id IS NOT NULL "
            "GROUP BY filing_id, stage HAVING count(*) > 1",
        )
    ]
    at_hall = Counter(row[0] for row in _rows(hall, "SELECT filing_id FROM rating WHERE filing_id IS NOT NULL"))
    kept = Counter(
        json.loads(row[0]).get("filing_id") for row in _rows(kiosk, "SELECT payload FROM outbox WHERE kind = 'rating'")
    )
    for number, run in done.ratings.items():
        if at_hall[number] != 1:
            found.append(f"the rating of filing {number} (run {run}) is at the hall {at_hall[number]} times")
        if kept[number] != 1:
            found.append(f"the rating of filing {number} (run {run}) is in the kiosk's outbox {kept[number]} times")
    return found


def _payments(hall: sqlite3.Connection, kiosk: sqlite3.Connection, done: Done) -> list[str]:
    found = []
    paid = {row[0]: row[1] for row in _rows(hall, "SELECT order_no, status FROM payment_order")}
    for order_no, run in done.payments.items():
        if paid.get(order_no) != "paid":
            found.append(f"payment {order_no} (run {run}) is {paid.get(order_no) or 'missing'} at the hall")
    return found


def _printing(kiosk: sqlite3.Connection, done: Done, cut: int) -> list[str]:
    found = []
    printed = _rows(kiosk, "SELECT count(*) FROM print_job WHERE state = 'printed'")[0][0]
    if printed > cut:
        found.append(f"{printed} documents recorded as printed, but the printer cut only {cut}")
    recorded = {row[0] for row in _rows(kiosk, "SELECT reference FROM print_job WHERE state = 'printed'")}
    for reference, (said, run) in done.receipts.items():
        if said and reference not in recorded:
            found.append(f"the receipt of {reference} (run {run}) was said printed but is not recorded so")
    return found


def _left_files(kiosk: sqlite3.Connection, directory: Path) -> list[str]:
    named = {row[0] for row in _rows(kiosk, "SELECT sha256 FROM filing_attachment")}
    left = sorted(path.name for path in directory.iterdir() if path.name not in named) if directory.is_dir() else []
    if not left:
        return []
    return [f"{len(left)} attachment files in the kiosk's data dir that no filing names, e.g. {left[0][:20]}"]
