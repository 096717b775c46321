"""Catch-up after an outage: filings with a 200 KB attachment each queued while the hall was down, then the hall
comes back. Time until the kiosk's sync worker has them all confirmed, against a bare loop of the same HTTP
requests (HEAD, PUT, POST per filing) to the same hall in the same run. Target: 100 filings/s, ratio >= 0.7.

Run: ``.venv/bin/python benchmarks/filing_catchup.py [N]`` (default 2000; about 3 x N x 200 KB of disk)."""

from __future__ import annotations

import contextlib
import hashlib
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from benchmarks._hallserver import SHIPPED_CONFIG, serve
from hall.server import build_hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.store import open_store
from kiosk.store.filings import FilingStore, NewAttachment, NewFiling

SIZE = 200 * 1024
ITEM = "339900-001-GG-00301-001"  # 无犯罪记录证明开具
ID_NUMBER = "110101199003071233"
KIOSK_ID = "bench-kiosk"
FORM = {"applicant_name": "张三", "id_number": ID_NUMBER, "purpose": "就业", "phone": "13800000000"}


def jpeg(seed: str) -> bytes:
    block = hashlib.sha256(seed.encode()).digest()
    return b"\xff\xd8\xff\xe0" + (block * (SIZE // 32 + 1))[: SIZE - 4]


def new_filing(seed: str) -> NewFiling:
    photo = NewAttachment(name="身份证正面", content_type="image/jpeg", data=jpeg(seed))
    return NewFiling(
        ITEM, "无犯罪记录证明开具", "张三", ID_NUMBER, dict(FORM), phone="13800000000", attachments=[photo]
    )


def bare_loop(url: str, token: str, count: int) -> float:
    """The same requests without the worker: HEAD, PUT, POST per filing, bodies made beforehand."""
    bodies = []
    for n in range(count):
        data = jpeg(f"bare-{n}")
        sha = hashlib.sha256(data).hexdigest()
        filing = {
            "id": str(uuid.uuid4()),
            "number": f"BARE-20261123-{n + 1:04d}",
            "item_code": ITEM,
            "kiosk_id": "bare-kiosk",
            "created_at": datetime.now(UTC).isoformat(),
            "applicant": {"name": "张三", "id_number": ID_NUMBER, "phone": "13800000000"},
            "form": FORM,
            "attachments": [{"sha256": sha, "name": "身份证正面", "size": SIZE, "content_type": "image/jpeg"}],
            "materials_to_bring": [],
            "delivery": {"method": "hall"},
        }
        bodies.append((sha, data, filing))
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        start = time.perf_counter()
        for sha, data, filing in bodies:
            http.head(f"/api/v1/attachments/{sha}")
            assert http.put(
                f"/api/v1/attachments/{sha}", content=data, headers={"Content-Type": "image/jpeg"}
            ).is_success
            assert http.post("/api/v1/filings", json=filing).status_code == 201
        return count / (time.perf_counter() - start)


@contextlib.contextmanager
def fresh_hall(folder: Path, kiosk_id: str) -> Iterator[tuple[str, str]]:
    """A hall on an empty SQLite file in its own server process, and a kiosk token for it."""
    folder.mkdir()
    db_url = f"sqlite:///{folder / 'hall.db'}"
    hall = build_hall(SHIPPED_CONFIG / "hall.toml", db_url)
    token = create_token(hall.sessions, kiosk_id, Role.KIOSK)
    hall.close()
    with serve(SHIPPED_CONFIG / "hall.toml", db_url, time.time(), workers=1) as (url, _pid):
        yield url, token


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory(prefix="catchup-") as folder:
        root = Path(folder)
        (root / "kiosk").mkdir()
        store = open_store(root / "kiosk")
        filings = FilingStore(store, root / "kiosk", "BENCH", ZoneInfo("Asia/Shanghai"))
        started = time.perf_counter()
        for n in range(count):
            filings.save(new_filing(f"kiosk-{n}"))
        saved_per_s = count / (time.perf_counter() - started)

        # Each side gets a fresh hall, so neither runs against the other's 2,000 filings.
        with fresh_hall(root / "bare", "bare-kiosk") as (url, token):
            bare = bare_loop(url, token, count)
        with fresh_hall(root / "worker", KIOSK_ID) as (url, token), HallClient(url, token, timeout_s=30) as client:
            worker = sync_worker(store, client, filings, KIOSK_ID, retention=timedelta(hours=24))
            started = time.perf_counter()
            sent = 0
            while worker.pending():
                sent += worker.send_due(everything=True).sent
            worker_per_s = count / (time.perf_counter() - started)
        store.close()
    assert sent == count, f"{sent} of {count} delivered"
    print(f"| {count} filings, 200 KB each, loopback, hall on SQLite (1 process) | filings/s | ratio |")
    print("|---|---|---|")
    print(f"| bare loop of the same requests (HEAD, PUT, POST) | {bare:,.0f} | 1.00 |")
    print(
        f"| the kiosk's sync worker, from the store until confirmed | {worker_per_s:,.0f} | {worker_per_s / bare:.2f} |"
    )
    print(f"| (saving them at the kiosk: file + one transaction each) | {saved_per_s:,.0f} | |")


if __name__ == "__main__":
    main()
