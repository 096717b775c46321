"""Device fleet: the last state each kiosk and hall device controller reported for each of its devices.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_status",
        sa.Column("source", sa.String(32), primary_key=True),
        sa.Column("device", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("message", sa.String(300), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("device_status")
