"""The hall over HTTPS with a throwaway CA made here: a client given the CA file connects, keeps its connection
alive and follows the event stream; one without it is refused with words that name the CA file setting."""

from __future__ import annotations

import datetime
import ipaddress
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from common.settings.hall_devices import HallSection
from common.settings.loader import load_hall_devices_config
from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from kiosk.hallclient import EventFollower, HallClient
from kiosk.hallclient.errors import HallUnreachable
from kiosk.halldevices.controller import HallDeviceController
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, served, sqlite_url
from tests.support.paths import SHIPPED_CONFIG


@dataclass(frozen=True)
class Pki:
    ca: Path
    cert: Path
    key: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_pki(directory: Path) -> Pki:
    """A CA, and a certificate for 127.0.0.1 signed by it (PEM files)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Test hall CA"))
        .issuer_name(_name("Test hall CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # key_cert_sign, crl_sign
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pki = Pki(directory / "ca.pem", directory / "hall.crt", directory / "hall.key")
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    pki.key.chmod(0o600)
    return pki


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path)


@pytest.fixture
def hall(tmp_path: Path, pki: Pki) -> Iterator[Hall]:
    """The shipped hall with ``[server] tls_cert`` and ``tls_key`` set."""
    text = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    tls = f'tls_cert = "{pki.cert}"\ntls_key = "{pki.key}"\n'
    path = tmp_path / "hall.toml"
    path.write_text(text.replace("[server]\n", "[server]\n" + tls, 1), encoding="utf-8")
    built = build_hall(path, sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))
    yield built
    built.close()


def test_a_client_with_the_ca_file_talks_to_the_hall_over_https(hall: Hall, pki: Pki) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as base:
        assert base.startswith("https://")
        with HallClient(base, token, timeout_s=5, ca_file=pki.ca) as client:
            assert client.health()
            first = client.http.get("/api/v1/queue")
            second = client.http.get("/api/v1/queue")
            assert first.status_code == second.status_code == 200
            # HTTP/1.1 keep-alive as before: both answers came over one TLS connection.
            assert first.extensions["network_stream"] is second.extensions["network_stream"]
        assert hall.app.state.hall.public_url.startswith("https://")  # and the QR codes point at https


def test_a_client_without_the_ca_file_is_refused_with_words_naming_the_setting(hall: Hall, pki: Pki) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
    with served(hall.app) as base, HallClient(base, token, timeout_s=5) as client:
        assert not client.health()
        with pytest.raises(HallUnreachable) as refused:
            client.get("/api/v1/queue")
        zh, _, en = str(refused.value).partition(" / ")
        assert "hall.ca_file" in zh and "证书" in zh
        assert "hall.ca_file" in en and "not trusted" in en
        # A wrong CA file is no better than none.
        (pki.ca.parent / "other").mkdir()
        other = make_pki(pki.ca.parent / "other")
        with HallClient(base, token, timeout_s=5, ca_file=other.ca) as wrong, pytest.raises(HallUnreachable):
            wrong.get("/api/v1/queue")
        # Plain http to an https hall gets nowhere either.
        with pytest.raises(httpx.HTTPError):
            httpx.get(base.replace("https:", "http:") + "/api/v1/health", timeout=5)


def test_the_event_stream_and_the_device_controller_work_over_tls(hall: Hall, pki: Pki, tmp_path: Path) -> None:
    display = create_token(hall.sessions, "hall-display", Role.DISPLAY)
    pads = create_token(hall.sessions, "pads", Role.PADS, source="hall-devices")
    kinds: list[str] = []
    snapshot = threading.Event()

    def heard(event: object) -> None:
        kinds.append(event.kind)  # type: ignore[attr-defined]
        snapshot.set()

    with served(hall.app) as base, HallClient(base, display, timeout_s=5, ca_file=pki.ca) as client:
        follower = EventFollower(client, heard).start()
        try:
            assert snapshot.wait(15) and kinds[0] == "snapshot"
        finally:
            follower.stop()
        shipped = load_hall_devices_config(SHIPPED_CONFIG / "hall-devices.toml")
        link = HallSection.model_validate({"url": base, "ca_file": str(pki.ca), "token": pads})  # as from the TOML
        controller = HallDeviceController(shipped.model_copy(update={"hall": link}), tmp_path / "devices")
        try:
            assert controller.client.health() and controller.client.ca_file == pki.ca
        finally:
            controller.stop()
