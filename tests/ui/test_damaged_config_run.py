"""`kiosk run` with its config file damaged after a good start: the station comes up from the copy kept at the
last good start, and the kiosk's log (which the technician page shows) says so in one bilingual line."""

from __future__ import annotations

import signal
from pathlib import Path

from devtools.ports import free_port
from tests.support.processes import KIOSK, Running

FALLBACK = "配置文件无法使用，已按上次成功启动时的副本运行"


def start_kiosk(config: Path, log: Path) -> tuple[str, str]:
    """The whole kiosk up (offscreen) and stopped again: what it printed on stderr, and its log."""
    with Running([KIOSK, "run", "--windowed", "--config", config], env={"QT_QPA_PLATFORM": "offscreen"}) as kiosk:
        kiosk.wait_until(lambda: log.exists() and "touch UI up" in log.read_text(encoding="utf-8"), "touch UI")
        stopped = kiosk.stop(signal.SIGTERM)
    stopped.assert_clean(0)
    text = log.read_text(encoding="utf-8")
    log.unlink()
    return stopped.err, text


def test_the_kiosk_starts_from_the_last_good_copy_and_says_so(config_dir: Path, data_dir: Path) -> None:
    config = config_dir / "kiosk.toml"
    config.write_text(config.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    log = data_dir / "logs" / "kiosk.log"
    err, text = start_kiosk(config, log)
    assert FALLBACK not in err + text
    data = config.read_bytes()
    config.write_bytes(data[: len(data) // 3])  # cut short, as a power cut during a save leaves it
    err, text = start_kiosk(config, log)
    [line] = [line for line in text.splitlines() if FALLBACK in line]
    assert " WARNING " in line and f"{config}: {FALLBACK}" in line and "line " in line
    assert FALLBACK in err  # and on stderr, for the journal
