"""12345 hotline work orders (docs/hall-web.md, "12345 热线 Hotline link"): one row per order, also its outbox.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hotline_order",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ux_hotline_order_subject", "hotline_order", ["kind", "subject"], unique=True)
    op.create_index("ix_hotline_order_due", "hotline_order", ["state", "next_attempt_at"])
    op.create_index("ix_hotline_order_created", "hotline_order", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_hotline_order_created", table_name="hotline_order")
    op.drop_index("ix_hotline_order_due", table_name="hotline_order")
    op.drop_index("ux_hotline_order_subject", table_name="hotline_order")
    op.drop_table("hotline_order")
