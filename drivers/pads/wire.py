"""Modbus RTU on the pad bus, pure: the CRC, frame sizes, what a failed exchange's bytes were, wire time.

pymodbus does the framing in operation; this module only judges raw bytes the master saw (so a CRC error, a
silence and an answer from the wrong pad are counted apart) and sizes a poll cycle for the benchmark.
"""

from __future__ import annotations

from enum import StrEnum

from drivers.checksums import crc16_modbus as crc16
from drivers.pads.protocol import HOLDING_COUNT, INPUT_COUNT

READ_INPUT_REGISTERS = 0x04
READ_HOLDING_REGISTERS = 0x03
WRITE_SINGLE_REGISTER = 0x06
WRITE_MULTIPLE_REGISTERS = 0x10
EXCEPTION_FLAG = 0x80
BITS_PER_CHAR = 10  # 8N1: start bit, 8 data bits, stop bit
FRAME_GAP_CHARS = 3.5  # the silence that ends an RTU frame


def with_crc(body: bytes) -> bytes:
    return body + crc16(body).to_bytes(2, "little")


def crc_ok(frame: bytes) -> bool:
    return len(frame) >= 4 and crc16(frame[:-2]) == int.from_bytes(frame[-2:], "little")


def read_request(address: int, start: int = 0, count: int = INPUT_COUNT, function: int = READ_INPUT_REGISTERS) -> bytes:
    """A read request frame (function 04 or 03): address, function, start, count, CRC."""
    return with_crc(bytes([address, function]) + start.to_bytes(2, "big") + count.to_bytes(2, "big"))


def response_length(data: bytes) -> int | None:
    """Length of the response frame ``data`` starts with, from its function code; None if not a response."""
    if len(data) < 2:
        return None
    function = data[1]
    if function & EXCEPTION_FLAG:
        return 5
    if function in {READ_INPUT_REGISTERS, READ_HOLDING_REGISTERS}:
        return 5 + data[2] if len(data) >= 3 else None
    if function in {WRITE_SINGLE_REGISTER, WRITE_MULTIPLE_REGISTERS}:
        return 8
    return None


def frames_in(data: bytes) -> list[bytes]:
    """Every well-formed response frame (length right for its function, CRC right) inside ``data``."""
    found: list[bytes] = []
    start = 0
    while start < len(data) - 3:
        size = response_length(data[start:])
        if size is not None and crc_ok(data[start : start + size]):
            found.append(data[start : start + size])
            start += size
        else:
            start += 1
    return found


class ReplyProblem(StrEnum):
    TIMEOUT = "timeout"  # nothing came back
    CRC_ERROR = "crc_error"  # bytes came back, but no frame with a right CRC
    WRONG_ADDRESS = "wrong_address"  # a sound frame, from another pad than the one asked
    UNEXPECTED = "unexpected"  # a sound frame from the right pad that is not an answer to what was asked


def classify_failed_reply(address: int, received: bytes) -> ReplyProblem:
    """Why an exchange with ``address`` brought no usable answer, judged from all the bytes that did arrive."""
    if not received:
        return ReplyProblem.TIMEOUT
    frames = frames_in(received)
    if not frames:
        return ReplyProblem.CRC_ERROR
    if any(frame[0] != address for frame in frames):
        return ReplyProblem.WRONG_ADDRESS
    return ReplyProblem.UNEXPECTED


READ_REQUEST_BYTES = 8  # address, function, start (2), count (2), CRC (2)
READ_RESPONSE_BYTES = 5 + 2 * INPUT_COUNT  # address, function, byte count, 10 registers, CRC
WRITE_REQUEST_BYTES = 9 + 2 * HOLDING_COUNT  # address, function, start, count, byte count, 6 registers, CRC
WRITE_RESPONSE_BYTES = 8


def poll_cycle_bytes(pads: int) -> int:
    """Bytes on the bus for one full poll cycle: one function 04 request and its answer per pad."""
    return pads * (READ_REQUEST_BYTES + READ_RESPONSE_BYTES)


def wire_seconds(byte_count: int, baud: int, *, frames: int = 0) -> float:
    """Line time of ``byte_count`` bytes at ``baud`` (8N1), plus the 3.5-character silence after each of
    ``frames`` frames when given: the lower bound no master can beat."""
    return (byte_count + FRAME_GAP_CHARS * frames) * BITS_PER_CHAR / baud
