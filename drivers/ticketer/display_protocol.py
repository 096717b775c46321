"""The window displays' RS-485 protocol (this project's, see docs/ticketer.md): frames to bytes and back. Pure.

    STX ADDR CMD SEQ LEN PAYLOAD… CRC_LO CRC_HI ETX

Frames are delimited by LEN; STX and ETX are checks, not escaped. CRC-16/MODBUS covers ADDR to the end of the
payload. Every frame to one display gets an ACK or a NAK from it, echoing SEQ; address 0 reaches every display
and is never answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import IntEnum, IntFlag, StrEnum

from drivers.checksums import crc16_modbus

STX = 0x02
ETX = 0x03
BROADCAST = 0
MAX_ADDRESS = 247
MAX_PAYLOAD = 240
HEADER_SIZE = 5  # STX ADDR CMD SEQ LEN
TRAILER_SIZE = 3  # CRC (2) ETX
MAX_NUMBER = 8  # ticket numbers are a letter and three or four digits; 8 leaves room
TEXT_ENCODING = "gb18030"  # what the displays' font ROMs index by; covers every Chinese character
BRIGHTNESS_LEVELS = 100


class Command(IntEnum):
    SHOW = 0x10  # FLAGS NUMLEN NUMBER TEXT
    CLEAR = 0x11
    BRIGHTNESS = 0x12  # LEVEL 0..100
    STATUS = 0x13  # ping; the ACK carries the display's status
    ACK = 0x06
    NAK = 0x15  # REASON


class ShowFlags(IntFlag):
    NONE = 0
    BLINK = 0x01  # blink the number a few seconds: a new call
    RECALL = 0x02  # the number is called again (the display may mark it 重呼)


class NakReason(IntEnum):
    # 0x01 is kept for a damaged frame; a display cannot trust the address in one, so it stays silent instead.
    BAD_COMMAND = 0x02
    BAD_PAYLOAD = 0x03  # wrong length, a number that is not ASCII, text the font cannot show
    BUSY = 0x04


class StatusFlags(IntFlag):
    NONE = 0
    LED_FAULT = 0x01  # a module or row driver reports a failure; the display shows what it can
    RESTARTED = 0x02  # powered up since the last STATUS: what it showed is gone; the host should send it again


@dataclass(frozen=True)
class Frame:
    address: int
    command: int  # a Command value, or an unknown byte received
    seq: int
    payload: bytes = b""

    def __post_init__(self) -> None:
        if not 0 <= self.address <= MAX_ADDRESS:
            raise ValueError(f"address must be 0..{MAX_ADDRESS}")
        if not 0 <= self.seq <= 0xFF or not 0 <= self.command <= 0xFF:
            raise ValueError("command and sequence are one byte each")
        if len(self.payload) > MAX_PAYLOAD:
            raise ValueError(f"a payload holds at most {MAX_PAYLOAD} bytes")

    def encode(self) -> bytes:
        body = bytes([self.address, self.command, self.seq, len(self.payload)]) + self.payload
        return bytes([STX]) + body + crc16_modbus(body).to_bytes(2, "little") + bytes([ETX])


@dataclass(frozen=True)
class ShowContent:
    number: str
    text: str = ""
    flags: ShowFlags = ShowFlags.NONE


def fit_text(text: str, limit: int) -> str:
    """The longest start of ``text`` whose GB18030 bytes fit in ``limit``; never half a character."""
    size = 0
    for index, ch in enumerate(text):
        size += len(ch.encode(TEXT_ENCODING))
        if size > limit:
            return text[:index]
    return text


def show_payload(content: ShowContent) -> bytes:
    """FLAGS NUMLEN NUMBER TEXT; text that does not fit is cut at a character."""
    number = content.number.encode("ascii")
    if not 0 < len(number) <= MAX_NUMBER or not number.isalnum():
        raise ValueError(f"a display number is 1 to {MAX_NUMBER} letters and digits: {content.number!r}")
    text = fit_text(content.text, MAX_PAYLOAD - 2 - len(number)).encode(TEXT_ENCODING)
    return bytes([int(content.flags), len(number)]) + number + text


class BadPayload(ValueError):
    """A frame with a good CRC whose payload does not fit its command."""


def parse_show(payload: bytes) -> ShowContent:
    if len(payload) < 3:
        raise BadPayload("SHOW needs FLAGS, NUMLEN and a number")
    size = payload[1]
    number = payload[2 : 2 + size]
    if not 0 < size <= MAX_NUMBER or len(number) != size or not number.isalnum() or not number.isascii():
        raise BadPayload("SHOW number is not 1..8 ASCII letters and digits")
    try:
        text = payload[2 + size :].decode(TEXT_ENCODING)
    except UnicodeDecodeError:
        raise BadPayload("SHOW text is not GB18030") from None
    return ShowContent(number.decode("ascii"), text, ShowFlags(payload[0] & 0x03))


@dataclass(frozen=True)
class DisplayState:
    """What a STATUS answer says: health, brightness and the number on the display (empty when clear)."""

    flags: StatusFlags
    brightness: int
    number: str = ""


def status_payload(state: DisplayState) -> bytes:
    number = state.number.encode("ascii")
    return bytes([int(state.flags), state.brightness, len(number)]) + number


def parse_status(payload: bytes) -> DisplayState:
    if len(payload) < 3 or len(payload) != 3 + payload[2]:
        raise BadPayload("STATUS answer is FLAGS, BRIGHTNESS, NUMLEN, NUMBER")
    try:
        number = payload[3:].decode("ascii")
    except UnicodeDecodeError:
        raise BadPayload("STATUS number is not ASCII") from None
    return DisplayState(StatusFlags(payload[0] & 0x03), payload[1], number)


def show_frame(address: int, seq: int, content: ShowContent) -> bytes:
    return Frame(address, Command.SHOW, seq, show_payload(content)).encode()


def clear_frame(address: int, seq: int) -> bytes:
    return Frame(address, Command.CLEAR, seq).encode()


def brightness_frame(address: int, seq: int, level: int) -> bytes:
    if not 0 <= level <= BRIGHTNESS_LEVELS:
        raise ValueError(f"brightness is 0 to {BRIGHTNESS_LEVELS}")
    return Frame(address, Command.BRIGHTNESS, seq, bytes([level])).encode()


def status_frame(address: int, seq: int) -> bytes:
    return Frame(address, Command.STATUS, seq).encode()


def ack_frame(address: int, seq: int, payload: bytes = b"") -> bytes:
    return Frame(address, Command.ACK, seq, payload).encode()


def nak_frame(address: int, seq: int, reason: NakReason) -> bytes:
    return Frame(address, Command.NAK, seq, bytes([reason])).encode()


class Problem(StrEnum):
    GARBAGE = "garbage"  # bytes before an STX
    BAD_LENGTH = "bad_length"  # LEN over the maximum
    CRC = "crc"
    NO_ETX = "no_etx"  # the byte after the CRC is not ETX: the frame was not what LEN said


@dataclass(frozen=True)
class FrameProblem:
    kind: Problem
    size: int  # bytes dropped


class FrameParser:
    """Feed it chunks as they arrive; it returns each complete frame and each problem once, in order.

    A bad frame costs its STX only: the parser looks for the next STX after it, so a good frame right behind
    a damaged one is still found. Both ends use it: the driver for answers, the simulator for commands.
    """

    def __init__(self) -> None:
        self.problems: Counter[Problem] = Counter()
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, chunk: bytes) -> list[Frame | FrameProblem]:
        self._buffer += chunk
        events: list[Frame | FrameProblem] = []
        while (event := self._next()) is not None:
            if isinstance(event, FrameProblem):
                self.problems[event.kind] += 1
            events.append(event)
        return events

    def _next(self) -> Frame | FrameProblem | None:
        buffer = self._buffer
        start = buffer.find(STX)
        if start != 0:
            return self._drop(len(buffer) if start < 0 else start, Problem.GARBAGE) if buffer else None
        if len(buffer) < HEADER_SIZE:
            return None
        size = buffer[4]
        if size > MAX_PAYLOAD or buffer[1] > MAX_ADDRESS:
            return self._drop(1, Problem.BAD_LENGTH)
        end = HEADER_SIZE + size + TRAILER_SIZE
        if len(buffer) < end:
            return None
        body = bytes(buffer[1 : HEADER_SIZE + size])
        problem = self._check(body, buffer[end - 3 : end])
        if problem is not None:
            return self._drop(1, problem)
        del buffer[:end]
        return Frame(body[0], body[1], body[2], body[4:])

    @staticmethod
    def _check(body: bytes, trailer: bytes | bytearray) -> Problem | None:
        if trailer[2] != ETX:
            return Problem.NO_ETX
        if crc16_modbus(body) != int.from_bytes(trailer[:2], "little"):
            return Problem.CRC
        return None

    def _drop(self, size: int, kind: Problem) -> FrameProblem:
        del self._buffer[:size]
        return FrameProblem(kind, size)
