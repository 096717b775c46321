"""Offline voices for the calls: espeak-ng's Mandarin, recorded clips joined together, or none; and where the
sound goes (the sound card through ``aplay``, or a WAV file where there is none). Nothing here needs a network."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Protocol

from devices.ticketer import VoiceBackend
from devices.ticketer import VoiceUnavailable as DeviceVoiceUnavailable
from drivers.ticketer.wavs import Audio, BadAudio, chime, read_wav

log = logging.getLogger(__name__)

# Debian 12's espeak-ng 1.51 turns characters into tone-numbered pinyin and then, in its `cmn` voice, reads that
# pinyin as English ("qing3" comes out as "king three"). The `cmn-latn-pinyin` voice reads the same pinyin as
# Mandarin, so it is the default; `voice = "cmn"` can be set where a newer espeak-ng reads it right.
MANDARIN_VOICE = "cmn-latn-pinyin"
ENGLISH_VOICE = "en"
SPEED = 160  # words a minute: a little slower than espeak's 175, for a large echoing hall (a call lasts about 4 s)
PLAY_TIMEOUT = 60.0
VOICE_NAMES = ("espeak", "clips", "none")


class VoiceUnavailable(DeviceVoiceUnavailable):
    """The voice cannot make sound here: a program is missing or failed. The message is for a technician."""


class Player(Protocol):
    """Where audio goes. ``play`` returns once it has been heard (or written)."""

    def play(self, wav: bytes) -> None: ...


class AplayPlayer:
    """The sound card, through alsa-utils' ``aplay`` (``device`` as aplay -D names it, e.g. ``plughw:1,0``)."""

    def __init__(self, device: str = "", executable: str = "aplay") -> None:
        self.device = device
        self.executable = executable

    def play(self, wav: bytes) -> None:
        command = [self.executable, "-q", *(["-D", self.device] if self.device else []), "-"]
        try:
            done = subprocess.run(command, input=wav, capture_output=True, timeout=PLAY_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise VoiceUnavailable(f"无法播放声音 / cannot play audio: {error}") from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise VoiceUnavailable(f"无法播放声音 / aplay failed: {message}")


class FilePlayer:
    """No sound card: each sound replaces one WAV file (the last announcement), for a technician to check."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.played = 0

    def play(self, wav: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".wav.tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(wav)
        Path(temporary).replace(self.path)
        self.played += 1


def make_player(output: str, data_dir: Path) -> Player:
    """``auto``: aplay when installed, else a file; ``aplay`` or ``aplay:DEVICE``; ``file:PATH`` (relative paths
    are in the data dir). The default file is ``voice/last-announcement.wav`` in the data dir."""
    kind, _, argument = output.partition(":")
    if kind == "auto":
        kind = "aplay" if shutil.which("aplay") else "file"
    if kind == "aplay":
        return AplayPlayer(argument)
    if kind == "file":
        return FilePlayer(data_dir / (argument or "voice/last-announcement.wav"))
    raise ValueError(f"声音输出无效 / voice output must be auto, aplay[:DEVICE] or file[:PATH], got {output!r}")


class EspeakVoice:
    """espeak-ng speaking each text as it comes: Mandarin for Chinese, English for text with no Chinese in it."""

    def __init__(
        self,
        player: Player,
        *,
        voice: str = MANDARIN_VOICE,
        english_voice: str = ENGLISH_VOICE,
        speed: int = SPEED,
        executable: str = "espeak-ng",
    ) -> None:
        self.player = player
        self.voice = voice
        self.english_voice = english_voice
        self.speed = speed
        self.executable = executable
        self._chime = chime().to_wav()

    def synthesize(self, text: str) -> Audio:
        voice = self.voice if any(ord(ch) > 0x2E80 for ch in text) else self.english_voice
        command = [self.executable, "-v", voice, "-s", str(self.speed), "--stdout", text]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PLAY_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise VoiceUnavailable(f"语音合成不可用 / espeak-ng cannot run: {error}") from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise VoiceUnavailable(f"语音合成失败 / espeak-ng failed: {message}")
        try:
            return read_wav(done.stdout)
        except BadAudio as error:
            raise VoiceUnavailable(f"语音合成失败 / espeak-ng gave no audio: {error}") from None

    def render_wav(self, text: str, path: Path) -> Path:
        """Speak ``text`` into a WAV file (with a correct header, unlike espeak-ng's own --stdout)."""
        path.write_bytes(self.synthesize(text).to_wav())
        return path

    def speak(self, text: str) -> None:
        self.player.play(self.synthesize(text).to_wav())

    def chime(self) -> None:
        self.player.play(self._chime)


class SilentVoice:
    """For a hall with no speakers: every call is logged instead of heard."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def speak(self, text: str) -> None:
        self.said.append(text)
        log.info("voice off: would say %s", text)

    def chime(self) -> None:
        log.debug("voice off: would chime")


def create_voice(
    name: str,
    data_dir: Path,
    *,
    output: str = "auto",
    voice: str = MANDARIN_VOICE,
    speed: int = SPEED,
    clips_dir: Path | None = None,
) -> VoiceBackend:
    """The voice named in config: ``espeak``, ``clips`` (in ``clips_dir``, default ``voice/clips`` in the data dir,
    made with espeak-ng on first use when there are none) or ``none``."""
    if name == "none":
        return SilentVoice()
    player = make_player(output, data_dir)
    if name == "espeak":
        return EspeakVoice(player, voice=voice, speed=speed)
    if name == "clips":
        from drivers.ticketer.clips import ClipsVoice  # noqa: PLC0415 - clips are one of three choices

        espeak = EspeakVoice(player, voice=voice, speed=speed) if shutil.which("espeak-ng") else None
        return ClipsVoice(clips_dir or data_dir / "voice" / "clips", player, maker=espeak)
    raise ValueError(f"语音类型无效 / voice must be one of {', '.join(VOICE_NAMES)}, got {name!r}")
