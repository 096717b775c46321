"""The hall database's migrations and its typed models describe the same schema, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import hall.alerts
import hall.appointments
import hall.disclosure  # registers the notice table
import hall.filings  # registers the filing tables
import hall.fleet  # registers the device status table
import hall.hotline  # registers the hotline order table
import hall.payments.tables
import hall.phone_upload  # registers the upload session tables
import hall.rating_review  # registers the follow-up step and appeal tables
import hall.ratings
import hall.webui.sessions  # noqa: F401 - registers the sign-in table
from hall.models import HallBase


def test_migrations_match_the_models(hall_db: tuple[Engine, sessionmaker[Session]]) -> None:
    engine, _ = hall_db
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), HallBase.metadata)
    assert differences == []
