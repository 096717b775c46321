"""`kiosk run` on an X display with no window manager, as the station's session starts it (docs/deploy.md): the
touch UI fills the screen by itself. Runs where Xvfb is installed; skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.ports import free_port
from tests.support.notify import NotifySocket
from tests.support.processes import KIOSK, Running

XVFB = shutil.which("Xvfb")
pytestmark = pytest.mark.skipif(XVFB is None, reason="Xvfb is not installed")


@pytest.fixture
def portrait_display() -> Iterator[str]:
    """A 1080x1920 X server with no window manager; its display name (``-displayfd``: a free number)."""
    assert XVFB is not None
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1080x1920x24", "-s", "0"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        assert number, "Xvfb gave no display number"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(30)


def test_the_touch_ui_fills_a_screen_that_has_no_window_manager(
    portrait_display: str, config_dir: Path, data_dir: Path
) -> None:
    # Given the kiosk started in its locked full-screen mode on the station's bare X display, under systemd
    config = config_dir / "kiosk.toml"
    config.write_text(config.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    log = data_dir / "logs" / "kiosk.log"
    with NotifySocket() as systemd:
        env = {"DISPLAY": portrait_display, "QT_QPA_PLATFORM": "xcb", **systemd.env()}
        with Running([KIOSK, "run", "--config", config], env=env) as kiosk:
            systemd.wait_for("READY=1")
            # Then its window is the whole screen, though nothing honoured "full screen" for it
            assert "touch UI up on xcb (1080x1920)" in log.read_text(encoding="utf-8")
            kiosk.stop(signal.SIGTERM).assert_clean(0)
