"""Booking at the kiosk: places taken per slot, a lock row per person, and an appointment's item, sealed phone and
masks. Appointments recorded before keep working: the new columns are empty for them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_slot",
        sa.Column("item_code", sa.String(60), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("slot_start", sa.Time(), primary_key=True),
        sa.Column("booked", sa.Integer(), nullable=False),
    )
    op.create_table(
        "booking_holder",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("last_booked_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("appointment") as table:
        table.add_column(sa.Column("item_code", sa.String(60), nullable=True))
        table.add_column(sa.Column("phone_sealed", sa.Text(), nullable=True))
        table.add_column(sa.Column("phone_masked", sa.String(30), nullable=True))
        table.add_column(sa.Column("id_masked", sa.String(24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appointment") as table:
        table.drop_column("id_masked")
        table.drop_column("phone_masked")
        table.drop_column("phone_sealed")
        table.drop_column("item_code")
    op.drop_table("booking_holder")
    op.drop_table("booking_slot")
