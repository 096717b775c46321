"""The key of the queue's and the appointments' ID-number hashes, in a file of its own beside the filings' key.

A ticket or an appointment taken with an ID card keeps only a keyed hash of the number (hall/idhash.py), enough
to refuse a second waiting ticket or find a booking. With the key in the same database as the hashes, a copy of
that database would let anyone test the few possible ID numbers of a region and a year; so the key lives in
``queue-id.key`` in the folder of the filings' key file (``[filings] id_key_file``, else the data dir), 0600.

Halls that kept it in the database (the ``id_hash_key`` row of ``hall_setting``) move it to the file on start
and delete the row: the hashes of booked appointments stay valid.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from common import sealing
from common.errors import ConfigError
from common.settings.models import HallConfig
from common.settings.paths import open_private, private_dir
from hall.filing_keys import key_file
from hall.models import HallSetting

KEY_FILE = "queue-id.key"
OLD_SETTING = "id_hash_key"


def queue_key_file(config: HallConfig) -> Path:
    return key_file(config).with_name(KEY_FILE)


def load_queue_key(config: HallConfig, sessions: sessionmaker[Session]) -> bytes:
    """The key from its file; a key the database still holds is moved there first (and deleted from it)."""
    path = queue_key_file(config)
    with sessions() as session:
        kept = session.scalar(select(HallSetting.value).where(HallSetting.key == OLD_SETTING))
    if kept is not None and not path.exists():
        _write_once(path, kept)
    key = sealing.load_or_create_key(path, "排队身份证号哈希密钥文件 / the queue's ID-hash key file")
    if kept is not None:
        if bytes.fromhex(kept) != key:
            raise ConfigError(
                f"{path}: 与数据库中的排队密钥不一致 / does not hold the key this hall's database was using; "
                "restore the right file (or remove it to move the database's key into it)"
            )
        with sessions.begin() as session:
            session.execute(delete(HallSetting).where(HallSetting.key == OLD_SETTING))
    return key


def _write_once(path: Path, hex_key: str) -> None:
    """``hex_key`` into ``path`` unless another process got there first (the same write-then-link as the key)."""
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(fd, "w") as file:
            file.write(hex_key + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
