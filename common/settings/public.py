"""The address phones reach the hall at: what every QR code on a ticket, a receipt or a phone-upload page points to."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from common.settings.models import HallConfig


def public_url(config: HallConfig, host: str | None = None, port: int | None = None) -> str:
    """``[server] public_url``, else the address the hall serves on (``host``/``port`` override the config's)."""
    if config.server.public_url:
        return config.server.public_url
    scheme = "https" if config.server.tls_cert is not None else "http"
    return f"{scheme}://{host or config.server.host}:{port or config.server.port}"


def phones_cannot_reach(url: str) -> bool:
    """True when ``url`` names this machine only (loopback, or the any-address): no phone can open it."""
    name = (urlsplit(url).hostname or "").lower()
    if name in {"localhost", "localhost.localdomain"} or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def public_url_warning(config: HallConfig) -> str | None:
    """A warning for the technician when the QR codes would point where no phone can go; None when they can."""
    url = public_url(config)
    if not phones_cannot_reach(url):
        return None
    return (
        f"提醒：小票二维码指向 {url}，手机无法打开；请在 [server] public_url 填写手机能访问的地址 / warning: the QR "
        f"codes point at {url}, which no phone can open; set [server] public_url to an address phones reach"
    )
