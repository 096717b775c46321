"""Where the voice-guided mode's sound goes: the sound card through alsa-utils' ``aplay`` (a process that can be
stopped mid-sentence, unlike the hall caller's, which always finishes its call), or a WAV file where there is no
sound card (the file player of drivers/ticketer/voice.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
from pathlib import Path
from typing import Protocol

from drivers.registry import VoiceUnavailable, create_wav_file_player

PLAY_TIMEOUT_S = 120.0
SOUND_CARDS = Path("/proc/asound/cards")


class Player(Protocol):
    def play(self, wav: bytes) -> None:
        """Returns once the sound has been heard (or written), or stopped."""

    def stop(self) -> None:
        """End the sound being heard now; may be called from any thread, also when nothing plays."""


class AplayPlayer:
    """The sound card: one ``aplay`` process per utterance, killed by ``stop``."""

    def __init__(self, device: str = "", executable: str = "aplay") -> None:
        self.command = [executable, "-q", *(["-D", device] if device else []), "-"]
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def play(self, wav: bytes) -> None:
        with self._lock:
            self._stopped = False
            try:
                process = subprocess.Popen(
                    self.command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,  # its own process group: stop ends it and anything it started
                )
            except OSError as error:
                raise VoiceUnavailable(f"无法播放声音 / cannot play audio: {error}") from None
            self._process = process
        try:
            _, errors = process.communicate(wav, timeout=PLAY_TIMEOUT_S)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            process.kill()
            _, errors = process.communicate()
        finally:
            with self._lock:
                self._process = None
        if process.returncode != 0 and not self._stopped:
            message = errors.decode(errors="replace").strip()
            raise VoiceUnavailable(f"无法播放声音 / aplay failed: {message}")

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGTERM)


class WavFilePlayer:
    """No sound card: each utterance replaces one WAV file (the last thing said), for a technician to check."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = create_wav_file_player(path)

    def play(self, wav: bytes) -> None:
        self._file.play(wav)

    def stop(self) -> None:
        """A file is written at once: nothing to stop."""


def has_sound_card(cards: Path = SOUND_CARDS) -> bool:
    try:
        listed = cards.read_text(errors="replace")
    except OSError:
        return False
    return bool(listed.strip()) and "no soundcards" not in listed


def make_voice_player(output: str, data_dir: Path) -> Player:
    """``auto``: aplay when it is installed and there is a sound card, else a file; ``aplay`` or
    ``aplay:DEVICE``; ``file:PATH`` (relative to the data dir; default ``voice/last-guide.wav``)."""
    kind, _, argument = output.partition(":")
    if kind == "auto":
        kind = "aplay" if shutil.which("aplay") and has_sound_card() else "file"
    if kind == "aplay":
        return AplayPlayer(argument)
    if kind == "file":
        return WavFilePlayer(data_dir / (argument or "voice/last-guide.wav"))
    raise ValueError(f"声音输出无效 / voice output must be auto, aplay[:DEVICE] or file[:PATH], got {output!r}")
