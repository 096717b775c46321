"""The hall's instance id: a random id kept in the database (``hall_setting``) that ``kiosk hall restore`` renews.

A kiosk reads it in ``GET /api/v1/health``; when it changes, the hall it talks to was restored from a backup and
may lack what the kiosk delivered since that backup, so the kiosk sends again what it still holds
(kiosk/hallclient/hall_restored.py, docs/hall.md "Backups").
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hall.models import HallSetting

INSTANCE = "instance"
RESTORED_FROM = "restored_from"  # the time of the backup the hall was last restored from


def instance_id(session: Session) -> str | None:
    return session.scalar(select(HallSetting.value).where(HallSetting.key == INSTANCE))


def ensure_instance(sessions: sessionmaker[Session]) -> str:
    """The hall's instance id, made on its first start (two server processes starting at once agree on one)."""
    with sessions() as session:
        found = instance_id(session)
    if found is not None:
        return found
    try:
        with sessions.begin() as session:
            session.add(HallSetting(key=INSTANCE, value=str(uuid.uuid4())))
    except IntegrityError:
        pass  # another process made it meanwhile
    with sessions() as session:
        made = instance_id(session)
    assert made is not None
    return made


def renew_instance(sessions: sessionmaker[Session], restored_from: datetime) -> str:
    """A new instance id, and the time of the backup this hall now holds."""
    new = str(uuid.uuid4())
    with sessions.begin() as session:
        for key, value in ((INSTANCE, new), (RESTORED_FROM, restored_from.isoformat())):
            row = session.get(HallSetting, key)
            if row is None:
                session.add(HallSetting(key=key, value=value))
            else:
                row.value = value
    return new
