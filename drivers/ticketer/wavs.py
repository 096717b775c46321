"""WAV audio for the voice: the chime, silence, trimming, joining clips, loudness. Standard library only."""

from __future__ import annotations

import io
import math
import wave
from array import array
from dataclasses import dataclass

SAMPLE_RATE = 22050  # espeak-ng's rate; the generated chime and pauses match it so clips join without resampling


@dataclass(frozen=True)
class Audio:
    """Mono or multi-channel PCM frames and their format."""

    frames: bytes
    rate: int = SAMPLE_RATE
    channels: int = 1
    width: int = 2  # bytes per sample

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.rate * self.channels * self.width)

    @property
    def fmt(self) -> tuple[int, int, int]:
        return (self.rate, self.channels, self.width)

    def to_wav(self) -> bytes:
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(self.channels)
            wav.setsampwidth(self.width)
            wav.setframerate(self.rate)
            wav.writeframes(self.frames)
        return out.getvalue()


class BadAudio(ValueError):
    """Bytes that are not a PCM WAV this module can use."""


def read_wav(data: bytes) -> Audio:
    """A WAV's frames and format. The header's length is not trusted: ``espeak-ng --stdout`` cannot seek back
    to fill it in and writes a huge placeholder, so the frames are whatever the data chunk holds."""
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            audio = Audio(wav.readframes(wav.getnframes()), wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
    except (wave.Error, EOFError) as error:
        raise BadAudio(f"not a PCM WAV: {error}") from None
    usable = len(audio.frames) - len(audio.frames) % (audio.channels * audio.width)
    return Audio(audio.frames[:usable], audio.rate, audio.channels, audio.width)


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Audio:
    return Audio(bytes(2 * int(seconds * rate)), rate)


def _samples(audio: Audio) -> array[int]:
    if audio.width != 2:
        raise BadAudio("only 16-bit audio is measured and trimmed")
    samples = array("h")
    samples.frombytes(audio.frames)
    return samples


def rms(audio: Audio) -> float:
    """Root mean square loudness of 16-bit audio (0 for silence, about 23,000 for a full-scale sine)."""
    samples = _samples(audio)
    return math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0


def trim(audio: Audio, threshold: int = 300, margin: float = 0.02) -> Audio:
    """Cut the quiet before the first and after the last sound, keeping ``margin`` seconds, so clips joined
    together flow like one sentence instead of stopping between words."""
    samples = _samples(audio)
    loud = [i for i in range(0, len(samples), 16) if abs(samples[i]) > threshold]
    if not loud:
        return Audio(b"", audio.rate, audio.channels, audio.width)
    keep = int(margin * audio.rate) * audio.channels
    start = max(0, loud[0] - keep)
    end = min(len(samples), loud[-1] + 16 + keep)
    start -= start % audio.channels
    return Audio(samples[start:end].tobytes(), audio.rate, audio.channels, audio.width)


def join(parts: list[Audio], names: list[str] | None = None) -> Audio:
    """One stream of audio from parts that share one format; a part in another format is named in the error."""
    if not parts:
        raise BadAudio("nothing to join")
    first = parts[0]
    for index, part in enumerate(parts):
        if part.fmt != first.fmt:
            name = names[index] if names else f"part {index}"
            raise BadAudio(
                f"录音格式不一致 / clip {name} is {part.rate} Hz, {part.channels} channel(s), {8 * part.width} bit; "
                f"the others are {first.rate} Hz, {first.channels} channel(s), {8 * first.width} bit"
            )
    return Audio(b"".join(part.frames for part in parts), first.rate, first.channels, first.width)


def chime(rate: int = SAMPLE_RATE) -> Audio:
    """A two-tone ding-dong (E5 then C5), each note a bell: a fast attack, a slow decay and a soft overtone."""
    samples = array("h")
    for frequency, seconds in ((659.25, 0.45), (523.25, 0.75)):
        count = int(seconds * rate)
        for n in range(count):
            t = n / rate
            envelope = min(1.0, t / 0.005) * math.exp(-4.0 * t / seconds)
            tone = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(4 * math.pi * frequency * t)
            samples.append(int(12000 * envelope * tone))
    samples.extend([0] * int(0.15 * rate))
    return Audio(samples.tobytes(), rate)
