"""The shape of hall-devices.toml: the hall device controller's hall link, pad bus, window displays and voice."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from common.settings.models import (
    DEFAULT_BAD_RATING_REASONS,
    ConfigPath,
    LoggingSection,
    PathsSection,
    RatingReason,
    Section,
    device_url,
)
from devices.pads import FIRST_ADDRESS, LAST_ADDRESS
from devices.url import DISPLAY_SCHEMES, PAD_SCHEMES

STAFF_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"  # the hall's pattern for a staff number (docs/ratings.md)
_QUIET_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def sim_addresses(url: str) -> range | None:
    """The pads ``sim://?count=N&first=A`` simulates (None for a real bus, or a sim at every configured address)."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme != "sim" or "count" not in options:
        return None
    count, first = options["count"], options.get("first", "1")
    if not (count.isdigit() and first.isdigit()):
        raise ValueError(f"模拟评价器参数应为数字 / sim://?count=N&first=A takes numbers: {url!r}")
    return range(int(first), int(first) + int(count))


class HallSection(Section):
    url: str = "http://127.0.0.1:8700"
    token: str = Field(default="", description="A pads token; KIOSK_PADS_TOKEN overrides it")
    timeout_s: float = Field(default=5.0, gt=0, le=120)
    ca_file: ConfigPath | None = Field(
        default=None, description="PEM CA certificate(s) that signed the hall's https certificate; default: system's"
    )
    source: str = Field(
        default="hall-devices",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
        description="This controller's name on the hall's device page (one per controller)",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"大厅地址应为 http(s)://主机:端口 / hall url must be http(s)://host:port, got {value!r}")
        return value.rstrip("/")


class PadSection(Section):
    """One pad on the bus: its slave address, the window it sits at and the staff number working there."""

    address: int = Field(ge=FIRST_ADDRESS, le=LAST_ADDRESS)
    window: int = Field(ge=1, le=999)
    staff: str = Field(pattern=STAFF_PATTERN, description="Staff number, recorded with each rating")


class PadsSection(Section):
    url: Annotated[str, device_url(PAD_SCHEMES)] = "sim://?count=3"
    timeout_s: float = Field(default=0.2, gt=0, le=5, description="How long to wait for one pad's answer")
    retries: int = Field(default=2, ge=0, le=10)
    poll_interval_s: float = Field(
        default=0.05, ge=0, le=5, description="Shortest time between two poll cycles' starts (a slow bus takes longer)"
    )
    rating_timeout_s: float = Field(default=30.0, gt=0, le=600, description="How long a rating invitation waits")
    thanks_s: float = Field(default=3.0, gt=0, le=60, description="How long the pad says thank you")
    reason_keys: bool = Field(default=False, description="The pad model has keys for bad-rating reasons")
    reasons: list[RatingReason] = Field(
        default_factory=lambda: list(DEFAULT_BAD_RATING_REASONS),
        min_length=1,
        max_length=10,
        description="With reason_keys: the reason on key 21, 22, ... (must be in the hall's list)",
    )
    pad: list[PadSection] = Field(min_length=1, max_length=LAST_ADDRESS)

    @field_validator("url")
    @classmethod
    def _count(cls, value: str) -> str:
        simulated = sim_addresses(value)
        if simulated is not None and not (simulated and FIRST_ADDRESS <= simulated[0] <= simulated[-1] <= LAST_ADDRESS):
            raise ValueError(f"模拟评价器地址应在 1 到 32 / sim:// pads must have addresses 1 to 32: {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> PadsSection:
        for what, values in (("address", [p.address for p in self.pad]), ("window", [p.window for p in self.pad])):
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(
                    f"评价器的{'地址' if what == 'address' else '窗口'}重复 / pad {what} used twice: "
                    f"{', '.join(map(str, twice))}"
                )
        reasons = sorted({r for r in self.reasons if self.reasons.count(r) > 1})
        if reasons:
            raise ValueError(f"差评原因重复 / reason listed twice: {', '.join(reasons)}")
        simulated = sim_addresses(self.url)
        beyond = [p.address for p in self.pad if simulated is not None and p.address not in simulated]
        if simulated is not None and beyond:
            raise ValueError(
                f"模拟总线只有地址 {simulated[0]} 到 {simulated[-1]} 的评价器 / the simulated bus has pads "
                f"{simulated[0]} to {simulated[-1]} only, but pad address {beyond[0]} is configured"
            )
        return self


def _window_keys(value: object) -> object:
    # TOML table keys are strings: windows = { 1 = 1 } arrives as {"1": 1}.
    if not isinstance(value, dict):
        return value
    out: dict[object, object] = {}
    for key, address in value.items():
        if isinstance(key, str):
            if not key.isdigit():
                raise ValueError(f"窗口号应为数字 / a window number must be digits, got {key!r}")
            out[int(key)] = address
        else:
            out[key] = address
    return out


WindowAddresses = Annotated[dict[int, int], BeforeValidator(_window_keys)]


class DisplaysSection(Section):
    url: Annotated[str, device_url(DISPLAY_SCHEMES)] = "sim://"
    windows: WindowAddresses = Field(
        default_factory=dict, description="Window number -> display bus address (1 to 247); empty: no displays"
    )

    @model_validator(mode="after")
    def _addresses(self) -> DisplaysSection:
        bad = [a for a in self.windows.values() if not 1 <= a <= 247]
        if bad or any(not 1 <= w <= 999 for w in self.windows):
            raise ValueError("窗口屏：窗口 1-999，地址 1-247 / displays: windows 1 to 999, addresses 1 to 247")
        addresses = list(self.windows.values())
        twice = sorted({a for a in addresses if addresses.count(a) > 1})
        if twice:
            raise ValueError(f"窗口屏地址重复 / display address used twice: {', '.join(map(str, twice))}")
        return self


def _check_quiet(spans: list[str]) -> list[str]:
    for span in spans:
        match = _QUIET_SPAN.match(span)
        if not match or span[:5] == span[6:]:
            raise ValueError(
                f"静音时段应为 HH:MM-HH:MM（可跨午夜）/ quiet hours must be HH:MM-HH:MM, may span midnight: {span!r}"
            )
    return spans


class VoiceSection(Section):
    backend: Literal["espeak", "clips", "none"] = "espeak"
    repeats: int = Field(default=2, ge=1, le=5)
    quiet_hours: Annotated[list[str], AfterValidator(_check_quiet)] = Field(
        default_factory=list, description='Spans with no voice, e.g. ["22:00-07:00"]; displays still show calls'
    )
    language: Literal["zh", "en", "zh+en"] = "zh"
    output: str = Field(
        default="auto",
        pattern=r"^(auto|aplay(:.+)?|file(:.+)?)$",
        description="auto (aplay if installed, else a WAV file) | aplay[:DEVICE] | file[:PATH]",
    )
    clips_dir: ConfigPath | None = Field(default=None, description="clips backend: default voice/clips in data_dir")


class HallDevicesConfig(Section):
    """config/hall-devices.toml: the hall device controller (evaluation pads, window displays, voice)."""

    hall: HallSection = HallSection()
    pads: PadsSection
    displays: DisplaysSection = DisplaysSection()
    voice: VoiceSection = VoiceSection()
    paths: PathsSection = PathsSection()
    logging: LoggingSection = LoggingSection()
