"""ID numbers typed into every free field of the hall and the kiosk, then a byte-level search of both data dirs:
the databases (with their -wal and -shm), the logs, the key folders and the attachments hold no readable ID number.

A real hall is served by uvicorn on loopback; a kiosk's store, outbox and sync worker deliver a filing and a rating
to it over HTTP. ID numbers are typed as people type them: valid 18-character ones (one ending in X), a 15-digit
one, groups with spaces or dashes, full-width digits. The queue's duplicate check, which keeps only a keyed hash,
still refuses a second ticket for the same card.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest

from common.hallapi.ratings import RatingIn
from common.logs import IdNumberMaskingFilter, OneLineFormatter, PrivateRotatingFileHandler
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.ratings import keep_rating
from kiosk.store import Store, open_store
from kiosk.store.filings import FilingStore, NewAttachment, NewFiling
from tests.hall.phone import photo
from tests.support.hall import open_hall, served, sqlite_url

KIOSK_ID = "kiosk-01"
ITEM = "339900-001-GG-00301-001"  # 无犯罪记录证明开具: its form has a free-text field, used_by
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid(first17: str) -> str:
    """``first17`` with its GB 11643 check character."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


APPLICANT = valid("11010119750315123")  # the filing's own ID number: sealed on both sides, never in clear
CARD = valid("11010119760416123")  # the ticket taken with an ID card: only a keyed hash at the hall
WITH_X = next(n for n in (valid(f"11010519770512{i:03d}") for i in range(1000)) if n.endswith("X"))
OLD = "110105780617123"  # 15 digits, first-generation card
SPACED = valid("44030419790718004")  # typed as 440304 19790718 004x, and with dashes
FULL_WIDTH = valid("32010219800819001")


def spaced(number: str, sep: str) -> str:
    return f"{number[:6]}{sep}{number[6:14]}{sep}{number[14:]}"


def full_width(number: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)


NUMBERS = [APPLICANT, CARD, WITH_X, OLD, SPACED, FULL_WIDTH]
TYPED = f"证号{WITH_X}，旧证{OLD}，{spaced(SPACED, ' ')}，{spaced(SPACED, '-')}，{full_width(FULL_WIDTH)}"


def needles(number: str) -> list[bytes]:
    """What an unmasked copy of ``number`` would leave in a file: its digits whole (the 17-digit core of an
    18-character number), its birth date, as typed, in UTF-8, UTF-16 and GB18030, ASCII and full-width."""
    core = number[:17] if len(number) == 18 else number
    birth = number[6:14] if len(number) == 18 else number[6:12]
    texts = {core, full_width(core), spaced(number, " "), spaced(number, "-")}
    if len(number) == 18:
        texts.add(birth)
    found = []
    for text in texts:
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            found.append(text.encode(encoding))
    return found


@pytest.fixture
def hall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hall]:
    hall_dir = tmp_path / "hall"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(hall_dir))  # the hall's data dir: its database, logs, keys, files
    hall_dir.mkdir()
    with open_hall(sqlite_url(hall_dir)) as built:
        yield built


@pytest.fixture
def kiosk_dir(tmp_path: Path, hall: Hall) -> Iterator[Path]:
    """The kiosk's data dir, its log beside the hall's (one process here: every line goes to both logs)."""
    path = tmp_path / "kiosk"
    (path / "logs").mkdir(parents=True)
    handler = PrivateRotatingFileHandler(path / "logs" / "kiosk.log", encoding="utf-8")
    handler.addFilter(IdNumberMaskingFilter())
    handler.setFormatter(OneLineFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    levels = root.level, logging.getLogger("sqlalchemy.engine").level
    root.setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # every statement and its parameters
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(levels[0])
        logging.getLogger("sqlalchemy.engine").setLevel(levels[1])


def served_ticket(hall: Hall) -> uuid.UUID:
    ticket = hall.queue.take_number("A", "kiosk").ticket
    called = hall.queue.call_next(2)
    assert called is not None and called.id == ticket.id
    return ticket.id


def test_no_typed_id_number_is_readable_in_any_file_of_the_hall_or_the_kiosk(hall: Hall, kiosk_dir: Path) -> None:
    kiosk_token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
    kiosk = {"Authorization": f"Bearer {kiosk_token}"}
    supervisor = {"Authorization": f"Bearer {create_token(hall.sessions, 'supervisor-1', Role.SUPERVISOR)}"}
    staff = {"Authorization": f"Bearer {create_token(hall.sessions, 'staff-1', Role.STAFF)}"}
    store = open_store(kiosk_dir)
    try:
        with served(hall.app) as url, httpx.Client(base_url=url, timeout=30) as http:
            _type_into_the_hall(hall, http, kiosk, supervisor)
            filing_id = _file_and_rate_from_the_kiosk(hall, store, kiosk_dir, url, kiosk_token)
            _type_into_the_staff_desk_and_the_phone_upload(http, kiosk, staff, filing_id)
            _a_second_ticket_for_one_card_is_still_refused(http, kiosk)
    finally:
        store.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    hall_dir = kiosk_dir.parent / "hall"
    files = [path for folder in (hall_dir, kiosk_dir) for path in folder.rglob("*") if path.is_file()]
    names = {path.relative_to(kiosk_dir.parent).as_posix() for path in files}
    assert {"hall/hall.db", "hall/logs/kiosk.log", "kiosk/kiosk.db", "kiosk/logs/kiosk.log"} <= names, names
    assert any(name.endswith("-wal") for name in names), names  # the kiosk's WAL, still open until now
    leaks = {
        (path.relative_to(kiosk_dir.parent).as_posix(), number)
        for path in files
        for number in NUMBERS
        if any(needle in path.read_bytes() for needle in needles(number))
    }
    assert leaks == set()
    logged = (hall_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "INSERT INTO filing" in logged and "110101********" in logged  # the SQL was logged, masked


def ticket_code(hall: Hall, ticket_id: uuid.UUID) -> str:
    """The signed code printed on the ticket (its QR code): what the person served rates with."""
    return str(hall.app.state.hall.codes.ticket_code(ticket_id))


def _type_into_the_hall(hall: Hall, http: httpx.Client, kiosk: dict[str, str], supervisor: dict[str, str]) -> None:
    """A rating comment through the API and through the /r page, follow-up notes, a device report."""
    body = {"ticket_code": ticket_code(hall, served_ticket(hall)), "level": 1, "channel": "kiosk", "reasons": ["其他"]}
    assert http.post("/api/v1/ratings", json={**body, "comment": TYPED[:200]}, headers=kiosk).status_code == 201
    page = http.post(
        f"/r/{ticket_code(hall, served_ticket(hall))}", data={"level": "1", "reasons": "其他", "comment": TYPED[:200]}
    )
    assert page.status_code == 200, page.text
    listed = http.get("/api/v1/follow-ups", headers=supervisor)
    assert [number for number in NUMBERS if any(needle in listed.content for needle in needles(number))] == []
    assert len(listed.json()["follow_ups"]) == 2 and "110105********" in listed.text
    for task in listed.json()["follow_ups"]:
        closed = http.post(f"/api/v1/follow-ups/{task['id']}/close", json={"note": TYPED}, headers=supervisor)
        assert closed.status_code == 200, closed.text
    device = {
        "device": "id-reader",
        "kind": "id_reader",
        "name": f"读卡器{WITH_X}",
        "state": "fault",
        "message": f"读卡失败 {TYPED}"[:300],
        "detail": {"last_card": spaced(SPACED, "-"), "old": OLD},
    }
    reported = http.put(f"/api/v1/devices/{KIOSK_ID}", json={"devices": [device]}, headers=kiosk)
    assert reported.status_code == 200, reported.text


def _file_and_rate_from_the_kiosk(hall: Hall, store: Store, kiosk_dir: Path, url: str, token: str) -> uuid.UUID:
    """A filing whose free field, attachment name and material hold ID numbers, and a rating with a comment, kept
    in the kiosk's store and outbox, then delivered by the sync worker."""
    filings = FilingStore(store, kiosk_dir, "K01", ZoneInfo("Asia/Shanghai"))
    picture = NewAttachment(
        name=f"身份证{spaced(SPACED, ' ')}"[:120], content_type="image/jpeg", data=photo(), material=f"身份证 {OLD}"
    )
    form = {"applicant_name": "张三", "id_number": APPLICANT, "purpose": "就业", "used_by": TYPED[:60],
            "phone": "13800000000"}  # fmt: skip
    new = NewFiling(
        item_code=ITEM,
        item_name="无犯罪记录证明开具",
        applicant_name="张三",
        id_number=APPLICANT,
        phone="13800000000",
        form=form,
        attachments=(picture,),
        delivery_method="kiosk",
    )
    saved = filings.save(new)
    with store.sessions.begin() as session:
        code = ticket_code(hall, served_ticket(hall))
        comment = f"{full_width(FULL_WIDTH)} {OLD}"
        keep_rating(session, RatingIn(ticket_code=code, level=1, reasons=["其他"], channel="kiosk", comment=comment))
    with HallClient(url, token, timeout_s=30) as client:
        worker = sync_worker(store, client, filings, KIOSK_ID, retention=timedelta(days=1))
        assert worker.send_due().sent == 2
        at_hall = client.get(f"/api/v1/filings/{saved.id}")
    assert at_hall["status"] == "submitted"
    assert [record.id for record in filings.by_id_number(APPLICANT)] == [saved.id]  # found by its keyed hash
    return saved.id


def _type_into_the_staff_desk_and_the_phone_upload(
    http: httpx.Client, kiosk: dict[str, str], staff: dict[str, str], filing_id: uuid.UUID
) -> None:
    asked = http.post(
        f"/api/v1/filings/{filing_id}/request-materials",
        json={"materials": [f"户口簿 {WITH_X}"], "note": TYPED},
        headers=staff,
    )
    assert asked.status_code == 200, asked.text
    detail = http.get(f"/api/v1/filings/{filing_id}/detail", headers=staff)
    assert detail.status_code == 200 and "110101********" in detail.text  # staff see the number masked
    session = http.post("/api/v1/upload-sessions", json={"kiosk_id": KIOSK_ID, "material": TYPED[:200]}, headers=kiosk)
    assert session.status_code == 201, session.text
    page = urlsplit(session.json()["url"]).path
    sent = http.put(f"{page}/files", params={"name": f"{spaced(SPACED, '-')}.jpg"}, content=photo())
    assert sent.status_code in (200, 201), sent.text


def _a_second_ticket_for_one_card_is_still_refused(http: httpx.Client, kiosk: dict[str, str]) -> None:
    first = http.post("/api/v1/tickets", json={"category": "A", "id_number": CARD}, headers=kiosk)
    assert first.status_code == 201, first.text
    again = http.post("/api/v1/tickets", json={"category": "A", "id_number": CARD.lower()}, headers=kiosk)
    assert again.status_code == 409 and again.json()["error"] == "duplicate_ticket"
