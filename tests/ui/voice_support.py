"""The voice-guided mode's test helpers: the station's own voice (kiosk/station/voice.py) with espeak-ng making
each WAV and a player that keeps them, and the real UI over the real station speaking through it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pytestqt.qtbot import QtBot

from devices.words import Language
from drivers.registry import create_speech
from kiosk.flows.voice import VoiceSettings
from kiosk.station.services import StationServices
from kiosk.station.voice import StationVoice
from tests.ui.conftest import MovableClock, shown_ui
from ui.app import KioskUi
from ui.theme import Orientation

VOICE = VoiceSettings(idle_timeout_s=180, countdown_s=30, long_press_s=2.0, confirm_s=5, home_hint=True)


class RecordingPlayer:
    """A sound card that keeps every WAV it is given."""

    def __init__(self) -> None:
        self.wavs: list[bytes] = []

    def play(self, wav: bytes) -> None:
        self.wavs.append(wav)

    def stop(self) -> None:
        """Nothing plays for long enough to stop."""


class RecordingVoice(StationVoice):
    """The station's voice, keeping every text asked of it (``asked``) besides what reached the player."""

    def __init__(self, data_dir: Path) -> None:
        self.player = RecordingPlayer()
        super().__init__(create_speech("espeak", data_dir), self.player)
        self.asked: list[tuple[str, Language]] = []
        self.stops = 0

    def stop(self) -> None:
        self.stops += 1
        super().stop()

    def say(self, text: str, language: Language) -> None:
        self.asked.append((text, language))
        super().say(text, language)

    @property
    def last(self) -> str:
        return self.asked[-1][0] if self.asked else ""

    def since(self, mark: int) -> str:
        """Everything asked after the ``mark``-th utterance, as one text."""
        return " | ".join(text for text, _ in self.asked[mark:])


@contextmanager
def voice_ui(
    qtbot: QtBot,
    services: StationServices,
    clock: MovableClock,
    voice: RecordingVoice,
    orientation: Orientation = "portrait",
) -> Iterator[KioskUi]:
    """The real UI over the station, speaking through ``voice``."""
    with shown_ui(
        qtbot, services, clock, orientation, with_disclosure=False, voice=voice, voice_settings=VOICE
    ) as made:
        yield made
