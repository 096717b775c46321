"""The hall's payment gateway as ``[payments]`` in hall.toml sets it up (docs/payment.md): none, a simulator the
hall starts in its own process (``gateway = "sim"``, no ``url``), or the gateway at ``url``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from common.settings.models import HallConfig
from common.settings.payments import NOTIFY_PATH
from hall.keyring import keys_dir
from hall.payments import gateway_keys as keys
from hall.payments.gateway_http import HttpGateway
from hall.payments.sim import GatewaySimulator
from hall.payments.sim.ledger import utc_now

log = logging.getLogger(__name__)


@dataclass
class OpenGateway:
    """The gateway client, and the simulator behind it when the hall runs one; ``close()`` ends both."""

    gateway: HttpGateway
    simulator: GatewaySimulator | None = None

    def close(self) -> None:
        self.gateway.shutdown()
        if self.simulator is not None:
            self.simulator.stop()


def notify_url(config: HallConfig, hall_url: str | None = None) -> str:
    """Where the gateway sends notifications: ``[payments] notify_url``, else the hall's own address (``hall_url``
    when the hall serves elsewhere than its ``[server]`` says, as the kiosk's embedded hall does)."""
    if config.payments.notify_url:
        return config.payments.notify_url
    server = config.server
    if hall_url or server.public_url:
        return (hall_url or server.public_url or "").rstrip("/") + NOTIFY_PATH
    host = "127.0.0.1" if server.host in {"0.0.0.0", "::", ""} else server.host
    scheme = "https" if server.tls_cert is not None else "http"
    return f"{scheme}://{host}:{server.port}{NOTIFY_PATH}"


def open_gateway(
    config: HallConfig, *, clock: Callable[[], datetime] | None = None, hall_url: str | None = None
) -> OpenGateway | None:
    """The configured gateway, None with ``gateway = "none"``. ``clock`` is the in-hall simulator's wall clock
    (when orders are paid, which day's statement they are on); ``hall_url`` the hall's own base URL when it is
    not what ``[server]`` says (see ``notify_url``). Raises ConfigError for a bad key file."""
    section = config.payments
    if section.gateway == "none":
        return None
    ring = keys_dir(config)
    merchant = keys.private_key(section.merchant_key or ring / "payment-merchant.key.pem")
    simulator = None
    url = section.url
    if not url:
        simulator = GatewaySimulator(
            notify_url=notify_url(config, hall_url),
            merchant_id=section.merchant_id,
            key_dir=section.sim_key_dir or ring / "payment-sim",
            merchant_public_key=merchant.public_key(),
            timezone=config.hall.timezone,
            clock=clock or utc_now,
        )
        url = simulator.start()
        gateway_key = simulator.gateway_public_key
    else:
        assert section.gateway_public_key is not None  # the section's own check
        gateway_key = keys.public_key(section.gateway_public_key)
    gateway = HttpGateway(
        url,
        section.merchant_id,
        merchant,
        gateway_key,
        notify_url=notify_url(config, hall_url),
        timeout_s=section.timeout_s,
        connect_timeout_s=section.connect_timeout_s,
        notify_max_age_s=section.notify_max_age_s,
    )
    log.info("payment gateway %s at %s", section.gateway, url)
    return OpenGateway(gateway, simulator)
