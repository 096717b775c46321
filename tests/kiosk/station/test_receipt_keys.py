"""The kiosk's receipt key, against a real hall over HTTP: its key id, a rotation reaching it after a day, the
older keys kept, and a key file from before key ids."""

from __future__ import annotations

import base64
import json
import stat
import uuid
from pathlib import Path

from common.receipts import receipt_key_id, sign_receipt
from devtools.ports import free_port
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient.base import HallClient
from kiosk.station.receipt_keys import KEY_FILE, REFRESH_SECONDS, ReceiptKeys
from tests.support.hall import served


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_kiosk_takes_the_new_key_after_a_day_and_keeps_the_old(hall: Hall, tmp_path: Path) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    clock, path = Clock(), tmp_path / KEY_FILE
    filing = uuid.uuid4()
    port = free_port()
    with HallClient(f"http://127.0.0.1:{port}", token) as client:
        with served(hall.app, port):
            keys = ReceiptKeys(client, "kiosk-01", path, clock=clock)
            first = keys.current()
            assert first.key_id == "1" and stat.S_IMODE(path.stat().st_mode) == 0o600
            yesterday = keys.progress_url(first, filing).rsplit("/f/", 1)[1]
            assert receipt_key_id(yesterday) == "1" and keys.signed_here(yesterday) == filing
            hall.app.state.hall.ring.rotate()
            assert keys.current().key_id == "1"  # not a day old yet: no request
            clock.now += REFRESH_SECONDS
            second = keys.current()
            assert second.key_id == "2" and second.older == {"1": first.key}
            today = keys.progress_url(second, filing).rsplit("/f/", 1)[1]
            assert receipt_key_id(today) == "2"
            restarted = ReceiptKeys(client, "kiosk-01", path, clock=clock)  # after a restart, from the file
            assert restarted.signed_here(yesterday) == filing and restarted.signed_here(today) == filing
            assert restarted.signed_here(sign_receipt(b"x" * 32, filing, "2")) is None
        clock.now += 2 * REFRESH_SECONDS
        assert keys.current().key_id == "2"  # the hall is away: signs on with the key it holds


def test_a_key_file_from_before_key_ids_signs_the_old_shape_until_the_next_fetch(hall: Hall, tmp_path: Path) -> None:
    path = tmp_path / KEY_FILE
    legacy = b"k" * 32
    record = {"kiosk_id": "kiosk-01", "key": base64.b64encode(legacy).decode(), "public_url": "https://hall"}
    path.write_text(json.dumps(record))
    filing = uuid.uuid4()
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as url, HallClient(url, token) as client:
        keys = ReceiptKeys(client, "kiosk-01", path)
        held = keys.load()
        assert held is not None and held.key_id is None
        old = keys.progress_url(held, filing).rsplit("/f/", 1)[1]
        assert receipt_key_id(old) == "0" and keys.signed_here(old) == filing
        fresh = keys.current()  # the file has no date: asked again at once
        assert fresh.key_id == "1" and fresh.older == {"0": legacy}
        assert keys.signed_here(old) == filing
