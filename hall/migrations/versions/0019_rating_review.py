"""好差评 review: follow-up steps (回访, 整改), appeals (申诉复核), voided ratings, and the statistics' index.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A voided rating stays in the record, marked; the statistics leave it out.
    with op.batch_alter_table("rating") as batch:
        batch.add_column(sa.Column("voided", sa.Boolean(), nullable=False, server_default=sa.false()))
    # The statistics read a date range of ratings and group by these columns (hall/rating_stats.py): the index
    # covers them all, so a year's GROUP BY reads it alone instead of the table (benchmarks/rating_stats.py).
    op.create_index(
        "ix_rating_stats", "rating", ["created_at", "voided", "level", "window", "channel", "staff", "item_code"]
    )
    op.create_table(
        "follow_up_step",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("follow_up_id", sa.Uuid(), sa.ForeignKey("follow_up.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
    )
    op.create_index("ux_follow_up_step_kind", "follow_up_step", ["follow_up_id", "kind"], unique=True)
    op.create_table(
        "appeal",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("rating_id", sa.Uuid(), sa.ForeignKey("rating.id"), nullable=False, unique=True),
        sa.Column("appealed_by", sa.String(64), nullable=False),
        sa.Column("appealed_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
    )
    op.create_index("ix_appeal_decision", "appeal", ["decision", "appealed_at"])


def downgrade() -> None:
    op.drop_index("ix_appeal_decision", table_name="appeal")
    op.drop_table("appeal")
    op.drop_index("ux_follow_up_step_kind", table_name="follow_up_step")
    op.drop_table("follow_up_step")
    op.drop_index("ix_rating_stats", table_name="rating")
    with op.batch_alter_table("rating") as batch:
        batch.drop_column("voided")
