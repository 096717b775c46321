"""Serial scanner framing: split the byte stream into codes at CR, CR LF or an inter-character silence."""

from __future__ import annotations

from dataclasses import dataclass

from devices.scanner import MAX_CODE_BYTES

CR = 0x0D
LF = 0x0A


def too_long_reason(max_bytes: int) -> str:
    return f"码太长 / code longer than {max_bytes} bytes"


@dataclass(frozen=True)
class Frame:
    """One code as it came off the line, without its suffix; ``problem`` says why it cannot be used."""

    raw: bytes  # empty when the input was discarded
    size: int  # bytes that arrived for it (more than len(raw) when discarded)
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None


class CodeFraming:
    """Feed it what the port delivers; it returns each complete code once.

    A code ends at CR or CR LF. An LF right after a CR is part of the suffix, even when it arrives in the next
    chunk; any other LF is data (a multi-line QR code), though a line of LFs alone is empty. Scanners set to
    send no suffix are ended by ``poll`` after ``silence`` seconds without a byte. Only ``poll`` looks at the
    clock: a reader thread that wakes late must not cut a code in two because its chunks carry far-apart times.
    """

    def __init__(self, silence: float = 0.1, max_bytes: int = MAX_CODE_BYTES) -> None:
        self.silence = silence
        self.max_bytes = max_bytes
        self._code = bytearray()
        self._discarded = 0  # > 0 while throwing away an over-long code up to its end
        self._after_cr = False
        self._last_byte_at: float | None = None

    def feed(self, data: bytes, now: float) -> list[Frame]:
        frames: list[Frame] = []
        if data:
            self._last_byte_at = now
        for byte in data:
            after_cr, self._after_cr = self._after_cr, False
            if byte == LF and after_cr:
                continue
            if byte == CR:
                self._after_cr = True
                frames.extend(self._end())
            elif self._discarded:
                self._discarded += 1
            else:
                self._code.append(byte)
                if len(self._code) > self.max_bytes:
                    self._discarded = len(self._code)
                    self._code.clear()
        return frames

    def poll(self, now: float) -> list[Frame]:
        """Call when a read returned nothing: ends a code that has been followed by ``silence`` seconds of quiet."""
        if self._last_byte_at is None or now - self._last_byte_at < self.silence:
            return []
        self._after_cr = False
        return self._end()

    def reset(self) -> None:
        """Forget a partial code (the line dropped in the middle of it)."""
        self._code.clear()
        self._discarded = 0
        self._after_cr = False
        self._last_byte_at = None

    @property
    def pending(self) -> int:
        """Bytes of a code that has not ended yet."""
        return len(self._code) + self._discarded

    def _end(self) -> list[Frame]:
        if self._discarded:
            frame = Frame(b"", self._discarded, too_long_reason(self.max_bytes))
        elif self._code.strip(b"\n"):
            frame = Frame(bytes(self._code), len(self._code))
        else:
            self._code.clear()
            return []  # an empty line (LFs alone count as empty), or the CR of a CR LF already ended the code
        self._code.clear()
        self._discarded = 0
        return [frame]
