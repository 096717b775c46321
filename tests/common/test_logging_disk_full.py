"""The log on a really full disk (a small tmpfs): the process goes on, stderr gets one line instead of a
traceback per event, and once space is freed the log resumes by itself and says how many lines were lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from common.logs import setup_logging
from tests.support.disks import fill_up, tiny_tmpfs


def test_a_full_disk_pauses_the_log_in_one_line_and_freeing_space_resumes_it(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with tiny_tmpfs(tmp_path / "disk", 256 * 1024) as disk:
        path = setup_logging(disk / "data", "INFO", console=True)
        log = logging.getLogger("kiosk.test")
        log.info("before the disk filled")
        filler = fill_up(disk)
        for number in range(300):
            log.info("while full %d %s", number, "x" * 100)  # more than any buffer: the writes really fail
        err = capfd.readouterr().err
        assert "Traceback" not in err and "Logging error" not in err
        assert err.splitlines() == [
            "日志无法写入，暂停记录，恢复后自动继续 / cannot write the log (No space left on device); "
            "logging pauses and resumes by itself"
        ]
        filler.unlink()
        log.info("after the space was freed")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8", errors="replace")
    assert "before the disk filled" in text and text.rstrip().endswith("after the space was freed")
    [resumed] = [line for line in text.splitlines() if "logging resumed" in line]
    assert "WARNING" in resumed and "lines were lost while it could not write (No space left on device)" in resumed
    assert capfd.readouterr().err == ""
