"""Progress at any kiosk: by the receipt's QR code (signed offline by the kiosk that made it) or by ID card
(SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator

import pytest

from common.receipts import sign_receipt as signed_receipt
from hall.server import Hall
from tests.support.clocks import FrozenClock
from tests.support.filings import ID_NUMBER, OTHER_ID_NUMBER, SPOUSE_ID_NUMBER, FilingApi, filing_api


@pytest.fixture
def api(hall: Hall) -> Iterator[FilingApi]:
    with filing_api(hall) as opened:
        yield opened


KEY_ID = "1"  # the first key of a new hall's ring


def receipt_key(api: FilingApi, kiosk_id: str) -> bytes:
    headers = api.kiosk_of(kiosk_id)  # a kiosk gets its own key only
    reply = api.client.get("/api/v1/filings/receipt-key", params={"kiosk_id": kiosk_id}, headers=headers)
    assert reply.status_code == 200 and reply.json()["kiosk_id"] == kiosk_id and reply.json()["key_id"] == KEY_ID
    return base64.b64decode(reply.json()["key"])


def sign_receipt(key: bytes, filing_id: uuid.UUID) -> str:
    return signed_receipt(key, filing_id, KEY_ID)  # what a kiosk holding the hall's first key prints


def test_a_receipt_signed_by_its_kiosk_finds_the_filing_and_a_forged_one_nothing(api: FilingApi) -> None:
    key = receipt_key(api, "kiosk-01")
    assert len(key) == 32 and receipt_key(api, "kiosk-01") == key  # the same key every time
    assert receipt_key(api, "kiosk-02") != key
    filing = api.filed()
    token = sign_receipt(key, uuid.UUID(filing["id"]))  # what the kiosk printed, offline
    found = api.client.get(f"/api/v1/filings/receipt/{token}", headers=api.kiosk)
    assert found.status_code == 200 and found.json() == filing
    api.act(filing["id"], "accept")
    assert api.client.get(f"/api/v1/filings/receipt/{token}", headers=api.kiosk).json()["status"] == "accepted"

    forged = [
        sign_receipt(receipt_key(api, "kiosk-02"), uuid.UUID(filing["id"])),  # another kiosk's key
        sign_receipt(b"\0" * 32, uuid.UUID(filing["id"])),
        sign_receipt(key, uuid.uuid4()),  # genuine, but the hall has no such filing (yet)
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        "not-a-token",
    ]
    for bad in forged:
        reply = api.client.get(f"/api/v1/filings/receipt/{bad}", headers=api.kiosk)
        assert reply.status_code == 404 and reply.json()["error"] == "unknown_receipt", bad


def test_receipts_are_for_kiosks(api: FilingApi) -> None:
    params = {"kiosk_id": "kiosk-01"}
    assert api.client.get("/api/v1/filings/receipt-key", params=params, headers=api.staff).status_code == 403
    assert api.client.get("/api/v1/filings/receipt-key", params=params).status_code == 401
    bad_id = api.client.get("/api/v1/filings/receipt-key", params={"kiosk_id": "../x"}, headers=api.kiosk)
    assert bad_id.status_code == 422


def test_progress_by_id_card_lists_the_persons_filings_newest_first(api: FilingApi, clock: FrozenClock) -> None:
    first = api.filed(1)["id"]
    api.filed(2, id_number=OTHER_ID_NUMBER)
    clock.advance(days=1)
    second = api.filed(3, kiosk_id="kiosk-07")["id"]
    found = api.client.post("/api/v1/filings/lookup", json={"id_number": ID_NUMBER}, headers=api.kiosk)
    assert found.status_code == 200
    assert [f["id"] for f in found.json()["filings"]] == [second, first]
    nobody = api.client.post("/api/v1/filings/lookup", json={"id_number": SPOUSE_ID_NUMBER}, headers=api.kiosk)
    assert nobody.status_code == 200 and nobody.json() == {"filings": []}
    assert ID_NUMBER not in found.text
    staff = api.client.post("/api/v1/filings/lookup", json={"id_number": ID_NUMBER}, headers=api.staff)
    assert staff.status_code == 403
    malformed = api.client.post("/api/v1/filings/lookup", json={"id_number": "12345"}, headers=api.kiosk)
    assert malformed.status_code == 422 and "12345" not in malformed.json()["message"]


def test_the_receipts_qr_code_opens_a_progress_page_on_a_phone(api: FilingApi) -> None:
    filing = api.filed()
    token = sign_receipt(receipt_key(api, "kiosk-01"), uuid.UUID(filing["id"]))
    api.act(filing["id"], "request-materials", {"materials": ["父母结婚证"], "note": "请带<原件>来"})
    page = api.client.get(f"/f/{token}")  # no token of the hall: the receipt's own signature is the key
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for shown in (
        "出生登记",
        "K01-20261123-0001",
        "需要补正材料 / More materials needed",
        "父母结婚证",
        "请带&lt;原件&gt;来",
    ):
        assert shown in page.text, shown
    assert ID_NUMBER not in page.text and "张三" not in page.text  # nothing about the person
    forged = api.client.get(f"/f/{sign_receipt(b'0' * 32, uuid.UUID(filing['id']))}")
    assert forged.status_code == 404 and "尚未送达大厅" in forged.text and "出生登记" not in forged.text


def test_receipts_signed_before_a_rotation_still_verify(api: FilingApi) -> None:
    old_key = receipt_key(api, "kiosk-01")
    filing = api.filed()
    yesterday = sign_receipt(old_key, uuid.UUID(filing["id"]))  # printed under key 1
    api.hall.app.state.hall.ring.rotate()  # what `kiosk hall keys rotate` does
    fetched = api.client.get("/api/v1/filings/receipt-key", params={"kiosk_id": "kiosk-01"}, headers=api.kiosk)
    new_key = base64.b64decode(fetched.json()["key"])
    assert fetched.json()["key_id"] == "2" and new_key != old_key  # the kiosk's next fetch gives the new key
    today = signed_receipt(new_key, uuid.UUID(filing["id"]), "2")
    for token in (yesterday, today):
        assert api.client.get(f"/api/v1/filings/receipt/{token}", headers=api.kiosk).status_code == 200, token
        assert api.client.get(f"/f/{token}").status_code == 200, token
    relabelled = "2" + yesterday[1:]  # yesterday's MAC claimed under today's key
    unknown_key = signed_receipt(new_key, uuid.UUID(filing["id"]), "9")
    for bad in (relabelled, unknown_key):
        assert api.client.get(f"/api/v1/filings/receipt/{bad}", headers=api.kiosk).status_code == 404, bad
