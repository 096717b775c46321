"""Sign-ins to the staff's and supervisors' pages (docs/hall-web.md): one row per signed-in browser.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_session",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("token_name", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_web_session_expires", "web_session", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_web_session_expires", table_name="web_session")
    op.drop_table("web_session")
