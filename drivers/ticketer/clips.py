"""The clips voice: short recordings (请, 号, 到, 窗口, 办理, the digits, the letters, the chime) joined into a call.

A hall may record its own announcer into the clip files; where none ship, the set is made once with espeak-ng on
first use. Every clip must share one format (rate, channels, bits): joining never resamples.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.ticketer.voice import Player, VoiceUnavailable
from drivers.ticketer.wavs import Audio, BadAudio, chime, join, read_wav, silence, trim

if TYPE_CHECKING:
    from drivers.ticketer.voice import EspeakVoice

log = logging.getLogger(__name__)

# The words of 请A零一七号，到三号窗口办理 and the file each is kept in.
WORD_CLIPS = {"请": "qing", "号": "hao", "到": "dao", "窗口": "chuangkou", "办理": "banli"}
NUMERAL_CLIPS = {ch: str(value) for value, ch in enumerate("零一二三四五六七八九十")}
LETTER_CLIPS = {chr(code): chr(code) for code in range(ord("A"), ord("Z") + 1)}
PAUSE_CLIP = "pause"  # the comma: made as silence, not spoken
CHIME_CLIP = "chime"
CLIPS: dict[str, str] = {**WORD_CLIPS, **NUMERAL_CLIPS, **LETTER_CLIPS, "，": PAUSE_CLIP, ",": PAUSE_CLIP}
PAUSE_SECONDS = 0.25
GAP_SECONDS = 0.04  # between two clips, as between two spoken syllables


def clip_names(text: str) -> list[str]:
    """The clip files that say ``text``, longest words first; spaces are skipped. Raises for anything else."""
    names: list[str] = []
    longest = max(len(token) for token in CLIPS)
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        for size in range(longest, 0, -1):
            name = CLIPS.get(text[index : index + size])
            if name is not None:
                names.append(name)
                index += size
                break
        else:
            raise VoiceUnavailable(f"没有该字的录音 / no clip says {text[index]!r} (in {text!r})")
    return names


class ClipsVoice:
    """Says a call by joining clip files from ``directory``; ``maker`` (espeak-ng) records those that are missing."""

    def __init__(self, directory: Path, player: Player, *, maker: EspeakVoice | None = None) -> None:
        self.directory = directory
        self.player = player
        self.maker = maker
        self._clips: dict[str, Audio] = {}
        self._lock = threading.Lock()

    def prepare(self) -> list[str]:
        """Make the clips that are missing and load them all; returns the names made. Runs once by itself."""
        with self._lock:
            made = self._make_missing()
            self._clips = {name: self._load(name) for name in self._all_names()}
            join(list(self._clips.values()), list(self._clips))  # one format, or a clear error naming the clip
            return made

    def audio(self, text: str) -> Audio:
        """The joined clips for ``text``, with a short gap between clips."""
        if not self._clips:
            self.prepare()
        names = clip_names(text)
        first = self._clips[names[0]]
        gap = Audio(bytes(int(GAP_SECONDS * first.rate) * first.channels * first.width), *first.fmt)
        parts: list[Audio] = []
        for name in names:
            parts += [self._clips[name], gap]
        return join(parts)

    def speak(self, text: str) -> None:
        self.player.play(self.audio(text).to_wav())

    def chime(self) -> None:
        if not self._clips:
            self.prepare()
        self.player.play(self._clips[CHIME_CLIP].to_wav())

    def _all_names(self) -> list[str]:
        return sorted(set(CLIPS.values()) | {CHIME_CLIP})

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.wav"

    def _load(self, name: str) -> Audio:
        try:
            return read_wav(self._path(name).read_bytes())
        except (OSError, BadAudio) as error:
            raise VoiceUnavailable(f"录音文件无法读取 / clip {self._path(name)} unusable: {error}") from None

    def _make_missing(self) -> list[str]:
        missing = [name for name in self._all_names() if not self._path(name).exists()]
        if not missing:
            return []
        spoken = [name for name in missing if name not in {PAUSE_CLIP, CHIME_CLIP}]
        if spoken and self.maker is None:
            raise VoiceUnavailable(
                f"缺少录音且没有 espeak-ng / clips missing in {self.directory} and no espeak-ng to make them: "
                + ", ".join(spoken)
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        words = {name: word for word, name in CLIPS.items()}
        for name in spoken:
            assert self.maker is not None
            self._path(name).write_bytes(trim(self.maker.synthesize(words[name])).to_wav())
        # Made at the recordings' rate, so that a hall's own 44.1 kHz clips join with them.
        rate = self._load(WORD_CLIPS["请"]).rate
        if PAUSE_CLIP in missing:
            self._path(PAUSE_CLIP).write_bytes(silence(PAUSE_SECONDS, rate).to_wav())
        if CHIME_CLIP in missing:
            self._path(CHIME_CLIP).write_bytes(chime(rate).to_wav())
        log.info("made %d voice clip(s) in %s", len(missing), self.directory)
        return missing
