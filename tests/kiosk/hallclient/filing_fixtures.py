"""A kiosk's filing store and sync worker against a real hall, for the sync tests."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hall.attachments import AttachmentStore
from hall.server import Hall, attachments_dir
from kiosk.hallclient import HallClient
from kiosk.hallclient.uploads import held
from kiosk.store import Store
from kiosk.store.filings import FilingStore, NewAttachment, NewFiling
from tests.support.waiting import wait_until

ITEM = "339900-001-GG-00301-001"  # 无犯罪记录证明开具 in the shipped catalog
ID_NUMBER = "110101199003071233"  # a valid check character: the hall checks it
KIOSK_ID = "kiosk-01"
RETENTION = timedelta(hours=24)


def filing(*attachments: NewAttachment, purpose: str = "就业") -> NewFiling:
    return NewFiling(
        item_code=ITEM,
        item_name="无犯罪记录证明开具",
        applicant_name="张三",
        id_number=ID_NUMBER,
        phone="13800000000",
        form={"applicant_name": "张三", "id_number": ID_NUMBER, "purpose": purpose, "phone": "13800000000"},
        attachments=attachments,
        delivery_method="kiosk",
    )


def photo(size: int, seed: bytes = b"photo") -> NewAttachment:
    block = hashlib.sha256(seed).digest()
    data = (block * (size // len(block) + 1))[:size]
    return NewAttachment(name="身份证正面", content_type="image/jpeg", data=b"\xff\xd8\xff\xe0" + data[4:])


def filing_store(store: Store, data_dir: Path, **kwargs: object) -> FilingStore:
    return FilingStore(store, data_dir, "K01", ZoneInfo("Asia/Shanghai"), **kwargs)  # type: ignore[arg-type]


def hall_bytes(hall: Hall, sha256: str) -> bytes | None:
    """The bytes the hall's own attachment store holds under ``sha256`` (None if it holds none)."""
    path = AttachmentStore(attachments_dir(hall.config)).path_for(sha256)
    return path.read_bytes() if path.exists() else None


def hall_kept_the_cut_bytes(client: HallClient, sha256: str) -> bool:
    """The hall has noticed a cut-off upload and holds its bytes: HEAD names the same offset twice, 0.2 s apart
    (what a kiosk's back-off gives it before the next try)."""

    def steady() -> bool:
        first = held(client, sha256) or 0
        time.sleep(0.2)
        return first > 0 and held(client, sha256) == first

    return wait_until(steady, timeout=20)
