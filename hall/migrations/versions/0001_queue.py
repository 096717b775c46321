"""The queue: number counters, tickets, window states.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WAITING_WITH_ID = sa.text("status = 'waiting' AND id_hash IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "number_counter",
        sa.Column("category", sa.String(1), primary_key=True),
        sa.Column("service_day", sa.Date(), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(8), nullable=False),
        sa.Column("category", sa.String(1), nullable=False),
        sa.Column("issued_category", sa.String(1), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("channel", sa.String(12), nullable=False),
        sa.Column("green", sa.Boolean(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("transferred", sa.Boolean(), nullable=False),
        sa.Column("appointment", sa.Boolean(), nullable=False),
        sa.Column("target_window", sa.Integer(), nullable=True),
        sa.Column("id_hash", sa.String(64), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("recalls", sa.Integer(), nullable=False),
    )
    op.create_index("ux_ticket_number", "ticket", ["service_day", "issued_category", "seq"], unique=True)
    op.create_index("ix_ticket_queue", "ticket", ["service_day", "status", "category"])
    op.create_index(
        "ux_ticket_waiting_id",
        "ticket",
        ["id_hash", "category"],
        unique=True,
        sqlite_where=WAITING_WITH_ID,
        postgresql_where=WAITING_WITH_ID,
    )
    op.create_table(
        "window_state",
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("window_state")
    op.drop_table("ticket")
    op.drop_table("number_counter")
