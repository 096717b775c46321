"""The ``[voice]`` section of kiosk.toml: the voice-guided accessible mode (docs/accessible-mode.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _path_from_string(value: object) -> object:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("路径不能为空 / path must not be empty")
        return Path(value).expanduser()
    return value


class KioskVoiceSection(BaseModel):
    """How the kiosk speaks to a citizen who cannot read the screen."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    enabled: bool = Field(default=True, description="Offer the voice-guided mode (the 语音引导 control, long press)")
    engine: Literal["espeak", "clips"] = Field(
        default="espeak",
        description="espeak: espeak-ng's Mandarin and English voices; clips: the hall's recorded clips where they "
        "can say the text (a ticket number), espeak-ng for the rest",
    )
    output: str = Field(
        default="auto",
        pattern=r"^(auto|aplay(:.+)?|file(:.+)?)$",
        description="auto (aplay when a sound card is there, else a WAV file) | aplay[:DEVICE] | file[:PATH]",
    )
    speed: int = Field(default=150, ge=80, le=300, description="Words a minute (espeak-ng's -s)")
    clips_dir: Annotated[Path | None, BeforeValidator(_path_from_string)] = Field(
        default=None, description="clips engine: default voice/clips in the data dir"
    )
    idle_timeout_s: int = Field(default=180, ge=30, le=1200, description="Walk-away timeout in voice mode")
    countdown_s: int = Field(default=30, ge=5, le=120, description="The last seconds, spoken, before the reset")
    long_press_ms: int = Field(default=2000, ge=800, le=10000, description="A press this long on home: voice mode")
    confirm_s: int = Field(default=5, ge=2, le=30, description="A second tap within this presses the button read")
    home_hint: bool = Field(default=True, description="Say how to switch it on at a new citizen's first touch")
