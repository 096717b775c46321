"""A kiosk of any release, driven from outside for the version-skew tests (test_version_skew.py).

It is run with ``PYTHONPATH`` set to a release's extracted tree, so every ``kiosk`` and ``common`` module it
imports is that release's: it uses only what the kiosk has offered for several releases (the hall client, the
store, the filing store, the outbox, the sync worker) and nothing of the tests. Two commands, one JSON line out:

- ``send DATA_DIR HALL_URL TOKEN``: take a number in the always-open category, read the service guide (the
  catalog), save a filing with an attachment and keep a rating of it, then run the sync worker until the outbox
  is empty;
- ``keep DATA_DIR COUNT``: save COUNT filings, each with an attachment and a rating, with no hall at all (they
  wait in the outbox).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import kiosk
from common.hallapi.queue import TakeNumber, TicketOut
from common.hallapi.ratings import RatingIn
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.ratings import keep_rating
from kiosk.station.guide import CatalogCache
from kiosk.store import Store, open_store
from kiosk.store.filings import FilingStore, NewAttachment, NewFiling

ITEM = "339900-001-GG-00301-001"  # 无犯罪记录证明开具 in the shipped catalog
ID_NUMBER = "110101199003071233"
KIOSK_ID = "kiosk-01"
STATION = "K01"
DRAIN_WITHIN_S = 120.0


def filings_of(store: Store, data_dir: Path) -> FilingStore:
    return FilingStore(store, data_dir, STATION, ZoneInfo("Asia/Shanghai"))


def keep_filing(filings: FilingStore, store: Store, seed: int) -> str:
    """Save one filing with a photo, and a rating of it in the outbox; its filing number."""
    block = hashlib.sha256(bytes([seed])).digest()
    photo = NewAttachment(name="身份证正面", content_type="image/jpeg", data=b"\xff\xd8\xff\xe0" + block * 2000)
    form = {"applicant_name": "张三", "id_number": ID_NUMBER, "purpose": "就业", "phone": "13800000000"}
    saved = filings.save(
        NewFiling(
            item_code=ITEM,
            item_name="无犯罪记录证明开具",
            applicant_name="张三",
            id_number=ID_NUMBER,
            phone="13800000000",
            form=form,
            attachments=(photo,),
            delivery_method="kiosk",
        )
    )
    with store.sessions.begin() as session:
        keep_rating(session, RatingIn(filing_id=saved.number, level=5, channel="kiosk", item_code=ITEM))
    return saved.number


def send(data_dir: Path, url: str, token: str) -> dict[str, Any]:
    store = open_store(data_dir)
    client = HallClient(url, token, timeout_s=10)
    try:
        ticket = client.send("/api/v1/tickets", TakeNumber(category="S", channel="kiosk"), TicketOut)
        assert ticket is not None
        served = len(client.get("/api/v1/catalog").get("items") or [])
        read = len(CatalogCache(client, data_dir).current().items)  # items this kiosk cannot read are skipped
        filings = filings_of(store, data_dir)
        number = keep_filing(filings, store, 1)
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=timedelta(hours=24), interval_s=0.05)
        worker.start()
        try:
            deadline = time.monotonic() + DRAIN_WITHIN_S
            while worker.pending() and time.monotonic() < deadline:
                time.sleep(0.05)
                worker.wake(everything=True)
            left = worker.pending()
        finally:
            worker.stop()
        catalog = {"served": served, "read": read}
        return {"ticket": ticket.number, "catalog": catalog, "filings": [number], "pending": left}
    finally:
        client.close()
        store.close()


def keep(data_dir: Path, count: int) -> dict[str, Any]:
    store = open_store(data_dir)
    try:
        filings = filings_of(store, data_dir)
        return {"filings": [keep_filing(filings, store, seed) for seed in range(count)]}
    finally:
        store.close()


def main(argv: list[str]) -> int:
    command, data_dir = argv[0], Path(argv[1])
    if command == "send":
        done = send(data_dir, argv[2], argv[3])
    elif command == "keep":
        done = keep(data_dir, int(argv[2]))
    else:
        sys.stderr.write(f"unknown command {command!r}\n")
        return 2
    done["kiosk_module"] = str(Path(kiosk.__file__).resolve())  # the test checks which release answered
    sys.stdout.write(json.dumps(done) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
