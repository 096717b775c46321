"""Alembic environment of the hall database: migrations run on the connection the hall hands over."""

from __future__ import annotations

from alembic import context

from hall.models import HallBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=HallBase.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
