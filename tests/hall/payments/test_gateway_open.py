"""``[payments]`` in hall.toml: its checks, and the gateway it opens (none, the in-hall simulator, one at a URL)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from common.settings.payments import PaymentsSection
from hall.payments.gateway import TradeState
from hall.payments.gateway_open import notify_url, open_gateway
from hall.payments.sim import GatewaySimulator
from hall.payments.sim.codes import EXAMPLES
from tests.hall.payments.sim_support import hall_config, soon


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_shipped_hall_runs_the_simulator_in_process_with_keys_made_private(tmp_path: Path) -> None:
    opened = open_gateway(hall_config(tmp_path))
    assert opened is not None and opened.simulator is not None
    try:
        trade = opened.gateway.pay_with_code("F2026000301", 100, "工本费", EXAMPLES["wechat"])
        assert trade.state is TradeState.SUCCESS
        assert opened.gateway.create_native("F2026000302", 100, "工本费", soon()).code_url
    finally:
        opened.close()
    keys = tmp_path / "keys"
    assert mode(keys / "payment-merchant.key.pem") == 0o600 and mode(keys / "payment-sim") == 0o700
    assert mode(keys / "payment-sim" / "gateway.key.pem") == 0o600
    assert (keys / "payment-merchant.pub.pem").exists() and (keys / "payment-sim" / "gateway.pub.pem").exists()
    assert not (keys / "payment-sim" / "merchant.key.pem").exists()  # the hall's own merchant key is used


def test_no_gateway_opens_nothing(tmp_path: Path) -> None:
    assert open_gateway(hall_config(tmp_path, gateway="none")) is None
    assert PaymentsSection().gateway == "none"


def test_a_gateway_at_a_url_is_checked_with_its_configured_key(tmp_path: Path) -> None:
    sim = GatewaySimulator(key_dir=tmp_path / "sim")
    url = sim.start()
    try:
        config = hall_config(
            tmp_path,
            url=url,
            merchant_key=tmp_path / "sim" / "merchant.key.pem",
            gateway_public_key=tmp_path / "sim" / "gateway.pub.pem",
            timeout_s=2.0,
        )
        opened = open_gateway(config)
        assert opened is not None and opened.simulator is None
        try:
            assert opened.gateway.create_native("F2026000303", 100, "工本费", soon()).state is TradeState.NOTPAY
            assert sim.ledger.trades["F2026000303"].notify_url == "http://127.0.0.1:8700/api/v1/payments/notify"
        finally:
            opened.close()
    finally:
        sim.stop()


def test_the_notify_url_is_the_halls_own_unless_set(tmp_path: Path) -> None:
    config = hall_config(tmp_path)
    assert notify_url(config) == "http://127.0.0.1:8700/api/v1/payments/notify"
    public = config.model_copy(update={"server": config.server.model_copy(update={"public_url": "https://h.gov.cn"})})
    assert notify_url(public) == "https://h.gov.cn/api/v1/payments/notify"
    assert notify_url(hall_config(tmp_path, notify_url="https://n.gov.cn/x/")) == "https://n.gov.cn/x"


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"url": "http://127.0.0.1:8790"}, "gateway_public_key"),
        ({"url": "ftp://gateway"}, "http(s)"),
        ({"notify_url": "hall/notify"}, "http(s)"),
        ({"gateway": "wechat"}, "gateway"),
        ({"merchant_id": "19 00"}, "merchant_id"),
        ({"timeout_s": 0}, "timeout_s"),
        ({"notify_max_age_s": 5}, "notify_max_age_s"),
        ({"retries": 3}, "retries"),
    ],
)
def test_bad_payment_settings_are_refused_saying_which(settings: dict[str, Any], said: str) -> None:
    with pytest.raises(ValidationError, match=said.replace("(", r"\(").replace(")", r"\)")):
        PaymentsSection.model_validate(settings)
