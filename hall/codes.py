"""The hall's signed codes (common/signedcode.py) under its key ring: the ticket's code, the one credential of the
person served, and the keys kiosks sign filing receipts with. Also the move of keys out of the database."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from common import signedcode
from common.receipts import receipt_key as legacy_receipt_key
from hall.keyring import ID_HASH, LEGACY_KEY_ID, PHONE_UPLOAD, KeyRing
from hall.models import HallSetting

log = logging.getLogger(__name__)
TICKET = "ticket"
RECEIPT = "receipt"
# hall_setting rows of halls from before the key ring, and where each goes (None: dropped, see move_keys).
LEGACY_SETTINGS = {"id_hash_key": ID_HASH, "phone_upload_key": PHONE_UPLOAD, "receipt_secret": None}
DROPPED_SETTINGS = ("rating_link_key",)


class HallCodes:
    def __init__(self, ring: KeyRing) -> None:
        self.ring = ring

    # -- tickets --------------------------------------------------------------------------------------------
    def ticket_code(self, ticket_id: uuid.UUID) -> str:
        """What the ticket's QR code carries: its id signed under the current key (the same code at every call)."""
        current = self.ring.current()
        return signedcode.sign(TICKET, current.key_id, signedcode.derive(current.secret, TICKET), ticket_id.bytes)

    def ticket_of(self, code: str) -> uuid.UUID | None:
        """The ticket a genuine code names; None for a forged, respelled, altered or unknown-key one."""
        found = signedcode.verify(TICKET, code, 16, self._key_for(TICKET))
        return uuid.UUID(bytes=found.payload) if found is not None else None

    # -- filing receipts ------------------------------------------------------------------------------------
    def receipt_key(self, kiosk_id: str) -> tuple[str, bytes]:
        """The current key id and the key one kiosk signs its receipts with, offline."""
        current = self.ring.current()
        return current.key_id, _kiosk_key(current.secret, kiosk_id)

    def receipt_key_of(self, key_id: str, kiosk_id: str) -> bytes | None:
        """A kiosk's receipt key under the ring's key ``key_id`` (``0``: the legacy derivation); None if unknown."""
        key = self.ring.key(key_id)
        if key is None:
            return None
        if key_id == LEGACY_KEY_ID:
            return legacy_receipt_key(key.secret, kiosk_id)
        return _kiosk_key(key.secret, kiosk_id)

    def _key_for(self, kind: str) -> Callable[[str], bytes | None]:
        def key_of(key_id: str) -> bytes | None:
            if key_id == LEGACY_KEY_ID:
                return None  # the legacy key verifies old receipts only
            key = self.ring.key(key_id)
            return signedcode.derive(key.secret, kind) if key is not None else None

        return key_of


def _kiosk_key(master: bytes, kiosk_id: str) -> bytes:
    return signedcode.derive(master, f"{RECEIPT}:{kiosk_id}")


def move_keys(sessions: sessionmaker[Session], ring: KeyRing) -> None:
    """Keys that older halls kept in ``hall_setting`` go to the ring's files and leave the table (first start after
    the upgrade; the file is written before the row is deleted, so a crash in between loses nothing). The legacy
    receipt secret becomes key ``0``, which verifies receipts printed before key ids. The old rating-link key is
    dropped: the links it signed were handed to anyone who opened a ticket's page, so none is honoured any more."""
    with sessions() as session:
        rows = {row.key: row.value for row in session.execute(select(HallSetting.key, HallSetting.value))}
    moved = []
    for setting, name in LEGACY_SETTINGS.items():
        if setting not in rows:
            continue
        secret = bytes.fromhex(rows[setting])
        if name is None:
            ring.add_legacy(secret)
        else:
            ring.import_secret(name, secret)
        moved.append(setting)
    moved += [s for s in DROPPED_SETTINGS if s in rows]
    if moved:
        with sessions.begin() as session:
            session.execute(delete(HallSetting).where(HallSetting.key.in_(moved)))
        engine = sessions.kw["bind"]
        if engine.dialect.name == "sqlite":  # the deleted rows' bytes would stay in the file's free pages
            raw = engine.raw_connection()  # the driver's own connection is in autocommit (hall/database.py)
            try:
                raw.driver_connection.execute("VACUUM")
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        log.info("keys moved out of the database into %s: %s", ring.directory, ", ".join(sorted(moved)))
