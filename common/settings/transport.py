"""hall.toml's transport keys: timeouts, TLS and trusted proxies under ``[server]``, rate limits and stream caps
under ``[limits]``. docs/security.md ("Transport and limits") says what each protects against."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def _path(value: object) -> object:
    # As models.ConfigPath (which imports this module): TOML has no path type.
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("路径不能为空 / path must not be empty")
        return Path(value).expanduser()
    return value


FilePath = Annotated[Path, BeforeValidator(_path)]


def _check_network(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(
            f"可信代理应为 IP 地址或网段 / a trusted proxy must be an IP address or network, got {value!r}"
        ) from None
    return value


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


ProxyAddress = Annotated[str, BeforeValidator(_strip), AfterValidator(_check_network)]


class TransportKeys(BaseModel):
    """The ``[server]`` keys of the connection itself; ``ServerSection`` adds the address."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    header_timeout_s: float = Field(
        default=10.0, gt=0, le=300, description="A request's line and headers must arrive within this (else closed)"
    )
    body_timeout_s: float = Field(
        default=30.0, gt=0, le=600, description="Longest pause between two parts of a request's body (else closed)"
    )
    keep_alive_s: int = Field(default=5, ge=1, le=300, description="An idle kept-alive connection is closed")
    tls_cert: FilePath | None = Field(default=None, description="PEM certificate (chain): serve HTTPS")
    tls_key: FilePath | None = Field(default=None, description="PEM private key of tls_cert")
    trusted_proxies: list[ProxyAddress] = Field(
        default_factory=list,
        description="Reverse proxies whose X-Forwarded-For names the client (addresses or networks); default none",
    )

    @model_validator(mode="after")
    def _cert_and_key(self) -> TransportKeys:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("tls_cert 与 tls_key 须同时设置 / set both tls_cert and tls_key, or neither")
        return self


class LimitsSection(BaseModel):
    """``[limits]``: what one client address (or one token) may ask of one server process."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    public_per_minute: int = Field(
        default=300, ge=1, le=100_000, description="Public page requests (/q /r /m /f /display /devices) per address"
    )
    public_burst: int = Field(default=60, ge=1, le=100_000, description="Public requests an address may make at once")
    token_failures: int = Field(
        default=10, ge=1, le=10_000, description="Failed token checks from one address before it is refused"
    )
    token_failure_window_s: int = Field(
        default=300, ge=1, le=86_400, description="How long failures count, and how long the refusal lasts"
    )
    streams_per_token: int = Field(default=8, ge=1, le=1000, description="Open event streams one token may hold")
