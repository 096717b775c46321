"""Logs: one line per event in the data dir, level from config, and no readable ID number anywhere."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.logs import setup_logging
from devices.privacy import mask_id_number, mask_id_numbers

ID = "11010119900307123X"
MASKED = "110101********123X"


def read_log(data_dir: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")


def test_id_numbers_are_masked_in_messages_arguments_and_tracebacks(data_dir: Path) -> None:
    setup_logging(data_dir, "INFO", console=False)
    log = logging.getLogger("kiosk.test")
    log.info("card read: %s", ID)
    log.warning(f"duplicate ticket for {ID.lower()}")
    try:
        raise ValueError(f"bad check character in {ID}")
    except ValueError:
        log.exception("parse failed")
    text = read_log(data_dir)
    assert ID not in text and ID.lower() not in text
    assert text.count(MASKED) == 2 and "110101********123x" in text


def test_one_event_is_one_line(data_dir: Path) -> None:
    setup_logging(data_dir, "INFO", console=False)
    log = logging.getLogger("kiosk.test")
    log.info("first\nsecond")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("with traceback")
    lines = read_log(data_dir).splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("INFO kiosk.test: first\\nsecond")
    assert "Traceback" in lines[1] and "RuntimeError: boom" in lines[1]


def test_level_comes_from_config(data_dir: Path) -> None:
    setup_logging(data_dir, "WARNING", console=False)
    logging.getLogger("kiosk.test").info("quiet")
    logging.getLogger("kiosk.test").warning("loud")
    text = read_log(data_dir)
    assert "quiet" not in text and "loud" in text


def test_files_rotate_in_the_data_dir(data_dir: Path) -> None:
    setup_logging(data_dir, "INFO", max_bytes=10_000, backups=2, console=False)
    for i in range(400):
        logging.getLogger("kiosk.test").info("event %d %s", i, "x" * 80)
    files = sorted(p.name for p in (data_dir / "logs").iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]


def test_setting_up_twice_does_not_double_lines(data_dir: Path) -> None:
    setup_logging(data_dir, "INFO", console=False)
    setup_logging(data_dir, "INFO", console=False)
    logging.getLogger("kiosk.test").info("once")
    assert read_log(data_dir).count("once") == 1


def test_masking_leaves_other_numbers_alone() -> None:
    text = "order 2026112200001 phone 13800138000 ticket A017 long 1101011990030712345"
    assert mask_id_numbers(text) == text
    assert mask_id_numbers(f"id={ID}.") == f"id={MASKED}."
    assert mask_id_number(ID) == MASKED


@given(
    st.from_regex(r"\A[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9])[0-9]{3}[0-9X]\Z"),
    st.text(max_size=20),
)
def test_any_id_shaped_number_is_masked(id_number: str, around: str) -> None:
    masked = mask_id_numbers(f"{around} {id_number} {around}")
    assert id_number not in masked
    assert f"{id_number[:6]}********{id_number[14:]}" in masked


def test_the_terminal_gets_one_line_and_the_file_the_traceback(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(data_dir, "INFO", console=True)
    log = logging.getLogger("kiosk.test")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("a worker failed")
    shown = capsys.readouterr().err.strip()
    assert shown.endswith("ERROR kiosk.test: a worker failed (详情见日志 / traceback in the kiosk log)")
    assert "Traceback" not in shown
    assert "RuntimeError: boom" in read_log(data_dir)
