"""The key this kiosk signs its filing receipts' QR codes with, offline (common/receipts.py).

The hall gives it with its key id; the kiosk keeps it in ``receipt-key.json`` (0600) beside the keys it held
before, so a receipt it printed before the hall rotated its keys is still known as its own. A kiosk asks again
once its key is ``REFRESH_SECONDS`` old (a rotation reaches it within a day) and keeps signing with the key it has
while the hall is away. A file from before key ids holds the legacy key, used with the legacy shape until then.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common.hallapi.filings import ReceiptKeyOut
from common.receipts import LEGACY_KEY_ID, receipt_key_id, sign_receipt, verify_receipt
from devices.words import Words
from kiosk.hallclient.base import HallClient
from kiosk.hallclient.errors import HallUnreachable

KEY_FILE = "receipt-key.json"
REFRESH_SECONDS = 24 * 3600.0
NEVER_REACHED = Words(
    "本机还没有连接过大厅的系统，暂时不能自助申报，请到窗口办理",
    "This kiosk has not reached the hall yet, so it cannot take filings; please go to a staffed window.",
)


@dataclass(frozen=True)
class ReceiptKey:
    key: bytes
    public_url: str
    key_id: str | None = None  # None: a key from a hall before key ids (the legacy shape)
    fetched_at: float = 0.0
    older: dict[str, bytes] = field(default_factory=dict)  # keys held before, by key id


class ReceiptKeys:
    """Thread-safe; ``current`` may ask the hall (blocking)."""

    def __init__(
        self, client: HallClient, kiosk_id: str, path: Path, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.client, self.kiosk_id, self.path, self.clock = client, kiosk_id, path, clock
        self._key: ReceiptKey | None = None
        self._lock = threading.Lock()

    def current(self) -> ReceiptKey:
        """The key to sign with: the one held, asked again of the hall once it is a day old."""
        with self._lock:
            held = self._key or self.load()
            if held is None:
                try:
                    self._key = self._fetch(None)
                except HallUnreachable:
                    raise HallUnreachable(NEVER_REACHED) from None
            elif self.clock() - held.fetched_at >= REFRESH_SECONDS:
                try:
                    self._key = self._fetch(held)
                except HallUnreachable:
                    self._key = held  # sign with what we have; ask again next time
            else:
                self._key = held
            return self._key

    def signed_here(self, token: str) -> uuid.UUID | None:
        """The filing id of a receipt this kiosk signed, with any key it holds; None otherwise."""
        held = self._key or self.load()
        key_id = receipt_key_id(token)
        if held is None or key_id is None:
            return None
        key = held.key if key_id == (held.key_id or LEGACY_KEY_ID) else held.older.get(key_id)
        return verify_receipt(key, token) if key is not None else None

    @staticmethod
    def progress_url(key: ReceiptKey, filing_id: uuid.UUID) -> str:
        return f"{key.public_url.rstrip('/')}/f/{sign_receipt(key.key, filing_id, key.key_id)}"

    def load(self) -> ReceiptKey | None:
        try:
            held = json.loads(self.path.read_text("utf-8"))
            if held.get("kiosk_id") != self.kiosk_id:
                return None  # the station was given another id: its old key signs nothing of this kiosk
            key_id = held.get("key_id")
            older = {str(k): base64.b64decode(v) for k, v in dict(held.get("older", {})).items()}
            return ReceiptKey(
                base64.b64decode(held["key"]),
                str(held.get("public_url", "")),
                str(key_id) if key_id is not None else None,
                float(held.get("fetched_at", 0.0)),
                older,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _fetch(self, held: ReceiptKey | None) -> ReceiptKey:
        answer = self.client.fetch("/api/v1/filings/receipt-key", ReceiptKeyOut, kiosk_id=self.kiosk_id)
        older = dict(held.older) if held is not None else {}
        if held is not None and held.key_id != answer.key_id:
            older[held.key_id or LEGACY_KEY_ID] = held.key
        older.pop(answer.key_id or LEGACY_KEY_ID, None)
        key = ReceiptKey(
            base64.b64decode(answer.key),
            answer.public_url or self.client.base_url,
            answer.key_id,
            self.clock(),
            older,
        )
        record = {
            "kiosk_id": self.kiosk_id,
            "key": answer.key,
            "key_id": key.key_id,
            "public_url": key.public_url,
            "fetched_at": key.fetched_at,
            "older": {k: base64.b64encode(v).decode("ascii") for k, v in older.items()},
        }
        temporary = self.path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(json.dumps(record))
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(self.path)
        return key
