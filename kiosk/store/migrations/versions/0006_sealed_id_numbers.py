"""Seal the ID numbers kept in clear: each filing's number sealed under the kiosk's key file and found by a keyed
hash, forms that held an ID number masked (their typed copy sealed), and ID numbers masked in the free text of
outbox messages, print jobs, issued tickets, addresses and attachment names.

The key comes from the store that runs the migration (kiosk/store/database.py ``open_store``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from devices.privacy import mask_id_numbers_in

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Free text a person or a device may have put an ID number in: (table, key column, text columns, JSON columns).
FREE_TEXT = [
    ("outbox", "id", ("last_error", "park_reason"), ("payload",)),
    ("print_job", "id", ("reference", "reasons", "detail"), ()),
    ("issued_ticket", "id", ("print_message",), ()),
    ("filing", "id", ("delivery_address", "note"), ("materials_to_bring", "missing_materials")),
    ("filing_attachment", "id", ("name", "material"), ()),
]


def upgrade() -> None:
    with op.batch_alter_table("filing") as batch:
        batch.add_column(sa.Column("id_number_sealed", sa.Text(), nullable=True))
        batch.add_column(sa.Column("id_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("form_sealed", sa.Text(), nullable=True))
    connection = op.get_bind()
    _seal_filings(connection)
    for table, key, texts, jsons in FREE_TEXT:
        _mask(connection, table, key, texts, jsons)
    op.drop_index("ix_filing_id_number", table_name="filing")
    with op.batch_alter_table("filing") as batch:
        batch.drop_column("id_number")  # the table is rebuilt: the clear numbers' pages are freed (secure_delete)
    op.create_index("ix_filing_id_hash", "filing", ["id_hash"])


def _seal_filings(connection: sa.Connection) -> None:
    rows = connection.execute(sa.text("SELECT id, id_number, form FROM filing")).all()
    if not rows:
        return
    keys = context.config.attributes.get("store_keys")
    if keys is None:
        raise RuntimeError("this migration seals ID numbers: run it through kiosk.store.open_store (the key file)")
    for filing_id, id_number, form_text in rows:
        context_bytes = uuid.UUID(str(filing_id)).bytes
        values: dict[str, Any] = {"id": filing_id, "sealed": None, "hash": None, "form": form_text, "form_sealed": None}
        if id_number:
            values["sealed"] = keys.seal(id_number, context_bytes)
            values["hash"] = keys.lookup_hash(id_number)
        form = json.loads(form_text) if isinstance(form_text, str) else form_text
        masked = mask_id_numbers_in(form)
        if masked != form:
            values["form"] = json.dumps(masked, ensure_ascii=False)
            if id_number:  # a purged filing keeps no typed copy
                values["form_sealed"] = keys.seal(json.dumps(form, ensure_ascii=False), context_bytes)
        connection.execute(
            sa.text(
                "UPDATE filing SET id_number_sealed = :sealed, id_hash = :hash, form = :form, "
                "form_sealed = :form_sealed, id_number = NULL WHERE id = :id"
            ),
            values,
        )


def _mask(connection: sa.Connection, table: str, key: str, texts: tuple[str, ...], jsons: tuple[str, ...]) -> None:
    columns = [*texts, *jsons]
    rows = connection.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")).all()
    for row in rows:
        changed: dict[str, Any] = {}
        for name, value in zip(columns, row[1:], strict=True):
            if value is None:
                continue
            if name in jsons:
                parsed = json.loads(value) if isinstance(value, str) else value
                masked = mask_id_numbers_in(parsed)
                if masked != parsed:
                    changed[name] = json.dumps(masked, ensure_ascii=False)
            elif mask_id_numbers_in(value) != value:
                changed[name] = mask_id_numbers_in(value)
        if changed:
            assignments = ", ".join(f"{name} = :{name}" for name in changed)
            connection.execute(
                sa.text(f"UPDATE {table} SET {assignments} WHERE {key} = :key"), {**changed, "key": row[0]}
            )


def downgrade() -> None:
    # The clear numbers are not restored: a downgrade keeps the masked ones only.
    op.drop_index("ix_filing_id_hash", table_name="filing")
    with op.batch_alter_table("filing") as batch:
        batch.add_column(sa.Column("id_number", sa.String(18), nullable=True))
        batch.drop_column("form_sealed")
        batch.drop_column("id_hash")
        batch.drop_column("id_number_sealed")
    op.create_index("ix_filing_id_number", "filing", ["id_number"])
