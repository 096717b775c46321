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


def ensure_writable_dir(path: Path) -> Path:
    """Create the directory if needed and prove a file can be written there; touch nothing already in it."""
    hint = f"set {ENV_DATA_DIR} or paths.data_dir to a writable directory"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DataDirError(f"数据目录不可写 / data directory is not writable: {path} ({reason}); {hint}") from None
    return path
