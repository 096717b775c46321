"""`kiosk run` brings the whole station up behind the touch UI and takes it all down on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from common.settings import load_kiosk_config
from tests.support.waiting import wait_until

KIOSK = Path(sys.executable).with_name("kiosk")


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_kiosk_run_serves_the_ui_and_stops_cleanly_on_sigterm(station_config: Path, data_dir: Path) -> None:
    port = urlsplit(load_kiosk_config(station_config).hall.url).port
    assert port is not None
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [str(KIOSK), "run", "--windowed", "--config", str(station_config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = data_dir / "logs" / "kiosk.log"
    try:
        up = wait_until(lambda: log.exists() and "touch UI up" in log.read_text(encoding="utf-8"), 60)
        assert up, process.stderr.read() if process.poll() is not None else "no 'touch UI up' in the log"
        assert port_open(port), "the embedded hall serves while the kiosk runs"
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "kiosk stopped" in log.read_text(encoding="utf-8")
    assert not port_open(port), "the embedded hall stopped with the kiosk"


def test_kiosk_demo_needs_an_out_directory() -> None:
    finished = subprocess.run([str(KIOSK), "demo"], check=False, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 2 and "--out" in finished.stderr
