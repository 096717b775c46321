"""A hall on PostgreSQL in a backup: ``pg_dump`` (custom format) out, ``pg_restore`` in, with client tools at
least as new as the server (an older pg_dump refuses a newer server, and its archive may not restore)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg

from hall.backup_files import BackupError

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it (``postgresql+psycopg://`` -> ``postgresql://``)."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A connection to the hall's database; a refusal in words when there is none (no server, no database)."""
    try:
        return psycopg.connect(libpq_url(url), connect_timeout=10, autocommit=autocommit)
    except psycopg.Error as error:
        raise BackupError(
            f"连不上 PostgreSQL 数据库，请检查 --db 或 database.url / cannot reach the PostgreSQL database (check "
            f"--db or database.url): {str(error).strip()}"
        ) from None


def server_major(url: str) -> int:
    with connect(url) as connection:
        number = connection.execute("SHOW server_version_num").fetchone()
    assert number is not None
    return int(number[0]) // 10000


def _major(tool: Path) -> int | None:
    try:
        answer = subprocess.run([str(tool), "--version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    found = _VERSION.search(answer.stdout)
    return int(found.group(1)) if found else None


def find_tool(name: str, server: int) -> Path:
    """``name`` (pg_dump, pg_restore) of a version at least ``server``: the newest under /usr/lib/postgresql, or
    the one on PATH."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versions = [(major, tool) for tool in candidates if (major := _major(tool)) is not None]
    if not versions:
        raise BackupError(
            f"没有找到 {name}，请安装 PostgreSQL 客户端（apt install postgresql-client-{server}）/ {name} not "
            f"found: install the PostgreSQL client tools (apt install postgresql-client-{server})"
        )
    major, tool = max(versions, key=lambda found: found[0])
    if major < server:
        raise BackupError(
            f"{name} 版本 {major} 比数据库服务器 {server} 旧，请安装 postgresql-client-{server} / {tool} is "
            f"version {major}, older than the database server ({server}): install postgresql-client-{server}"
        )
    return tool


def dump(url: str, target: Path) -> None:
    tool = find_tool("pg_dump", server_major(url))
    command = [str(tool), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", libpq_url(url)]
    _run(command, "pg_dump 导出失败 / pg_dump failed")
    # Made with the umask's mode inside the 0700 folder: tightened, and made durable, before the folder is named.
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fchmod(fd, 0o600)
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(url: str, archive: Path) -> None:
    tool = find_tool("pg_restore", server_major(url))
    command = [str(tool), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
               f"--dbname={libpq_url(url)}", str(archive)]  # fmt: skip
    _run(command, "pg_restore 导入失败 / pg_restore failed")


def _run(command: list[str], what: str) -> None:
    answer = subprocess.run(command, capture_output=True, text=True, check=False)
    if answer.returncode != 0:
        raise BackupError(f"{what}: {answer.stderr.strip()[-2000:]}")


def table_count(url: str) -> int:
    """Tables in the database's public schema: 0 for a fresh database."""
    with connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return int(row[0]) if row else 0


def other_sessions(url: str) -> int:
    """Connections to this database besides this one: a hall server still running holds some."""
    with connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def wipe(url: str) -> None:
    """Drop everything in the public schema (``restore --force``)."""
    with connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
