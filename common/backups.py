"""ID numbers masked in the copies a migration makes of a SQLite database (``<file>.before-<revision>``).

A migration backs the file up first (common/schema.py); a copy made before a version that masks or seals ID
numbers still holds them readable. After the migration, every text value of every table in such a copy is masked
(and the columns that held a clear number are emptied): the copy still opens with the version that made it, and
holds what a masked store holds. A copy done once is marked (``PRAGMA user_version``) and left alone after.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from devices.privacy import mask_id_numbers

log = logging.getLogger(__name__)

MASKED = 5005  # PRAGMA user_version of a copy whose ID numbers were masked


def mask_backups(path: Path, *, emptied: Sequence[tuple[str, str]] = ()) -> list[Path]:
    """Mask the copies of ``path`` not masked yet; ``emptied`` (table, column) are set to NULL. The copies done."""
    done = []
    for backup in sorted(path.parent.glob(f"{path.name}.before-*")):
        connection = sqlite3.connect(backup)
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] == MASKED:
                continue
            connection.execute("PRAGMA secure_delete=ON")  # the clear text's pages are overwritten, not freed
            _mask_every_text(connection, emptied)
            connection.execute(f"PRAGMA user_version={MASKED}")
            connection.commit()
            connection.execute("VACUUM")
        finally:
            connection.close()
        log.info("ID numbers masked in the backup %s", backup)
        done.append(backup)
    return done


def _mask_every_text(connection: sqlite3.Connection, emptied: Sequence[tuple[str, str]]) -> None:
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    # An append-only table (the audit log: triggers refuse changes) masked its text when it was written.
    guarded = {row[0] for row in connection.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")}
    for table in [name for name in tables if name not in guarded]:
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        cleared = [column for name, column in emptied if name == table and column in columns]
        for rowid, *values in connection.execute(f'SELECT rowid, * FROM "{table}"').fetchall():
            changed: dict[str, str | None] = {
                name: mask_id_numbers(value)
                for name, value in zip(columns, values, strict=True)
                if isinstance(value, str) and mask_id_numbers(value) != value
            }
            changed.update({column: None for column in cleared if values[columns.index(column)] is not None})
            if changed:
                assignments = ", ".join(f'"{name}" = ?' for name in changed)
                connection.execute(f'UPDATE "{table}" SET {assignments} WHERE rowid = ?', [*changed.values(), rowid])
