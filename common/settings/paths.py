"""Where the config and the data live: shipped defaults, environment overrides, and a writability check."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from common.errors import DataDirError

APP_NAME = "hall-kiosk"
ENV_CONFIG = "KIOSK_CONFIG"
ENV_DATA_DIR = "KIOSK_DATA_DIR"


def shipped_config_dir() -> Path:
    """config/ of a source checkout, else the copy packed into the wheel."""
    checkout = Path(__file__).resolve().parents[2] / "config"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "shipped_config"


def resolve_data_dir(configured: Path | None) -> Path:
    """KIOSK_DATA_DIR, else paths.data_dir from the config, else the platform's user data dir."""
    from_env = os.environ.get(ENV_DATA_DIR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    if configured is not None:
        return configured
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# Personal data lives under the data dir: readable by the service's user only, whatever the umask.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents, each 0700 whatever the umask); an existing one of ours is tightened."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        folder.chmod(PRIVATE_DIR_MODE)
        sync_directory(folder.parent)  # the new entry survives a power cut, like the files put in it later
    if path.stat().st_uid == os.geteuid():
        path.chmod(PRIVATE_DIR_MODE)
    return path


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC) -> int:
    """``os.open`` of a file made 0600 whatever the umask (an existing one is tightened too)."""
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def private_sqlite_file(path: Path) -> Path:
    """Make the SQLite file ``path`` exist as 0600 before SQLite opens it (SQLite gives its -wal, -shm and -journal
    files the main file's mode), and tighten the files an older version left."""
    private_dir(path.parent)
    os.close(open_private(path, os.O_RDWR | os.O_CREAT))
    for suffix in SQLITE_SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.chmod(PRIVATE_FILE_MODE)
    return path


def ensure_writable_dir(path: Path) -> Path:
    """Create the directory if needed (0700: it holds personal data) and prove a file can be written there; touch
    nothing already in it but its own mode."""
    hint = f"set {ENV_DATA_DIR} or paths.data_dir to a writable directory"
    try:
        private_dir(path)
        probe = path / f".write-test-{os.getpid()}"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DataDirError(f"数据目录不可写 / data directory is not writable: {path} ({reason}); {hint}") from None
    return path


def sync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (the directory entry, not only the file's bytes)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
