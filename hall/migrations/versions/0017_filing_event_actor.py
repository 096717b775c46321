"""Who acted on a filing, by name: the token name of the staff member (the web's workbench, the API) beside the
role the filing's audit trail always held (docs/hall-web.md).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("filing_event") as batch:
        batch.add_column(sa.Column("actor", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("filing_event") as batch:
        batch.drop_column("actor")
