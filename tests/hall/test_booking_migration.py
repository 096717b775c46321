"""Migration 0013 (booking) on a hall that already holds an appointment booked elsewhere: it still checks in, and
the new tables start empty (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, Table, func, select

from common.schema import alembic_config
from hall.booking_models import BookingSlot
from hall.database import MIGRATIONS, create_hall_engine
from hall.tokens import Role, create_token
from tests.support.hall import open_hall


def test_an_appointment_recorded_before_0013_checks_in_after_it(hall_db_url: str) -> None:
    engine = create_hall_engine(hall_db_url)
    config = alembic_config(MIGRATIONS)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0012")
        with engine.begin() as connection:
            table = Table("appointment", MetaData(), autoload_with=connection)
            row_id = uuid.uuid4()
            connection.execute(
                table.insert().values(
                    id=row_id if connection.dialect.name == "postgresql" else row_id.hex,
                    code="EXT-20261123-7",
                    day=date(2026, 11, 23),
                    slot_start=time(10, 0),
                    slot_end=time(10, 30),
                    category="A",
                    id_hash="0" * 64,
                    status="booked",
                    created_at=datetime(2026, 11, 20, 2, tzinfo=UTC),
                )
            )
    finally:
        engine.dispose()
    with open_hall(hall_db_url) as hall:  # Monday 10:00: migrated to the head on the way
        token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
        with TestClient(hall.app, headers={"Authorization": f"Bearer {token}"}) as client:
            reply = client.post("/api/v1/appointments/check-in", json={"code": "EXT-20261123-7"})
            assert reply.status_code == 201, reply.text
            assert reply.json()["ticket"]["number"] == "Y001"
            assert client.post("/api/v1/appointments/find", json={"id_number": "11010119900307123X"}).json() == {
                "appointments": []
            }
        with hall.sessions() as session:
            assert session.scalar(select(func.count()).select_from(BookingSlot)) == 0
