"""Every test gets its own data dir and config, Qt offscreen, clean logging, and no thread left running.

The end-to-end tests carry the ``e2e`` marker, set here by where they live and what they use, so that
``make test-quick`` (``pytest -m "not e2e"``) can leave them out.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
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


# A shell without job control starts a background command with SIGINT ignored, and an ignored signal stays ignored
# in every process it starts: the commands the tests run as processes would then sleep through the SIGINT that
# tests their stop. The suite handles SIGINT as when started from a terminal, wherever it was started.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


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


# -- quick and end-to-end ----------------------------------------------------------------------------------------
# End to end: real processes, servers over HTTP, simulators on ptys, Chromium, PostgreSQL, Qt screens. These paths
# (under tests/) hold nothing else; a module that mixes both marks its few end-to-end tests with @pytest.mark.e2e.
E2E_PATHS = (
    "ui/",  # Qt screens, the kiosk in a subprocess
    "kiosk/cli/",  # the kiosk command in a subprocess, against simulators on ptys
    "kiosk/hallclient/test_client.py",  # a hall served over HTTP
    "kiosk/hallclient/test_outbox.py",  # a hall served over HTTP
    "kiosk/halldevices/test_controller.py",  # a hall over HTTP, pads on a pty or TCP
    "kiosk/printing/test_jobs.py",  # the printer simulator on a pty
    "kiosk/station/test_devices_port.py",  # simulators on ptys
    "kiosk/station/test_guide_and_rating.py",  # a hall over HTTP, the printer simulator
    "kiosk/station/test_hall_port.py",  # a hall over HTTP, the printer simulator
    "kiosk/station/test_services.py",  # the embedded hall server, simulated pads
    "kiosk/station/test_words_reach_the_flows.py",  # a hall over HTTP, the printer simulator
    "drivers/escpos/test_printer_e2e.py",  # the printer simulator on a pty
    "drivers/idcard/test_reader_e2e.py",  # the ID reader simulator on a pty
    "drivers/pads/test_bus.py",  # simulated pads on a pty or TCP
    "drivers/pads/test_urls.py",  # sim:// pads on a pty
    "drivers/scanner/test_serial_e2e.py",  # the scanner simulator on a pty
    "drivers/scanner/test_two_scanners.py",  # the scanner simulator on a pty
    "drivers/ticketer/test_window_displays.py",  # the display bus simulator on a pty
    "hall/test_api_fuzz.py",  # a hall served over HTTP, fuzzed
    "hall/test_display_page.py",  # Chromium against a hall over HTTP
    "hall/test_events.py",  # event streams from a hall over HTTP
    "hall/test_fleet.py",  # Chromium against a hall over HTTP
    "test_shutdown.py",  # every long-running command in a subprocess, stopped by a signal
    "devtools/powercut/",  # children under the power-cut layer, SIGKILLed
)
E2E_FIXTURES = {"qtbot", "web_page"}  # a Qt screen, a page in Chromium, wherever it is


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    for item in items:
        where = item.path.relative_to(tests).as_posix()
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("hall_db_url") == "postgresql"
        uses = set(getattr(item, "fixturenames", ()))
        if on_postgres or where.startswith(E2E_PATHS) or uses & E2E_FIXTURES:
            item.add_marker(pytest.mark.e2e)
