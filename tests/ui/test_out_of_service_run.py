"""`kiosk run` as systemd runs it: SIGKILLed three times in a row, the fourth start shows the out-of-service screen
(and opens none of the station's services); `kiosk crashes --reset` and a clean stop bring it back in service."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.support.notify import NotifySocket
from tests.support.processes import KIOSK, READY_WITHIN_S, STOPPED_WITHIN_S
from tests.support.waiting import wait_until

UP = "touch UI up"
OUT = "out-of-service screen up"
OPENING = "starting with"  # the station opens its store, then the hall and the devices


def start(config: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(KIOSK), "run", "--windowed", "--config", str(config)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(process: subprocess.Popen[str], log: Path, text: str, seen: int) -> None:
    """Wait for the ``seen + 1``-th line of the log holding ``text``."""

    def there() -> bool:
        return log.exists() and log.read_text(encoding="utf-8").count(text) > seen

    if not wait_until(lambda: there() or process.poll() is not None, READY_WITHIN_S) or not there():
        _out, err = process.communicate(timeout=STOPPED_WITHIN_S) if process.poll() is not None else ("", "")
        raise AssertionError(f"no {text!r} in the log: {err}")


def stop(process: subprocess.Popen[str], how: signal.Signals) -> int:
    process.send_signal(how)
    try:
        process.communicate(timeout=STOPPED_WITHIN_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode


def test_three_kills_put_it_out_of_service_and_a_reset_brings_it_back(station_config: Path, data_dir: Path) -> None:
    log = data_dir / "logs" / "kiosk.log"
    # Killed once serving, twice while the station opens: the same to the record (no clean stop).
    for seen, line in enumerate((UP, OPENING, OPENING)):
        process = start(station_config)
        wait_for_line(process, log, line, seen if line == OPENING else 0)
        assert stop(process, signal.SIGKILL) == -signal.SIGKILL
    before = log.read_text(encoding="utf-8")

    with NotifySocket() as systemd:  # under systemd with a watchdog, the out-of-service screen feeds it too
        process = start(station_config, systemd.env(watchdog_usec=2_000_000))
        wait_for_line(process, log, OUT, 0)
        after_ready = systemd.wait_for("READY=1")
        systemd.wait_for("WATCHDOG=1", since=after_ready)
        assert "STATUS=暂停服务 / out of service" in systemd.fields()
    text = log.read_text(encoding="utf-8")
    assert text.count("crash counted") == 3
    assert "ERROR kiosk.station.crash_record: out of service: 3 crashes in 10 minutes" in text
    after = text[len(before) :]
    assert OPENING not in after and UP not in after, "out of service, the station's services stay closed"
    assert stop(process, signal.SIGTERM) == 0

    process = start(station_config)  # a clean stop alone changes nothing: still out of service
    wait_for_line(process, log, OUT, 1)
    assert stop(process, signal.SIGTERM) == 0

    reset = subprocess.run(
        [str(KIOSK), "crashes", "--reset", "--config", str(station_config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout.count("崩溃 / crash") == 3 and "in service at the next start" in reset.stdout

    process = start(station_config)
    wait_for_line(process, log, UP, text.count(UP))
    assert stop(process, signal.SIGTERM) == 0
    text = log.read_text(encoding="utf-8")
    assert text.count("crash counted") == 3, "clean stops are not crashes"
    assert text.count(OUT) == 2
