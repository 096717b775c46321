"""The gateway simulator and its client for the tests: keys made once a session, a simulator on a free loopback
port, the client the hall would use, and a stand-in for the hall's notify endpoint that checks each notice."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from common.settings.loader import load_hall_config
from common.settings.models import HallConfig
from hall.payments import gateway_keys as keys
from hall.payments.gateway import BadSignature, GatewayError, Notice
from hall.payments.gateway_http import HttpGateway
from hall.payments.sim import GatewaySimulator
from tests.support.paths import SHIPPED_CONFIG

MERCHANT = "1900000001"
QUICK_RETRIES = (0.05, 0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2)
_KEYS: dict[str, Any] = {}
_KEYS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Keys:
    dir: Path
    gateway: rsa.RSAPrivateKey
    merchant: rsa.RSAPrivateKey


def session_keys(tmp_root: Path) -> Keys:
    """A key dir with the gateway's and the merchant's keys, made and read once a session (RSA keys are slow to
    make and to check), copied for each test."""
    with _KEYS_LOCK:
        if "dir" not in _KEYS:
            made = tmp_root / "payment-keys"
            _KEYS["gateway"] = keys.private_key(made / "gateway.key.pem")
            _KEYS["merchant"] = keys.private_key(made / "merchant.key.pem")
            _KEYS["dir"] = made
        copy = tmp_root / f"keys-{secrets.token_hex(6)}"
        shutil.copytree(_KEYS["dir"], copy)
        return Keys(copy, _KEYS["gateway"], _KEYS["merchant"])


@dataclass
class Received:
    """What the stand-in notify endpoint got: each verified notice, and each refusal."""

    notices: list[Notice] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    raw: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answer_status: int = 200  # what it answers a notice that verifies


@contextlib.contextmanager
def notify_endpoint(verify: Callable[[dict[str, str], bytes], Notice]) -> Iterator[tuple[str, Received]]:
    """An HTTP endpoint that checks each POST as the hall's notify endpoint does: 401 when it does not verify."""
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = dict(self.headers.items())
            received.raw.append((headers, body))
            try:
                received.notices.append(verify(headers, body))
                status = received.answer_status
            except (BadSignature, GatewayError) as error:
                received.refused.append(str(error))
                status = 401
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1/payments/notify", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Rig:
    sim: GatewaySimulator
    gateway: HttpGateway
    received: Received
    keys: Keys

    def client(self, **options: Any) -> HttpGateway:
        """Another client of the same simulator (e.g. with another key or clock); shut down by the caller."""
        settings: dict[str, Any] = {
            "merchant_key": self.keys.merchant,
            "gateway_key": self.sim.gateway_public_key,
            "timeout_s": 2.0,
            "merchant_id": MERCHANT,
            **options,
        }
        return HttpGateway(
            self.sim.url,
            settings.pop("merchant_id"),
            settings.pop("merchant_key"),
            settings.pop("gateway_key"),
            **settings,
        )


@contextlib.contextmanager
def rig(tmp_path: Path, *, clock: Callable[[], datetime] | None = None, timeout_s: float = 2.0) -> Iterator[Rig]:
    """A simulator (quick retries, hangs of 10 s), the client the hall would use, and the notify endpoint."""
    made = session_keys(tmp_path.parent)
    holder: list[HttpGateway] = []

    def verify(headers: dict[str, str], body: bytes) -> Notice:
        return holder[0].verify_notification(headers, body)

    with notify_endpoint(verify) as (url, received):
        options: dict[str, Any] = {"clock": clock} if clock is not None else {}
        sim = GatewaySimulator(
            key_dir=made.dir,
            gateway_key=made.gateway,
            merchant_public_key=made.merchant.public_key(),
            retry_delays=QUICK_RETRIES,
            hang_s=10.0,
            **options,
        )
        sim.start()
        gateway = HttpGateway(
            sim.url, MERCHANT, made.merchant, made.gateway.public_key(), notify_url=url, timeout_s=timeout_s
        )
        holder.append(gateway)
        try:
            yield Rig(sim, gateway, received, made)
        finally:
            gateway.shutdown()
            sim.stop()


def soon(minutes: int = 15) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def hall_config(tmp_path: Path, **payments: Any) -> HallConfig:
    """The shipped hall.toml with its keys in ``tmp_path/keys`` and ``payments`` set in ``[payments]``."""
    data = load_hall_config(SHIPPED_CONFIG / "hall.toml").model_dump()
    data["keys"] = {"dir": tmp_path / "keys"}
    data["payments"] = {**data["payments"], **payments}
    return HallConfig.model_validate(data, strict=False)
