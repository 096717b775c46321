"""好差评 ratings, their follow-ups, and used rating links.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
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
        "rating",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("ticket_id", sa.Uuid(), sa.ForeignKey("ticket.id"), nullable=True),
        sa.Column("filing_id", sa.String(40), nullable=True),
        sa.Column("stage", sa.String(12), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("efficiency", sa.Integer(), nullable=True),
        sa.Column("service_level", sa.Integer(), nullable=True),
        sa.Column("attitude", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("staff", sa.String(32), nullable=True),
        sa.Column("item_code", sa.String(64), nullable=True),
        sa.Column("comment", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    # One rating per ticket (or filing) per stage, enforced by the database even when two pads post at once.
    op.create_index("ux_rating_ticket_stage", "rating", ["ticket_id", "stage"], unique=True)
    op.create_index("ux_rating_filing_stage", "rating", ["filing_id", "stage"], unique=True)
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("rating_id", sa.Uuid(), sa.ForeignKey("rating.id"), nullable=False, unique=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
    )
    op.create_index("ix_follow_up_open", "follow_up", ["status", "due_date"])
    op.create_table(
        "rating_link_use",
        sa.Column("link_id", sa.String(32), primary_key=True),
        sa.Column("rating_id", sa.Uuid(), sa.ForeignKey("rating.id"), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rating_link_use")
    op.drop_table("follow_up")
    op.drop_table("rating")
