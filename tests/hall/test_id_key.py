"""The key of the queue's ID-number hashes is in a file of its own, 0600, never in the database beside the hashes;
a hall that kept it in the database moves it out on start, and a duplicate ticket is still refused."""

from __future__ import annotations

import secrets
import stat

import pytest
from sqlalchemy import select

from common.errors import ConfigError
from hall.id_key import OLD_SETTING, load_queue_key, queue_key_file
from hall.models import HallSetting, Ticket
from hall.queue import QueueError
from hall.server import Hall
from tests.support.hall import open_hall

ID_NUMBER = "11010119900307123X"


def settings(hall: Hall) -> list[str]:
    with hall.sessions() as session:
        return list(session.scalars(select(HallSetting.key)))


def test_the_key_is_in_a_private_file_and_duplicates_are_still_refused(hall: Hall) -> None:
    path = queue_key_file(hall.config)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and OLD_SETTING not in settings(hall)
    held = hall.queue.take_number("A", "kiosk", id_number=ID_NUMBER)
    with pytest.raises(QueueError) as refused:
        hall.queue.take_number("A", "kiosk", id_number=ID_NUMBER.lower())
    assert refused.value.code == "duplicate_ticket" and held.ticket.number in refused.value.message
    with hall.sessions() as session:
        stored = session.scalar(select(Ticket.id_hash).where(Ticket.id == held.ticket.id))
    assert stored is not None and len(stored) == 64 and ID_NUMBER not in stored
    assert bytes.fromhex(path.read_text().strip()).hex() not in "".join(settings(hall))


def test_a_key_the_database_held_moves_to_the_file_and_old_hashes_still_match(hall_db_url: str) -> None:
    with open_hall(hall_db_url) as first:
        path = queue_key_file(first.config)
        path.unlink()  # as before: the key in the database only
        old = secrets.token_hex(32)
        with first.sessions.begin() as session:
            session.add(HallSetting(key=OLD_SETTING, value=old))
        assert load_queue_key(first.config, first.sessions) == bytes.fromhex(old)
        assert OLD_SETTING not in settings(first) and path.read_text().strip() == old
        assert load_queue_key(first.config, first.sessions) == bytes.fromhex(old)  # and next time from the file


def test_a_key_file_that_disagrees_with_the_database_stops_the_hall(hall: Hall) -> None:
    with hall.sessions.begin() as session:
        session.add(HallSetting(key=OLD_SETTING, value=secrets.token_hex(32)))
    with pytest.raises(ConfigError, match="does not hold the key"):
        load_queue_key(hall.config, hall.sessions)
