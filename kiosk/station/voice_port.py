"""What the voice-guided mode needs of a voice (the station's is kiosk/station/voice.py): a port with no
dependencies, so the flows and the UI hold it without loading the engines."""

from __future__ import annotations

from typing import Protocol

from devices.words import Language


class VoicePort(Protocol):
    """What the voice-guided mode needs of a voice. ``say`` returns at once; the words are heard later."""

    def say(self, text: str, language: Language) -> None:
        """Speak ``text`` (already worded for speech: codes spelled out) after stopping whatever is being said."""

    def stop(self) -> None:
        """Silence now; nothing queued is said."""

    @property
    def speaking(self) -> bool:
        """A text is being made or heard."""
