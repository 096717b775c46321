"""GA 467 SAM serial frames: commands to bytes, a resynchronising frame parser, and typed replies. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum

PREAMBLE = bytes.fromhex("AA AA AA 96 69")
HEADER_SIZE = len(PREAMBLE) + 2  # preamble and LEN
TEXT_SIZE = 256
PHOTO_SIZE = 1024
READ_REPLY_SIZE = HEADER_SIZE + 3 + 4 + TEXT_SIZE + PHOTO_SIZE + 1  # 1,295 bytes on the wire
MAX_BODY = 0x0FFF  # longer than any reply a reader sends (text, photo and fingerprint fit well within it)


class Command(Enum):
    """A command's CMD and PARA bytes."""

    SAM_STATUS = (0x11, 0xFF)
    RESET_SAM = (0x10, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)


class Sw3(IntEnum):
    OK = 0x90
    CARD_FOUND = 0x9F
    NO_CARD = 0x80
    SELECT_FAILED = 0x81
    READ_FAILED = 0x41
    CHECKSUM_ERROR = 0x10  # the reader got our command with a bad checksum
    LENGTH_ERROR = 0x11
    COMMAND_ERROR = 0x21
    NOT_AUTHORISED = 0x23
    UNKNOWN_ERROR = 0x24
    SAM_FAILED = 0x60


class ReplyKind(StrEnum):
    """What a reply means to the host, whatever command it answers."""

    OK = "ok"
    CARD_FOUND = "card_found"
    NO_CARD = "no_card"
    SELECT_FAILED = "select_failed"  # the found card went away, or is not a resident ID card
    READ_FAILED = "read_failed"
    LINE_ERROR = "line_error"  # our command arrived damaged: send it again
    SAM_FAILED = "sam_failed"
    READER_ERROR = "reader_error"  # not authorised, unknown error, or a code this driver does not know


_KINDS = {
    Sw3.OK: ReplyKind.OK,
    Sw3.CARD_FOUND: ReplyKind.CARD_FOUND,
    Sw3.NO_CARD: ReplyKind.NO_CARD,
    Sw3.SELECT_FAILED: ReplyKind.SELECT_FAILED,
    Sw3.READ_FAILED: ReplyKind.READ_FAILED,
    Sw3.CHECKSUM_ERROR: ReplyKind.LINE_ERROR,
    Sw3.LENGTH_ERROR: ReplyKind.LINE_ERROR,
    Sw3.COMMAND_ERROR: ReplyKind.LINE_ERROR,
    Sw3.SAM_FAILED: ReplyKind.SAM_FAILED,
}


def checksum(length_and_body: bytes | bytearray) -> int:
    """XOR of every byte after the preamble (LEN and body)."""
    value = 0
    for byte in length_and_body:
        value ^= byte
    return value


def frame(body: bytes) -> bytes:
    """Wrap a command or reply body: preamble, LEN (body plus CHK, big-endian), body, CHK."""
    if len(body) + 1 > 0xFFFF:
        raise ValueError("a GA 467 frame body holds at most 65534 bytes")
    length_and_body = (len(body) + 1).to_bytes(2, "big") + body
    return PREAMBLE + length_and_body + bytes([checksum(length_and_body)])


def command_frame(command: Command, data: bytes = b"") -> bytes:
    cmd, para = command.value
    return frame(bytes([cmd, para]) + data)


def reply_frame(sw3: int, data: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    return frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Frame:
    """A complete frame with a good checksum: its body (CMD PARA data, or SW1 SW2 SW3 data), without CHK."""

    body: bytes


@dataclass(frozen=True)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @classmethod
    def of(cls, received: Frame) -> Reply:
        body = received.body
        if len(body) < 3:
            raise ValueError("a reply body has at least SW1 SW2 SW3")
        return cls(body[0], body[1], body[2], body[3:])

    @property
    def kind(self) -> ReplyKind:
        if (self.sw1, self.sw2) != (0, 0):
            return ReplyKind.READER_ERROR
        try:
            return _KINDS.get(Sw3(self.sw3), ReplyKind.READER_ERROR)
        except ValueError:
            return ReplyKind.READER_ERROR

    def describe(self) -> str:
        return f"SW {self.sw1:02X} {self.sw2:02X} {self.sw3:02X} ({self.kind.value})"


class MalformedReply(ValueError):
    """A reply with a good checksum whose content does not fit its command."""


def split_read_data(data: bytes) -> tuple[bytes, bytes]:
    """The text block and the photo from a read-OK reply's data (text length, photo length, text, photo)."""
    if len(data) < 4:
        raise MalformedReply(f"read reply too short: {len(data)} data bytes")
    text_size, photo_size = int.from_bytes(data[0:2], "big"), int.from_bytes(data[2:4], "big")
    if len(data) != 4 + text_size + photo_size:
        raise MalformedReply(f"read reply holds {len(data) - 4} bytes, its lengths say {text_size} + {photo_size}")
    if text_size != TEXT_SIZE:
        raise MalformedReply(f"text block is {text_size} bytes, expected {TEXT_SIZE}")
    return data[4 : 4 + text_size], data[4 + text_size :]


class Problem(StrEnum):
    GARBAGE = "garbage"  # bytes outside any frame
    BAD_LENGTH = "bad_length"  # LEN too small or too large to be a frame
    CHECKSUM = "checksum"
    TRUNCATED = "truncated"  # a new preamble began before the frame was complete


@dataclass(frozen=True)
class FrameProblem:
    kind: Problem
    size: int  # bytes dropped


class FrameParser:
    """Feed it any chunks; it returns each complete frame and each problem once, in order. It never raises.

    After a bad frame it resynchronises on the next preamble after the bad frame's start, so a truncated frame
    followed by a good one loses only the truncated one. The protocol has no escaping: a body that holds the
    preamble itself can be cut short when it arrives in pieces (reported as TRUNCATED).
    """

    def __init__(self, *, min_body: int = 3, max_body: int = MAX_BODY) -> None:
        self.min_body = min_body
        self.max_body = max_body
        self.frames = 0
        self.problems: Counter[Problem] = Counter()
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        """Bytes held back: the start of a frame still arriving."""
        return len(self._buffer)

    def feed(self, chunk: bytes) -> list[Frame | FrameProblem]:
        self._buffer += chunk
        events: list[Frame | FrameProblem] = []
        while (event := self._next()) is not None:
            if isinstance(event, Frame):
                self.frames += 1
            else:
                self.problems[event.kind] += 1
            events.append(event)
        return events

    def _next(self) -> Frame | FrameProblem | None:
        buffer = self._buffer
        start = buffer.find(PREAMBLE)
        if start != 0:
            return self._drop_garbage(start)
        if len(buffer) < HEADER_SIZE:
            return None
        length = int.from_bytes(buffer[5:7], "big")
        if not self.min_body + 1 <= length <= self.max_body + 1:
            return self._resync(Problem.BAD_LENGTH)
        end = HEADER_SIZE + length
        interrupted = buffer.find(PREAMBLE, 1, end) >= 0
        if len(buffer) < end:
            return self._resync(Problem.TRUNCATED) if interrupted else None
        if checksum(buffer[5 : end - 1]) != buffer[end - 1]:
            return self._resync(Problem.TRUNCATED if interrupted else Problem.CHECKSUM)
        body = bytes(buffer[HEADER_SIZE : end - 1])
        del buffer[:end]
        return Frame(body)

    def _drop_garbage(self, start: int) -> FrameProblem | None:
        if start < 0:
            start = len(self._buffer) - self._preamble_start_at_end()
        if start == 0:
            return None
        del self._buffer[:start]
        return FrameProblem(Problem.GARBAGE, start)

    def _resync(self, kind: Problem) -> FrameProblem:
        """Drop the bad frame up to the next preamble after its start (or all but a possible preamble start)."""
        following = self._buffer.find(PREAMBLE, 1)
        if following < 0:
            following = max(1, len(self._buffer) - self._preamble_start_at_end())
        del self._buffer[:following]
        return FrameProblem(kind, following)

    def _preamble_start_at_end(self) -> int:
        """How many bytes at the end may be the start of a preamble still arriving."""
        return next((n for n in range(len(PREAMBLE) - 1, 0, -1) if self._buffer.endswith(PREAMBLE[:n])), 0)
