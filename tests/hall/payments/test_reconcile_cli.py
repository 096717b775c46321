"""`kiosk hall payments reconcile --day D` against a gateway simulator at a URL, as an administrator runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hall.payments.sim import GatewaySimulator
from hall.server import build_hall
from kiosk.cli import main
from tests.hall.payments.conftest import ID_CARD_ITEM
from tests.hall.payments.sim_hall import eventually, sim_hall
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, sqlite_url
from tests.support.paths import SHIPPED_CONFIG

DAY = "2026-11-23"


def hall_config(tmp_path: Path, sim: GatewaySimulator, keys: Path) -> Path:
    shipped = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    at_url = (
        f'url = "{sim.url}"\ngateway_public_key = "{keys / "gateway.pub.pem"}"\n'
        f'merchant_key = "{keys / "merchant.key.pem"}"\n'
    )
    config = tmp_path / "hall.toml"
    config.write_text(shipped.replace('# url = "http://127.0.0.1:8790"', at_url, 1), encoding="utf-8")
    return config


def test_the_command_reconciles_a_day_and_exits_1_on_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FrozenClock(MONDAY_10AM)
    keys = tmp_path / "sim-keys"
    sim = GatewaySimulator(key_dir=keys, clock=clock)
    sim.start()
    config, db = hall_config(tmp_path, sim, keys), sqlite_url(tmp_path)
    hall = build_hall(config, db, clock=clock)
    try:
        with sim_hall(hall) as pay:
            paid = pay.open("item", ID_CARD_ITEM)["order_no"]
            sim.ledger.payer_pays(paid)
            eventually(lambda: pay.order(paid).status == "paid", "the payment notified")
    finally:
        hall.close()
    options = ["--config", str(config), "--db", db]
    capsys.readouterr()
    assert main(["hall", "payments", "reconcile", "--day", DAY, *options]) == 0
    assert "1 matched, 0 differences" in capsys.readouterr().out
    sim.inject_fault("statement-extra")
    assert main(["hall", "payments", "reconcile", "--day", DAY, *options]) == 1
    out = capsys.readouterr().out
    assert "missing_at_hall" in out and "X20261123EXTRA" in out
    sim.stop()


def test_with_the_simulator_inside_the_hall_the_command_says_where_to_reconcile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", sqlite_url(tmp_path)]
    assert main(["hall", "payments", "reconcile", "--day", DAY, *options]) == 2
    assert "POST /api/v1/payments/reconcile" in capsys.readouterr().err
