"""The kiosk's database locked by another process (BEGIN EXCLUSIVE held past the store's busy timeout): a number
is still given and printed, a filing is refused in words with nothing half-stored, each said in one log line
without a traceback; once the lock is released everything is kept again, with no restart."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from drivers.sim.printer import VirtualPrinter
from hall.server import Hall
from kiosk.station.hall import StationHall
from kiosk.store import OutboxMessage, Store
from kiosk.store.filings import BUSY_WORDS, FilingNotSaved
from tests.kiosk.hallclient.filing_fixtures import filing, filing_store, photo
from tests.support.hall import served
from tests.support.processes import Running

pytestmark = pytest.mark.e2e  # another process, a hall over HTTP, the printer simulator

MakeKiosk = Callable[[str], StationHall]

HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
print("released", flush=True)
"""


@contextmanager
def locked_by_another_process(store: Store) -> Iterator[Running]:
    """Another process holds the store's write lock until the block ends."""
    with Running([sys.executable, "-c", HOLDER, str(store.path)], stdin=subprocess.PIPE) as holder:
        holder.out.wait_for("locked")
        try:
            yield holder
        finally:
            assert holder.process.stdin is not None
            holder.process.stdin.write("\n")
            holder.process.stdin.flush()
            holder.out.wait_for("released")


def store_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "database locked by another process" in r.getMessage()]


def test_a_number_is_given_and_printed_while_the_store_is_locked_and_kept_again_after(
    hall: Hall,
    make_kiosk: MakeKiosk,
    printer_sim: VirtualPrinter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with served(hall.app) as url:
        kiosk = make_kiosk(url)
        before = kiosk.take_number("A")
        with caplog.at_level(logging.INFO), locked_by_another_process(kiosk.store):
            during = kiosk.take_number("A")
            kiosk.rate(5, [], ticket_code=None)
        after = kiosk.take_number("A")
    assert [before.number, during.number, after.number] == ["A001", "A002", "A003"]
    assert during.printed and during.print_message is None  # the citizen has the number on paper
    assert len(printer_sim.wait_for_receipts(3)) == 3
    lines = store_lines(caplog)
    assert any(line.startswith("ticket A002 issued but not kept here yet") for line in lines)
    assert any(line.startswith("rating not stored yet") for line in lines)
    assert not any(r.exc_info for r in caplog.records), "an expected fault logged a traceback"
    # What was kept before is still there, and the store keeps numbers again without a restart: the one given
    # meanwhile too, as printed.
    kept = {t.number: t for t in kiosk.recent_tickets()}
    assert sorted(kept) == ["A001", "A002", "A003"] and kept["A002"].printed
    with kiosk.store.sessions() as session:  # and the rating given during the lock waits in the outbox
        assert session.scalars(select(OutboxMessage.kind)).all() == ["rating"]


def test_a_filing_is_refused_in_words_while_the_store_is_locked_and_saved_after(
    store: Store, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    filings = filing_store(store, data_dir)
    first = filings.save(filing(photo(20_000)))
    with caplog.at_level(logging.INFO), locked_by_another_process(store), pytest.raises(FilingNotSaved) as refused:
        filings.save(filing(photo(30_000, b"second")))
    assert refused.value.words == BUSY_WORDS
    assert refused.value.words.zh.startswith("申报未保存") and "busy" in refused.value.words.en
    [line] = store_lines(caplog)
    assert line == "filing not saved (database locked by another process: database is locked)"
    assert not any(r.exc_info for r in caplog.records)
    # Nothing half-stored (not even the photo's file), nothing lost.
    assert filings.unconfirmed() == 1 and filings.get(first.id) is not None
    assert len(list(filings.files.iterdir())) == 1
    second = filings.save(filing(photo(30_000, b"second")))  # released: saved, no restart
    assert second.number.endswith("-0002") and filings.unconfirmed() == 2
