"""Upload sessions of materials from the citizen's phone, and the files that reached them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_session",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("material", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_upload_session_expires", "upload_session", ["expires_at"])
    op.create_table(
        "upload_file",
        sa.Column("session_id", sa.Uuid(), sa.ForeignKey("upload_session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("upload_file")
    op.drop_index("ix_upload_session_expires", table_name="upload_session")
    op.drop_table("upload_session")
