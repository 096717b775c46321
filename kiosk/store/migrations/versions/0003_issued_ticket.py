"""Issued tickets: the numbers this kiosk took, so it can show and reprint them after a printer fault or a crash.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_ticket",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(8), nullable=False),
        sa.Column("category", sa.String(1), nullable=False),
        sa.Column("category_name_zh", sa.String(40), nullable=False),
        sa.Column("category_name_en", sa.String(80), nullable=False),
        sa.Column("waiting_ahead", sa.Integer(), nullable=False),
        sa.Column("eta_minutes", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("qr_url", sa.String(300), nullable=False),
        sa.Column("how", sa.String(12), nullable=False),
        sa.Column("printed", sa.Boolean(), nullable=False),
        sa.Column("print_message", sa.Text(), nullable=False),
    )
    op.create_index("ix_issued_ticket_issued_at", "issued_ticket", ["issued_at"])


def downgrade() -> None:
    op.drop_index("ix_issued_ticket_issued_at", table_name="issued_ticket")
    op.drop_table("issued_ticket")
