"""Electronic supervision (电子监察, docs/hall-web.md): since when a window is paused, warnings that close by
themselves when their condition ends (one standing warning per kind and subject), and the indexes of the sweep's
and the daily report's reads.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

STANDING = "cleared_at IS NULL AND kind LIKE 'supervision.%'"


def upgrade() -> None:
    with op.batch_alter_table("window_state") as batch:
        batch.add_column(sa.Column("paused_at", sa.DateTime(), nullable=True))
    # A window paused before this version: paused since now, as far as anyone can tell.
    now = "now() AT TIME ZONE 'UTC'" if op.get_context().dialect.name == "postgresql" else "CURRENT_TIMESTAMP"
    op.execute(f"UPDATE window_state SET paused_at = {now} WHERE paused")
    with op.batch_alter_table("alert") as batch:
        batch.add_column(sa.Column("cleared_at", sa.DateTime(), nullable=True))
    op.create_index(
        "ux_alert_supervision",
        "alert",
        ["kind", "subject"],
        unique=True,
        sqlite_where=sa.text(STANDING),
        postgresql_where=sa.text(STANDING),
    )
    op.create_index("ix_filing_status_received", "filing", ["status", "received_at"])
    op.create_index("ix_filing_event_at", "filing_event", ["at"])


def downgrade() -> None:
    op.drop_index("ix_filing_event_at", table_name="filing_event")
    op.drop_index("ix_filing_status_received", table_name="filing")
    op.drop_index("ux_alert_supervision", table_name="alert")
    with op.batch_alter_table("alert") as batch:
        batch.drop_column("cleared_at")
    with op.batch_alter_table("window_state") as batch:
        batch.drop_column("paused_at")
