"""The hall's key ring: keys in private files, never in the database; rotation keeps yesterday's codes valid."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from common.errors import ConfigError
from common.receipts import receipt_key, sign_receipt
from common.signedcode import respellings
from hall.audit import AuditLog
from hall.codes import HallCodes
from hall.database import open_hall_database
from hall.keyring import ID_HASH, PHONE_UPLOAD, KeyRing
from hall.models import HallSetting
from hall.tokens import Role, create_token
from tests.support.hall import open_hall, sqlite_url
from tests.support.paths import SHIPPED_CONFIG

OLD = {
    "id_hash_key": "11" * 32,
    "rating_link_key": "22" * 32,
    "receipt_secret": "33" * 32,
    "phone_upload_key": "44" * 32,
}


def test_keys_are_private_files_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        ring = KeyRing(tmp_path / "keys")
        ring.current()
        ring.secret(ID_HASH)
        ring.rotate()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    files = list((tmp_path / "keys").iterdir())
    assert {f.name for f in files} == {"signing-1.key", "signing-2.key", "id-hash.key"}
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


def test_a_rotation_reaches_every_process_and_old_codes_still_verify(tmp_path: Path) -> None:
    signer, other = HallCodes(KeyRing(tmp_path / "keys")), HallCodes(KeyRing(tmp_path / "keys"))
    ticket = uuid.uuid4()
    yesterday = signer.ticket_code(ticket)
    assert yesterday.startswith("1.") and other.ticket_of(yesterday) == ticket
    assert KeyRing(tmp_path / "keys").rotate().key_id == "2"  # `kiosk hall keys rotate` in another process
    today = signer.ticket_code(ticket)  # the signer saw the directory change
    assert today.startswith("2.") and other.ticket_of(today) == ticket  # the verifier read the new id
    assert signer.ticket_of(yesterday) == ticket and other.ticket_of(yesterday) == ticket
    for bad in respellings(today):
        assert other.ticket_of(bad) is None


def test_an_upgraded_hall_moves_its_keys_out_of_the_database(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    engine, sessions = open_hall_database(url)
    with sessions.begin() as session:
        session.add_all(HallSetting(key=k, value=v) for k, v in OLD.items())
    engine.dispose()
    kiosk_id, filing = "kiosk-01", uuid.uuid4()
    legacy_receipt = sign_receipt(receipt_key(bytes.fromhex(OLD["receipt_secret"]), kiosk_id), filing)

    with open_hall(url) as hall:
        with hall.sessions() as session:
            assert session.scalars(select(HallSetting.key)).all() == ["instance"]  # no key left: the instance id
        ring: KeyRing = hall.app.state.hall.ring
        assert ring.secret(ID_HASH) == bytes.fromhex(OLD["id_hash_key"])  # people's tickets are still found
        assert ring.secret(PHONE_UPLOAD) == bytes.fromhex(OLD["phone_upload_key"])
        assert [k.key_id for k in ring.signing_keys()] == ["0", "1"]  # the legacy receipt key verifies, "1" signs
        legacy = hall.app.state.hall.codes.receipt_key_of("0", kiosk_id)
        assert legacy == receipt_key(bytes.fromhex(OLD["receipt_secret"]), kiosk_id)
        assert sign_receipt(legacy, filing) == legacy_receipt
        kiosk = {"Authorization": f"Bearer {create_token(hall.sessions, 'kiosk-01', Role.KIOSK)}"}
        with TestClient(hall.app) as client:
            key = client.get("/api/v1/filings/receipt-key", params={"kiosk_id": kiosk_id}, headers=kiosk).json()
            assert key["key_id"] == "1" and base64.b64decode(key["key"]) != legacy
    raw = (tmp_path / "hall.db").read_bytes()
    assert not any(v.encode() in raw for v in OLD.values())  # not even in the file's free pages
    with open_hall(url) as again:  # a second start finds nothing to move and the same keys
        assert again.app.state.hall.ring.secret(ID_HASH) == bytes.fromhex(OLD["id_hash_key"])


def test_kiosk_hall_keys_rotate_keeps_yesterdays_printed_codes(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    config = SHIPPED_CONFIG / "hall.toml"
    with open_hall(url) as hall:
        kiosk = {"Authorization": f"Bearer {create_token(hall.sessions, 'kiosk-01', Role.KIOSK)}"}
        with TestClient(hall.app) as client:
            yesterday = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
            rotated = subprocess.run(
                [sys.executable, "-m", "kiosk", "hall", "keys", "rotate", "--config", str(config), "--db", url],
                capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
            assert rotated.returncode == 0, rotated.stderr
            today = client.post("/api/v1/tickets", json={"category": "A"}, headers=kiosk).json()
            assert "/q/1." in yesterday["qr"] and "/q/2." in today["qr"]
            for ticket in (yesterday, today):
                page = client.get(httpx.URL(ticket["qr"]).path)
                assert page.status_code == 200 and ticket["number"] in page.text
        listed = subprocess.run(
            [sys.executable, "-m", "kiosk", "hall", "keys", "list", "--config", str(config)],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        lines = [line.split("\t") for line in listed.stdout.splitlines() if "\t" in line]
        assert [(line[0], "current" in line[2]) for line in lines] == [("1", False), ("2", True)]
        for key in hall.app.state.hall.ring.signing_keys():
            assert key.secret.hex() not in listed.stdout
        [entry] = [e for e in AuditLog(hall.sessions).all() if e.action == "key.rotate"]
        assert (entry.role, entry.target, entry.outcome) == ("cli", "key=2", 0)  # who rotated, in the audit log


def test_a_key_file_others_may_read_stops_the_hall(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    ring.current()
    (tmp_path / "keys" / "signing-1.key").chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        KeyRing(tmp_path / "keys").current()
