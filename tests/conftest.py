"""Every test gets its own data dir and config, Qt offscreen, clean logging, and no thread left running."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import REPO, SHIPPED_CONFIG

# Set before pytest-qt or any test imports Qt: the suite never needs a screen.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

# The shared fixtures (tests/support): a hall on SQLite for any test that asks for ``hall``.
pytest_plugins = ["tests.support.hall"]

__all__ = ["REPO", "SHIPPED_CONFIG"]  # tests written before tests/support import them from here


@pytest.fixture(autouse=True)
def isolated_station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private data dir and a private copy of the shipped configs; nothing touches the real ones."""
    data_dir = tmp_path / "data"
    config_dir = tmp_path / "config"
    shutil.copytree(SHIPPED_CONFIG, config_dir)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data_dir))
    monkeypatch.setenv("KIOSK_CONFIG", str(config_dir / "kiosk.toml"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield config_dir
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in left:
        thread.join(timeout=2)
    still = [t.name for t in left if t.is_alive()]
    assert not still, f"test left threads running: {still}"


@pytest.fixture
def config_dir(isolated_station: Path) -> Path:
    return isolated_station


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
