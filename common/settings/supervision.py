"""hall.toml's ``[supervision]``: electronic supervision (电子监察, docs/hall-web.md): when a filing's time limit,
a citizen's wait, a paused window or a bad rating's follow-up turns into a yellow (临期, warning) or a red (逾期,
critical) warning, and how often the hall looks."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class SupervisionSection(BaseModel):
    """``[supervision]``: the thresholds of the warnings and the sweep's period."""

    model_config = _STRICT

    filing_warn_days: int = Field(
        default=1, ge=0, le=30, description="A filing's limit is yellow with this many working days or fewer left"
    )
    ticket_wait_yellow_minutes: int = Field(default=30, ge=1, le=600, description="A waiting ticket turns yellow")
    ticket_wait_red_minutes: int = Field(default=60, ge=1, le=720, description="... and red")
    window_paused_yellow_minutes: int = Field(default=15, ge=1, le=600, description="A paused window turns yellow")
    window_paused_red_minutes: int = Field(default=30, ge=1, le=720, description="... and red")
    follow_up_warn_days: int = Field(
        default=1, ge=0, le=15, description="A follow-up is yellow with this many working days or fewer left"
    )
    sweep_seconds: int = Field(default=30, ge=5, le=3600, description="How often the warnings are worked out")

    @model_validator(mode="after")
    def _ordered(self) -> SupervisionSection:
        if self.ticket_wait_red_minutes <= self.ticket_wait_yellow_minutes:
            raise ValueError(
                "等候红色阈值应大于黄色阈值 / ticket_wait_red_minutes must be more than ticket_wait_yellow_minutes"
            )
        if self.window_paused_red_minutes <= self.window_paused_yellow_minutes:
            raise ValueError(
                "暂停红色阈值应大于黄色阈值 / window_paused_red_minutes must be more than window_paused_yellow_minutes"
            )
        return self
