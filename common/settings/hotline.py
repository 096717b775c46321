"""hall.toml's ``[hotline]``: the 12345 hotline link (docs/hall-web.md, "12345 热线 Hotline link"). Each bad rating,
and each follow-up that passes its due date still open, becomes a work order; with ``url`` set the hall delivers
each one to the hotline's webhook (JSON, signed with HMAC-SHA256), retrying until it is taken. With ``url`` empty
the link is off: the orders are still made, for the CSV/XLSX export of halls that upload them by hand."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KEY_NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")  # as hall/keyring.py names its secrets


class HotlineSection(BaseModel):
    """``[hotline]``: where work orders go, the key that signs them, how long to wait and how to retry."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    url: str = Field(
        default="", max_length=300, description="The hotline's webhook (http or https); empty: the link is off"
    )
    key_name: str = Field(
        default="hotline",
        description="The HMAC key's file in the hall's key ring (<key_name>.key, hex), made 0600 on first start",
    )
    connect_timeout_s: float = Field(default=3.0, gt=0, le=60, description="Connecting to the webhook at most")
    timeout_s: float = Field(default=10.0, gt=0, le=120, description="An answer at most; past it: retried later")
    retry_first_s: int = Field(default=30, ge=1, le=3600, description="The first retry after this, then doubling")
    retry_max_s: int = Field(default=1800, ge=10, le=86_400, description="…to at most this long apart")
    every_s: float = Field(default=10.0, ge=0.5, le=3600, description="How often the hall looks for work")
    follow_up_overdue: bool = Field(
        default=True, description="Also make an order for each follow-up (回访) past its due date still open"
    )
    lookback_days: int = Field(
        default=30,
        ge=1,
        le=3660,
        description="Only ratings whose follow-up falls due within this many days back become orders (a hall "
        "that turns the link on does not send last year's)",
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if value and (parts.scheme not in {"http", "https"} or not parts.hostname):
            raise ValueError(f"热线地址应为 http(s):// 地址 / hotline url must be an http(s) URL, got {value!r}")
        return value

    @field_validator("key_name")
    @classmethod
    def _key_name(cls, value: str) -> str:
        if not KEY_NAME.match(value):
            raise ValueError(f"密钥名称只能用小写字母、数字和 - / a key name holds a-z, 0-9 and -: {value!r}")
        return value

    @model_validator(mode="after")
    def _retries(self) -> HotlineSection:
        if self.retry_max_s < self.retry_first_s:
            raise ValueError("retry_max_s 不能小于 retry_first_s / retry_max_s must not be below retry_first_s")
        return self
