"""Filings (自助申报) taken from kiosks, and the audit trail of what happened to each.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "filing",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(24), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("kiosk_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("applicant_name", sa.String(40), nullable=False),
        sa.Column("id_number_sealed", sa.String(200), nullable=False),
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("phone", sa.String(30), nullable=True),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("form_sealed", sa.Text(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("materials_to_bring", sa.JSON(), nullable=False),
        sa.Column("delivery", sa.JSON(), nullable=False),
        sa.Column("body_digest", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("missing_materials", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("result_sha256", sa.String(64), nullable=True),
        sa.Column("result_ready", sa.Boolean(), nullable=False),
        sa.Column("collected", sa.Boolean(), nullable=False),
        sa.Column("reprint_allowed", sa.Boolean(), nullable=False),
        sa.Column("item_withdrawn", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ux_filing_number", "filing", ["number"], unique=True)
    op.create_index("ix_filing_kiosk_updated", "filing", ["kiosk_id", "updated_at", "id"])
    op.create_index("ix_filing_updated", "filing", ["updated_at", "id"])
    op.create_index("ix_filing_id_hash", "filing", ["id_hash"])
    op.create_table(
        "filing_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("filing_id", sa.Uuid(), sa.ForeignKey("filing.id"), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("from_status", sa.String(24), nullable=True),
        sa.Column("to_status", sa.String(24), nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
    )
    op.create_index("ix_filing_event_filing", "filing_event", ["filing_id", "id"])


def downgrade() -> None:
    op.drop_table("filing_event")
    op.drop_table("filing")
