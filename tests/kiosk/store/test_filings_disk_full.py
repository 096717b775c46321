"""Disk full while saving a filing, on a really full file system: a small tmpfs mounted for the test (needs
root; skipped with the reason otherwise). The citizen is told the filing was not saved, nothing of it remains,
and the store goes on taking numbers."""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kiosk.store import Filing, FilingAttachment, FilingSequence, IssuedTicket, OutboxMessage, Store, open_store
from kiosk.store.filings import FilingNotSaved, FilingStore
from tests.kiosk.store.filing_helpers import attachment, new_filing
from tests.support.disks import tiny_tmpfs

SIZE = 4 * 1024 * 1024


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    with tiny_tmpfs(tmp_path / "tiny", SIZE) as mount_point:
        yield mount_point


def free_bytes(path: Path) -> int:
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


def fill(path: Path, leave: int) -> Path:
    """A filler file that leaves ``leave`` bytes free (all of it taken when the disk has less)."""
    filler = path / "filler"
    with filler.open("wb") as handle:
        remaining = max(free_bytes(path) - leave, 0)
        block = b"\0" * 65536
        with contextlib.suppress(OSError):
            while remaining > 0:
                remaining -= handle.write(block[: min(len(block), remaining)])
                handle.flush()
    return filler


def take_everything(path: Path) -> Path:
    """Whatever space is left, down to the last block (the file may not even be creatable: then it is full)."""
    filler = path / "filler-rest"
    try:
        with filler.open("wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as error:
        assert error.errno == errno.ENOSPC
    return filler


@pytest.fixture
def kiosk(tiny_disk: Path) -> Iterator[tuple[Store, FilingStore]]:
    store = open_store(tiny_disk)
    clock = lambda: datetime(2026, 12, 5, 3, tzinfo=UTC)  # noqa: E731
    yield store, FilingStore(store, tiny_disk, "K01", ZoneInfo("Asia/Shanghai"), clock=clock)
    store.close()


def nothing_of_a_filing(store: Store, files: Path) -> None:
    with store.sessions() as session:
        for table in (Filing, FilingAttachment, FilingSequence, OutboxMessage):
            assert session.scalar(select(func.count()).select_from(table)) == 0, table.__tablename__
    assert not files.exists() or list(files.iterdir()) == []


def take_a_number(store: Store, number: str) -> None:
    with store.sessions.begin() as session:
        session.add(
            IssuedTicket(
                id=uuid.uuid4(),
                number=number,
                category="A",
                category_name_zh="综合",
                category_name_en="General",
                waiting_ahead=0,
                eta_minutes=0,
                issued_at=datetime.now(UTC),
                qr_url="",
                how="take_number",
                printed=True,
                print_message="",
            )
        )


def test_no_room_for_the_attachments(kiosk: tuple[Store, FilingStore], tiny_disk: Path) -> None:
    store, filings = kiosk
    filler = fill(tiny_disk, leave=256 * 1024)
    with pytest.raises(FilingNotSaved) as refused:
        filings.save(new_filing(attachment(200 * 1024, b"A"), attachment(200 * 1024, b"B")))
    assert refused.value.message.startswith("申报未保存") and "The filing was not saved" in refused.value.message
    assert "full" in refused.value.words.en and "已满" in refused.value.words.zh
    nothing_of_a_filing(store, filings.files)
    take_a_number(store, "A001")  # the kiosk still takes numbers
    filler.unlink()
    assert filings.save(new_filing(attachment(200 * 1024, b"A"))).number == "K01-20261205-0001"


def test_no_room_for_the_commit(kiosk: tuple[Store, FilingStore], tiny_disk: Path) -> None:
    store, filings = kiosk
    big_form = "经营范围" * 60_000  # about 700 KB of form: the WAL must grow to hold it
    filler = fill(tiny_disk, leave=160 * 1024)
    photo = attachment(100 * 1024, b"C")  # fits; the commit after it does not
    with pytest.raises(FilingNotSaved) as refused:
        filings.save(new_filing(photo, form_text=big_form))
    assert "The filing was not saved" in refused.value.message
    nothing_of_a_filing(store, filings.files)  # the photo written before the commit is gone again
    rest = take_everything(tiny_disk)
    # Not one block free: a ticket still fits in the log space the failed commit left, a filing does not.
    take_a_number(store, "A002")
    with pytest.raises(FilingNotSaved):
        filings.save(new_filing(form_text=big_form))
    nothing_of_a_filing(store, filings.files)
    rest.unlink(missing_ok=True)
    filler.unlink()
    saved = filings.save(new_filing(photo, form_text=big_form))
    assert saved.number == "K01-20261205-0001" and filings.attachment_path(saved.attachments[0].sha256).exists()
