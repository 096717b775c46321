"""hall.toml's ``[web]``: the staff's and supervisors' pages of the hall (docs/hall-web.md): how long a sign-in
lasts, and which windows each staff token works at (a staff member sees the filings of the items those windows
handle, and the ratings given at them)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)
TOKEN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # as hall/tokens.py names tokens


class StaffAccess(BaseModel):
    """One staff token and the windows its holder works at."""

    model_config = _STRICT

    token: str = Field(description="The staff token's name (`kiosk hall token create NAME --role staff`)")
    windows: list[int] = Field(min_length=1, max_length=50, description="Window numbers of [[windows]]")

    @field_validator("token")
    @classmethod
    def _name(cls, value: str) -> str:
        if not TOKEN_NAME.match(value):
            raise ValueError(f"令牌名称只能用字母、数字、_ . - / a token name holds letters, digits, _ . - : {value!r}")
        return value


class WebSection(BaseModel):
    """``[web]``: the sign-in's lifetime and the staff's windows."""

    model_config = _STRICT

    session_minutes: int = Field(
        default=480, ge=5, le=1440, description="A sign-in lasts this long without use (a working day by default)"
    )
    staff: list[StaffAccess] = Field(default_factory=list, description="Which windows each staff token works at")

    @field_validator("staff")
    @classmethod
    def _once(cls, value: list[StaffAccess]) -> list[StaffAccess]:
        names = [access.token for access in value]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"员工令牌重复 / staff token listed twice: {', '.join(twice)}")
        return value
