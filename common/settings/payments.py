"""hall.toml's ``[payments]``: the payment gateway the hall's fee orders are paid through (docs/payment.md).

``gateway = "none"``: the hall takes no fees (the kiosk's 自助缴费 says so). ``gateway = "sim"``: the reference
gateway protocol, spoken by its simulator: with ``url`` empty the hall starts the simulator in its own process
(the kiosk's embedded hall, demos, tests); with ``url`` set it talks to a simulator (or a real gateway speaking
the same protocol) there, checking its answers with ``gateway_public_key``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

NOTIFY_PATH = "/api/v1/payments/notify"  # where the hall takes the gateway's notifications


def _path(value: object) -> object:
    # As models.ConfigPath (which imports this module): TOML has no path type.
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("路径不能为空 / path must not be empty")
        return Path(value).expanduser()
    return value


KeyPath = Annotated[Path, BeforeValidator(_path)]


def _http_url(value: str, what: str) -> str:
    if value and (urlsplit(value).scheme not in {"http", "https"} or not urlsplit(value).hostname):
        raise ValueError(f"{what}应为 http(s):// 地址 / {what} must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


class PaymentsSection(BaseModel):
    """``[payments]``: which gateway, how to reach it, the merchant's identity and keys, the call timeouts."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    gateway: Literal["none", "sim"] = Field(
        default="none", description="none: no fees taken; sim: the reference gateway protocol (docs/payment.md)"
    )
    url: str = Field(
        default="", max_length=300, description="The gateway's base URL; empty with sim: a simulator in the hall"
    )
    merchant_id: str = Field(
        default="1900000001", pattern=r"^[0-9A-Za-z]{1,32}$", description="The hall's merchant number (商户号)"
    )
    merchant_key: KeyPath | None = Field(
        default=None,
        description="The merchant's RSA private key (PEM), made 0600 on first start with its .pub.pem beside it; "
        "default: keys dir/payment-merchant.key.pem. The gateway holds its public half",
    )
    gateway_public_key: KeyPath | None = Field(
        default=None,
        description="The gateway's RSA public key (PEM) its answers and notifications are checked with; needed "
        "with url; default with the in-hall simulator: its own",
    )
    sim_key_dir: KeyPath | None = Field(
        default=None, description="The in-hall simulator's key dir (made 0700); default: keys dir/payment-sim"
    )
    notify_url: str = Field(
        default="",
        max_length=300,
        description=f"Where the gateway sends notifications; default: the hall's public_url + {NOTIFY_PATH}",
    )
    connect_timeout_s: float = Field(default=3.0, gt=0, le=60, description="Connecting to the gateway at most")
    timeout_s: float = Field(
        default=10.0, gt=0, le=120, description="A call's answer at most; past it the outcome is unknown (query)"
    )
    notify_max_age_s: int = Field(
        default=300, ge=30, le=3600, description="A notification signed longer ago than this is refused as stale"
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value, "支付网关地址 / payments url")

    @field_validator("notify_url")
    @classmethod
    def _notify(cls, value: str) -> str:
        return _http_url(value, "通知地址 / notify_url")

    @model_validator(mode="after")
    def _key_for_url(self) -> PaymentsSection:
        if self.url and self.gateway_public_key is None:
            raise ValueError(
                "设置了支付网关地址时须设置 gateway_public_key / with a gateway url set gateway_public_key, the "
                "gateway's public key its answers are checked with"
            )
        return self
