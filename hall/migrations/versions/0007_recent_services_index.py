"""An index for the wait estimate's "last 20 services in this category", so it never sorts a year of tickets.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_ticket_recent_services", "ticket", ["category", "status", "finished_at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_recent_services", table_name="ticket")
