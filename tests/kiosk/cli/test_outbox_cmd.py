"""`kiosk outbox` as a technician runs it: the state of the outbox in words and in JSON, and `retry`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.hallclient.outbox import enqueue, mark_sent, park
from kiosk.hallclient.outbox_state import PAUSED, write_state
from kiosk.store import OutboxMessage, open_store
from kiosk.store.filings import FilingStore
from tests.kiosk.store.filing_helpers import new_filing

KIOSK = Path(sys.executable).with_name("kiosk")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KIOSK), "outbox", *args], capture_output=True, text=True, timeout=60, check=False)


def data_dir() -> Path:
    return Path(os.environ["KIOSK_DATA_DIR"])


def test_outbox_before_the_kiosk_ever_ran(config_dir: Path) -> None:
    result = run()
    assert result.returncode == 2 and "no local store" in result.stderr and "Traceback" not in result.stderr


def test_outbox_shows_pending_parked_paused_and_delivered_then_retries(config_dir: Path) -> None:
    data_dir().mkdir(parents=True)
    store = open_store(data_dir())
    now = datetime.now(UTC)
    filings = FilingStore(store, data_dir(), "K01", ZoneInfo("Asia/Shanghai"))
    refused = filings.save(new_filing())
    with store.sessions.begin() as session:
        enqueue(session, "rating", {"level": 5}, now=now - timedelta(hours=2))
        mark_sent(enqueue(session, "rating", {"level": 4}, now=now), now=now)
        write_state(session, PAUSED, {"reason": "令牌无效 / the token is revoked (HTTP 401)", "since": now.isoformat()})
    with store.sessions.begin() as session:
        message = session.get(OutboxMessage, refused.id)
        assert message is not None
        park(message, "refused invalid_form (HTTP 422): 字段无效 / a field is invalid", now=now)
    store.close()

    shown = run("--json")
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert report["pending"] == 1 and report["delivered_today"] == 1
    assert report["paused"] and "HTTP 401" in report["paused_reason"]
    assert 7190 <= report["oldest_pending_age_s"] <= 7300
    [parked] = report["parked"]
    assert parked["id"] == str(refused.id) and parked["kind"] == "filing"
    assert parked["filing_number"] == refused.number and "invalid_form" in parked["reason"]

    words = run()
    assert words.returncode == 0
    assert "待发送 / pending: 1" in words.stdout and "oldest 2 h" in words.stdout
    assert "PAUSED" in words.stdout and "hall.token" in words.stdout
    assert f"{refused.id}  filing {refused.number}" in words.stdout and "kiosk outbox retry ID" in words.stdout

    again = run("retry", str(refused.id)[:8])
    assert again.returncode == 0 and "back in line" in again.stdout
    after = json.loads(run("--json").stdout)
    assert after["parked"] == [] and after["pending"] == 2

    unknown = run("retry", "not-an-id")
    assert unknown.returncode == 2 and "no outbox message" in unknown.stderr and "Traceback" not in unknown.stderr
