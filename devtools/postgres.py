"""A throwaway PostgreSQL cluster on a free loopback port, for the hall's tests and its benchmark."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from devtools.ports import free_port

# Tests want speed and throw the data away; a benchmark keeps PostgreSQL's durable defaults (fsync, synchronous
# commit, full page writes) so that its numbers mean what production would see.
FAST_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class PostgresMissing(RuntimeError):
    """Debian's postgresql package (initdb, pg_ctl) is not installed."""


@dataclass(frozen=True)
class Cluster:
    url: str  # postgresql+psycopg://postgres@127.0.0.1:PORT, without a database name
    data_dir: Path

    @property
    def postmaster_pid(self) -> int:
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise PostgresMissing(
            "PostgreSQL is not installed: `make test` installs Debian's postgresql package; run it as root"
        )
    return found[-1].parent


@contextlib.contextmanager
def throwaway_cluster(binaries: Path | None = None, *, durable: bool = False) -> Iterator[Cluster]:
    """A private cluster on a free port (initdb as the postgres user when run as root); removed afterwards."""
    binaries = binaries or postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(root, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", free_port()
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300"
    if not durable:
        options += f" {FAST_OPTIONS}"
    subprocess.run(
        [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o", options, "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield Cluster(f"postgresql+psycopg://postgres@127.0.0.1:{port}", data)
    finally:
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def create_database(server_url: str, name: str) -> str:
    """An empty database ``name`` on the cluster; returns its SQLAlchemy URL."""
    with psycopg.connect(f"{_plain(server_url)}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(f"{_plain(server_url)}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _plain(server_url: str) -> str:
    return server_url.replace("postgresql+psycopg://", "postgresql://")
