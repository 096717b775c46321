"""The kiosk's audit log of technician actions: each PIN attempt (never the PIN), `kiosk outbox retry`;
append-only in the store, and a row removed or altered behind the triggers' back is named by `kiosk audit verify`.
The device tests of the technician page: tests/kiosk/flows/test_technician.py and tests/ui/test_technician.py."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from common.settings import load_kiosk_config
from kiosk.cli import main
from kiosk.hallclient.outbox import enqueue, park
from kiosk.station.pin import make_pin_hash
from kiosk.station.technician import Technician
from kiosk.store import AuditTrail, Store, open_store
from tests.support.clocks import FrozenClock

PIN = "135790"
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def door(data_dir: Path, store: Store) -> Technician:
    pin_hash = make_pin_hash(PIN, iterations=10_000)
    audit = AuditTrail(store, "K07", clock=FrozenClock(START))
    return Technician(pin_hash, data_dir, store, data_dir / "none.log", clock=FrozenClock(START), audit=audit)


def rows(store: Store) -> list[dict[str, Any]]:
    return [
        {"actor": e.fields.actor, "role": e.fields.role, "action": e.fields.action, "target": e.fields.target,
         "outcome": e.fields.outcome, "address": e.fields.address, "detail": json.loads(e.fields.detail)}
        for e in AuditTrail(store, "K07").stored()
    ]  # fmt: skip


def test_each_pin_attempt_is_recorded_and_the_pin_never_is(data_dir: Path, store: Store) -> None:
    technician = door(data_dir, store)
    assert not technician.check_pin("000000").ok
    assert technician.check_pin(PIN).ok
    for _ in range(5):
        technician.check_pin("111111")
    assert not technician.check_pin(PIN).ok  # locked
    assert [(r["action"], r["outcome"], r["detail"]["attempts_left"]) for r in rows(store)] == [
        ("technician.enter", "wrong_pin", 4),
        ("technician.enter", "ok", 5),
        *[("technician.enter", "wrong_pin", left) for left in (4, 3, 2, 1)],
        ("technician.enter", "wrong_pin_locked", 0),
        ("technician.enter", "locked", 0),
    ]
    assert {(r["actor"], r["role"], r["address"]) for r in rows(store)} == {("technician", "technician", "kiosk:K07")}
    with store.engine.connect() as connection:
        typed = "SELECT actor, role, action, target, detail, address, outcome FROM audit_entry"
        stored = " ".join(str(row) for row in connection.execute(text(typed)))
    assert PIN not in stored and "000000" not in stored and "111111" not in stored


def test_the_table_refuses_update_and_delete_and_verify_names_a_removed_row(data_dir: Path, store: Store) -> None:
    trail = AuditTrail(store, "K07")
    for n in range(4):
        trail.record("device.test_print", target=f"printer-{n}")
    for statement in ("UPDATE audit_entry SET outcome = 'failed'", "DELETE FROM audit_entry"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(text(statement))
    assert trail.verify()[0::2] == (4, [])
    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_entry_no_delete"))
        connection.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    assert trail.verify()[0::2] == (3, ["entry 3: entries 2 before it are missing / 其前的记录缺失"])


def test_outbox_retry_is_recorded_and_the_audit_commands_list_export_and_verify(
    config_dir: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    station = load_kiosk_config(config_dir / "kiosk.toml").station.id
    data_dir.mkdir(parents=True)
    store = open_store(data_dir)
    now = datetime.now(UTC)
    with store.sessions.begin() as session:
        message = enqueue(session, "rating", {"level": 5}, now=now)
        park(message, "refused (HTTP 422)", now=now)
        parked = message.id
    store.close()
    assert main(["outbox", "retry", str(parked)]) == 0
    assert main(["outbox", "retry", "deadbeef-nothing"]) == 2
    capsys.readouterr()
    assert main(["audit", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2
    assert f"outbox.retry  message={parked}  kiosk:{station}  ok" in listed[0] and "(cli)" in listed[0]
    assert "outbox.retry  message=deadbeef-nothing" in listed[1] and "  refused  " in listed[1]
    out = tmp_path / "audit.csv"
    assert main(["audit", "export", "--output", str(out)]) == 0
    exported = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(row["id"], row["action"], row["outcome"]) for row in exported] == [
        ("1", "outbox.retry", "ok"),
        ("2", "outbox.retry", "refused"),
    ]
    assert main(["audit", "verify"]) == 0 and "2 entries" in capsys.readouterr().out
    store = open_store(data_dir)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_entry_no_update"))
        connection.execute(text("UPDATE audit_entry SET outcome = 'ok' WHERE id = 2"))
    store.close()
    assert main(["audit", "verify"]) == 1
    assert "entry 2: its fields do not match its hash" in capsys.readouterr().err
