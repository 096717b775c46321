"""The technician's door: PIN hashes, the five-wrong-PINs lockout (kept across a restart), outbox and log views."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from common.settings import load_kiosk_config
from common.settings.models import UiSection
from kiosk.hallclient.outbox import enqueue, mark_failed, park
from kiosk.hallclient.outbox_state import PAUSED, write_state
from kiosk.station.pin import make_pin_hash, verify_pin
from kiosk.station.technician import Technician
from kiosk.store import Store
from tests.support.clocks import FrozenClock

KIOSK = Path(sys.executable).with_name("kiosk")
DEMO_PIN = "246810"
FAST = make_pin_hash("135790", iterations=10_000)


START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def technician(data_dir: Path, store: Store, clock: FrozenClock, log_file: Path | None = None) -> Technician:
    return Technician(FAST, data_dir, store, log_file or data_dir / "none.log", clock=clock)


def test_the_shipped_config_holds_the_demo_pin(config_dir: Path) -> None:
    stored = load_kiosk_config(config_dir / "kiosk.toml").ui.technician_pin_hash
    assert verify_pin(DEMO_PIN, stored) and not verify_pin("000000", stored)


def test_a_malformed_hash_is_a_bilingual_config_error() -> None:
    with pytest.raises(ValidationError) as error:
        UiSection(technician_pin_hash="246810")
    assert "技术员密码哈希" in str(error.value) and "kiosk config pin" in str(error.value)
    assert UiSection().technician_pin_hash == ""
    assert not verify_pin("1234", "")  # no hash configured: the door stays shut


def test_five_wrong_pins_lock_for_five_minutes_even_across_a_restart(data_dir: Path, store: Store) -> None:
    clock = FrozenClock(START)
    door = technician(data_dir, store, clock)
    assert door.check_pin("135790").ok
    results = [door.check_pin("000000") for _ in range(4)]
    assert [r.attempts_left for r in results] == [4, 3, 2, 1] and not any(r.ok for r in results)
    restarted = technician(data_dir, store, clock)  # the power is cut: the count survives
    fifth = restarted.check_pin("999999")
    assert not fifth.ok and fifth.locked_until == clock.moment + timedelta(minutes=5) and fifth.attempts_left == 0
    clock.moment += timedelta(minutes=4, seconds=59)
    assert not technician(data_dir, store, clock).check_pin("135790").ok  # even the right PIN, while locked
    clock.moment += timedelta(seconds=1)
    unlocked = restarted.check_pin("135790")
    assert unlocked.ok and unlocked.locked_until is None and unlocked.attempts_left == 5


def test_a_damaged_lock_file_keeps_the_door_locked(data_dir: Path, store: Store) -> None:
    (data_dir / "technician-lock.json").write_text("{not json")
    clock = FrozenClock(START)
    result = technician(data_dir, store, clock).check_pin("135790")
    assert not result.ok and result.locked_until == clock.moment + timedelta(minutes=5)


def test_outbox_status_and_log_tail(data_dir: Path, store: Store) -> None:
    log_file = data_dir / "kiosk.log"
    log_file.write_text("".join(f"line {i}\n" for i in range(1, 5001)), encoding="utf-8")
    door = technician(data_dir, store, FrozenClock(START), log_file)
    assert door.outbox_status() == (0, None)
    with store.sessions.begin() as session:
        message = enqueue(session, "rating", {"level": 5})
        mark_failed(message, "无法连接大厅服务 / cannot reach the hall")
    assert door.outbox_status() == (1, "无法连接大厅服务 / cannot reach the hall")
    assert door.log_tail(3) == ["line 4998", "line 4999", "line 5000"]
    assert len(door.log_tail(4000)) == 4000 and door.log_tail(0) == []
    assert "cannot be read" in technician(data_dir, store, FrozenClock(START)).log_tail(5)[0]


def test_the_outbox_says_paused_and_parked_in_words(data_dir: Path, store: Store) -> None:
    door = technician(data_dir, store, FrozenClock(START))
    with store.sessions.begin() as session:
        park(enqueue(session, "filing", {"filing_id": "x"}), "refused invalid_form (HTTP 422): 字段无效 / bad field")
        enqueue(session, "rating", {"level": 5})
        write_state(session, PAUSED, {"reason": "令牌无效 / the token is revoked (HTTP 401 unauthorized)"})
    pending, words = door.outbox_status()
    assert pending == 1 and words is not None
    paused, parked = words.splitlines()
    assert paused.startswith("已暂停") and "PAUSED" in paused and "HTTP 401" in paused and "nothing is lost" in paused
    assert parked.startswith("1 条被大厅拒绝") and "parked" in parked and "invalid_form" in parked


@pytest.mark.e2e
def test_kiosk_config_pin_from_stdin_makes_a_hash_that_verifies() -> None:
    made = subprocess.run(
        [str(KIOSK), "config", "pin", "--stdin"],
        input="482916\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    stored = made.stdout.strip()
    assert verify_pin("482916", stored) and not verify_pin("482917", stored)
    UiSection(technician_pin_hash=stored)  # the config accepts it
    short = subprocess.run(
        [str(KIOSK), "config", "pin", "--stdin"], input="12\n", capture_output=True, text=True, timeout=60, check=False
    )
    assert short.returncode == 2 and short.stdout == "" and "4 to 12 digits" in short.stderr
