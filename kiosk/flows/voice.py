"""The voice-guided mode's state (no Qt): on or off, what the config allows, and the one way to speak.

The kiosk (kiosk/flows/machine.py) holds one ``VoiceGuide``; the UI switches it (the 语音引导 control, a long
press on home, a key on a tactile keypad) and says through it what each screen shows (ui/voice.py). It ends with
the citizen's session: a walk-away, or the end of a flow.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import KioskConfig
from devices.words import Language, Words
from kiosk.flows.voice_words import spoken
from kiosk.station.voice_port import VoicePort


@dataclass(frozen=True)
class VoiceSettings:
    """The ``[voice]`` section as the flows and screens read it (common/settings/voice.py)."""

    enabled: bool = True
    idle_timeout_s: float = 180
    countdown_s: float = 30
    long_press_s: float = 2.0
    confirm_s: float = 5
    home_hint: bool = True

    @classmethod
    def from_config(cls, config: KioskConfig) -> VoiceSettings:
        voice = config.voice
        return cls(
            enabled=voice.enabled,
            idle_timeout_s=voice.idle_timeout_s,
            countdown_s=voice.countdown_s,
            long_press_s=voice.long_press_ms / 1000,
            confirm_s=voice.confirm_s,
            home_hint=voice.home_hint,
        )


class VoiceGuide:
    """On or off for this citizen; ``say`` speaks only while on, ``announce`` always (the mode's own news)."""

    def __init__(self, port: VoicePort | None = None, settings: VoiceSettings | None = None) -> None:
        self.port = port
        self.settings = settings or VoiceSettings()
        self.on = False
        self.ended = False  # switched off by a walk-away: nobody is there to hear that it is off

    @property
    def offered(self) -> bool:
        """This kiosk has a voice and its config offers the mode."""
        return self.port is not None and self.settings.enabled

    def switch(self, on: bool) -> bool:
        """Returns whether the mode changed."""
        on = on and self.offered
        changed, self.on = on != self.on, on
        self.ended = False
        return changed

    def end(self) -> None:
        """The citizen walked away: off, silently."""
        self.switch(False)
        self.ended = True
        self.stop()

    def say(self, text: str | Words, language: Language) -> None:
        if self.on:
            self.announce(text, language)

    def announce(self, text: str | Words, language: Language) -> None:
        if self.port is None:
            return
        words = text.pick(language) if isinstance(text, Words) else text
        self.port.say(spoken(words, language), language)

    def stop(self) -> None:
        if self.port is not None:
            self.port.stop()
