"""The kiosk's own voice for the voice-guided mode (docs/accessible-mode.md): speaks a text in the citizen's
language, offline, on a worker thread of its own, so the UI thread never waits for a sound; a new utterance
interrupts the one being heard (a tap on the next button should not wait for the last one's words).

The engines are the hall caller's (espeak-ng, recorded clips; drivers/ticketer/voice.py through
drivers/registry.py); the players are the sound card through ``aplay`` (stopped mid-sound) or a WAV file.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common.settings.voice import KioskVoiceSection
from devices.words import Language
from drivers.registry import VoiceUnavailable, create_speech
from kiosk.station.voice_player import Player, make_voice_player

log = logging.getLogger(__name__)

Synthesizer = Callable[[str], bytes]  # a text to a WAV; the engine picks Mandarin or English by the text


@dataclass(frozen=True)
class Utterance:
    text: str
    language: Language
    serial: int


class StationVoice:  # a VoicePort (kiosk/station/voice_port.py)
    """``say`` puts the text in a one-place queue (a newer text replaces an unsaid one) and stops the sound being
    heard; one worker thread makes the WAV and plays it. A failing engine or player is logged once, never
    raised: the mode's screens still work without sound."""

    def __init__(self, synthesize: Synthesizer, player: Player, *, name: str = "kiosk-voice") -> None:
        self._synthesize = synthesize
        self._player = player
        self._lock = threading.Condition()
        self._next: Utterance | None = None
        self._serial = 0
        self._busy = False
        self._closed = False
        self._failed: str | None = None
        self.said: list[tuple[str, Language]] = []  # every text handed to the player, in order (for the log, tests)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    # -- the port -------------------------------------------------------------------------------------------
    def say(self, text: str, language: Language) -> None:
        text = text.strip()
        if not text:
            return
        with self._lock:
            if self._closed:
                return
            self._serial += 1
            self._next = Utterance(text, language, self._serial)
            self._player.stop()  # the sound being heard ends; the worker takes the new text next
            self._lock.notify_all()

    def stop(self) -> None:
        with self._lock:
            self._serial += 1
            self._next = None
            self._player.stop()

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._busy or self._next is not None

    def wait_quiet(self, timeout: float = 10.0) -> bool:
        """Until nothing is queued or being said (for tests and the demo); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._busy and self._next is None, timeout)

    @property
    def problem(self) -> str | None:
        """Why the last utterance was not heard (a technician's message), or None."""
        return self._failed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._next = None
            self._lock.notify_all()
        self._player.stop()
        self._thread.join(timeout=5)

    # -- the worker -----------------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._closed or self._next is not None)
                if self._closed:
                    return
                utterance, self._next = self._next, None
                assert utterance is not None
                self._busy = True
            try:
                self._speak(utterance)
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()

    def _current(self, utterance: Utterance) -> bool:
        with self._lock:
            return utterance.serial == self._serial and not self._closed

    def _speak(self, utterance: Utterance) -> None:
        try:
            wav = self._synthesize(utterance.text)
            if not self._current(utterance):
                return  # a newer text came while this one was being made
            self.said.append((utterance.text, utterance.language))
            self._player.play(wav)
            self._failed = None
        except (VoiceUnavailable, OSError) as error:
            if self._failed != str(error):
                log.warning("voice guide cannot speak: %s", error)
            self._failed = str(error)
        except Exception:
            log.exception("voice guide failed on %r", utterance.text)


def open_station_voice(section: KioskVoiceSection, data_dir: Path) -> StationVoice | None:
    """The voice the config asks for, or None when the mode is switched off there."""
    if not section.enabled:
        return None
    synthesize = create_speech(section.engine, data_dir, speed=section.speed, clips_dir=section.clips_dir)
    return StationVoice(synthesize, make_voice_player(section.output, data_dir))
