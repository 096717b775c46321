"""Filings: the filing, its attachments, the per-day sequence of numbers, the sync worker's state; parked
outbox messages.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("parked_at", sa.DateTime(), nullable=True))
    op.add_column("outbox", sa.Column("park_reason", sa.Text(), nullable=True))
    op.create_table(
        "filing",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(32), nullable=False, unique=True),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("applicant_name", sa.String(40), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=True),
        sa.Column("id_number_masked", sa.String(18), nullable=False),
        sa.Column("phone", sa.String(30), nullable=True),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("materials_to_bring", sa.JSON(), nullable=False),
        sa.Column("delivery_method", sa.String(8), nullable=False),
        sa.Column("delivery_address", sa.String(200), nullable=True),
        sa.Column("status", sa.String(24), nullable=True),
        sa.Column("status_zh", sa.String(60), nullable=True),
        sa.Column("status_en", sa.String(120), nullable=True),
        sa.Column("missing_materials", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("result_ready", sa.Boolean(), nullable=False),
        sa.Column("collected", sa.Boolean(), nullable=False),
        sa.Column("hall_updated_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_filing_id_number", "filing", ["id_number"])
    op.create_index("ix_filing_confirmed", "filing", ["confirmed_at", "purged_at"])
    op.create_table(
        "filing_attachment",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("filing_id", sa.Uuid(), sa.ForeignKey("filing.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("material", sa.String(200), nullable=True),
        sa.Column("uploaded", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_filing_attachment_filing", "filing_attachment", ["filing_id"])
    op.create_index("ix_filing_attachment_sha", "filing_attachment", ["sha256"])
    op.create_table(
        "filing_sequence",
        sa.Column("kiosk_code", sa.String(12), primary_key=True),
        sa.Column("service_day", sa.Date(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_table("filing_sequence")
    op.drop_index("ix_filing_attachment_sha", table_name="filing_attachment")
    op.drop_index("ix_filing_attachment_filing", table_name="filing_attachment")
    op.drop_table("filing_attachment")
    op.drop_index("ix_filing_confirmed", table_name="filing")
    op.drop_index("ix_filing_id_number", table_name="filing")
    op.drop_table("filing")
    op.drop_column("outbox", "park_reason")
    op.drop_column("outbox", "parked_at")
