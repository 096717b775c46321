"""Mask the ID numbers typed into free text before the hall masked it on the way in: rating comments, follow-up
notes, device reports, staff notes and requested materials, addresses, attachment names, upload materials and
phone file names (the filed forms were masked from the start).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from devices.privacy import mask_id_numbers_in

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

FREE_TEXT = {
    "rating": ("comment",),
    "follow_up": ("note",),
    "device_status": ("name", "message", "reasons", "detail"),
    "filing": ("note", "missing_materials", "materials_to_bring", "delivery", "attachments"),
    "filing_event": ("note",),
    "upload_session": ("material",),
    "upload_file": ("name",),
}


def upgrade() -> None:
    connection = op.get_bind()
    for name, columns in FREE_TEXT.items():
        table = sa.Table(name, sa.MetaData(), autoload_with=connection)
        keys = list(table.primary_key.columns)
        for row in connection.execute(sa.select(*keys, *(table.c[c] for c in columns))).mappings():
            changed = {c: mask_id_numbers_in(row[c]) for c in columns if mask_id_numbers_in(row[c]) != row[c]}
            if changed:
                match = sa.and_(*(key == row[key.name] for key in keys))
                connection.execute(sa.update(table).where(match).values(**changed))


def downgrade() -> None:
    pass  # what was masked stays masked
