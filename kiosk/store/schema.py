"""The local store's migrations (kiosk/store/migrations/versions, numbered 0001, 0002 ...)."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from common.schema import alembic_config

MIGRATIONS = Path(__file__).parent / "migrations"


def store_migrations() -> Config:
    return alembic_config(MIGRATIONS)
