"""The kiosk's filing store: numbers per service day, one transaction with the outbox row, reading back,
the hall's status, and retention on a stepped clock."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from common.hallapi.filings import FilingOut, FilingStatus
from kiosk.store import Filing, OutboxMessage, Store, open_store
from kiosk.store.attachment_files import sha256_of, write_file
from kiosk.store.filings import FILING_KIND, FilingNotSaved, FilingStore, NewAttachment
from tests.kiosk.store.filing_helpers import ID_NUMBER, attachment, new_filing
from tests.support.clocks import FrozenClock

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    data_dir.mkdir(parents=True)
    opened = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 12, 4, 17, 30, tzinfo=UTC))  # 01:30 on 5 December in Shanghai


@pytest.fixture
def filings(store: Store, data_dir: Path, clock: FrozenClock) -> FilingStore:
    return FilingStore(store, data_dir, "K01", SHANGHAI, clock=clock)


def hall_says(filing_id: uuid.UUID, number: str, status: FilingStatus, **extra: object) -> FilingOut:
    fields: dict[str, object] = {
        "id": filing_id,
        "number": number,
        "item_code": "GT-001",
        "status": status,
        "status_zh": status.zh,
        "status_en": status.en,
        "missing_materials": [],
        "result_ready": False,
        "updated_at": datetime(2026, 12, 5, 2, tzinfo=UTC),
    }
    return FilingOut.model_validate(fields | extra)


def test_numbers_follow_the_service_day_in_the_stations_zone(filings: FilingStore, clock: FrozenClock) -> None:
    first, second = filings.save(new_filing()), filings.save(new_filing())
    assert (first.number, second.number) == ("K01-20261205-0001", "K01-20261205-0002")
    assert first.service_day.isoformat() == "2026-12-05"
    clock.advance(hours=23)  # 00:30 on 6 December in Shanghai: a new day starts again at 1
    assert filings.save(new_filing()).number == "K01-20261206-0001"


def test_the_filing_its_files_and_its_outbox_row_are_stored_together(
    filings: FilingStore, store: Store, data_dir: Path
) -> None:
    photo, scan = attachment(3000), attachment(5000, b"P", name="营业执照")
    saved = filings.save(new_filing(photo, scan))
    assert [a.size for a in saved.attachments] == [3000, 5000]
    for stored in saved.attachments:
        assert filings.attachment_path(stored.sha256).read_bytes() in (photo.data, scan.data)
    assert not list(filings.files.glob(".*partial"))
    with store.sessions() as session:
        [message] = session.scalars(select(OutboxMessage)).all()
    assert message.kind == FILING_KIND and message.payload == {"filing_id": str(saved.id)}
    assert ID_NUMBER not in json.dumps(message.payload)
    assert saved.id_number_masked == "110101********1234" and not saved.synced


def test_read_back_by_id_number_and_by_number_and_keep_the_halls_word(filings: FilingStore) -> None:
    mine = filings.save(new_filing())
    filings.save(new_filing(id_number="11010119900307123X"))
    assert [f.id for f in filings.by_id_number(ID_NUMBER)] == [mine.id]
    assert filings.by_number(mine.number) == filings.get(mine.id)
    assert filings.get(uuid.uuid4()) is None and filings.by_number("K01-20261205-0099") is None

    asked = hall_says(
        mine.id, mine.number, FilingStatus.MATERIALS_REQUESTED, missing_materials=["租赁合同"], note="请补正"
    )
    assert filings.update_status(asked)
    now = filings.get(mine.id)
    assert now is not None and now.synced and now.status == "materials_requested"
    assert now.missing_materials == ("租赁合同",) and now.note == "请补正" and now.status_zh == "需要补正材料"
    assert filings.mark_collected(mine.id) and not filings.mark_collected(uuid.uuid4())
    assert (collected := filings.get(mine.id)) is not None and collected.collected
    assert not filings.update_status(hall_says(uuid.uuid4(), "K09-20261205-0001", FilingStatus.ACCEPTED))


def test_retention_deletes_the_id_number_and_files_a_day_after_the_hall_confirmed(
    filings: FilingStore, store: Store, clock: FrozenClock
) -> None:
    shared = attachment(2000)
    confirmed = filings.save(new_filing(shared, attachment(1000, b"Q")))
    waiting = filings.save(new_filing(shared))  # not at the hall yet: its file must stay
    filings.update_status(hall_says(confirmed.id, confirmed.number, FilingStatus.SUBMITTED))
    day = timedelta(hours=24)

    clock.advance(hours=23, minutes=59)
    assert filings.purge(day) == 0
    clock.advance(minutes=2)
    assert filings.purge(day) == 1 and filings.purge(day) == 0

    purged = filings.get(confirmed.id)
    assert purged is not None and purged.purged_at == clock() and purged.id_number_masked == "110101********1234"
    with store.sessions() as session:
        row = session.get(Filing, confirmed.id)
        assert row is not None and (row.id_number_sealed, row.id_hash, row.form_sealed) == (None, None, None)
    assert [f.id for f in filings.by_id_number(ID_NUMBER)] == [waiting.id]
    shared_sha, own_sha = (a.sha256 for a in confirmed.attachments)
    assert filings.attachment_path(shared_sha).exists()  # the waiting filing still needs it
    assert not filings.attachment_path(own_sha).exists()


def test_a_purged_id_number_is_gone_from_the_files_of_the_store(
    filings: FilingStore, store: Store, clock: FrozenClock
) -> None:
    saved = filings.save(new_filing(attachment(100)))
    filings.update_status(hall_says(saved.id, saved.number, FilingStatus.ACCEPTED))
    clock.advance(hours=25)
    assert filings.purge(timedelta(hours=24)) == 1
    on_disk = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
    assert ID_NUMBER.encode() not in on_disk and b"110101********1234" in on_disk


def test_an_attachment_the_hall_would_refuse_is_refused_before_anything_is_written(
    store: Store, data_dir: Path, clock: FrozenClock
) -> None:
    filings = FilingStore(store, data_dir, "K01", SHANGHAI, max_attachment_bytes=10_000, clock=clock)
    too_big = attachment(10_001)
    with pytest.raises(FilingNotSaved) as refused:
        filings.save(new_filing(too_big))
    assert refused.value.message.startswith("申报未保存") and "over 9 KB" in refused.value.message
    gif = NewAttachment(name="照片", content_type="image/gif", data=b"GIF89a")
    with pytest.raises(FilingNotSaved, match="not JPEG, PNG or PDF"):
        filings.save(new_filing(gif))
    assert not filings.files.exists() or list(filings.files.iterdir()) == []
    assert filings.save(new_filing(attachment(10_000))).number == "K01-20261205-0001"


def test_the_pages_of_a_save_a_crash_cut_short_are_swept(filings: FilingStore, data_dir: Path) -> None:
    kept = filings.save(new_filing(attachment(2048, b"K")))
    # What a process killed inside save() leaves: a page written and renamed but no filing, and a cut-off write.
    orphan = write_file(filings.files, sha256_of(b"O" * 4096), b"O" * 4096)
    (filings.files / f".{'ab' * 32}.partial").write_bytes(b"half a page")
    assert orphan and len(list(filings.files.iterdir())) == 3
    assert filings.sweep() == 2
    [left] = filings.files.iterdir()
    assert left.name == kept.attachments[0].sha256 and filings.attachment_path(left.name).read_bytes() == b"K" * 2048
    assert filings.sweep() == 0  # nothing more to do; an empty or missing directory is no error either
