"""The PostgreSQL client tools a backup needs: a missing tool and one older than the server are refused in words
that say which package to install."""

from __future__ import annotations

import pytest

from hall.backup_files import BackupError
from hall.backup_postgres import find_tool, libpq_url

pytestmark = pytest.mark.e2e  # runs the installed pg_dump to read its version


def test_a_missing_tool_is_refused_with_the_package_to_install() -> None:
    with pytest.raises(BackupError) as missing:
        find_tool("pg_nothing", 15)
    assert str(missing.value).startswith(
        "没有找到 pg_nothing，请安装 PostgreSQL 客户端（apt install postgresql-client-15）"
    )


def test_a_tool_older_than_the_server_is_refused() -> None:
    with pytest.raises(BackupError) as older:
        find_tool("pg_dump", 99)
    assert "older than the database server (99): install postgresql-client-99" in str(older.value)
    assert find_tool("pg_dump", 15).name == "pg_dump"


def test_the_database_url_is_handed_to_libpq_without_the_driver() -> None:
    assert libpq_url("postgresql+psycopg://hall@db.local/hall") == "postgresql://hall@db.local/hall"
