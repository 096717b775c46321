"""ESC/POS commands as bytes (docs/protocols.md §3): pure functions, no I/O.

The project builds these itself instead of driving python-escpos's Escpos class: python-escpos 3.1 switches to
GB18030 only for lines holding a Han character (a line of Chinese punctuation alone comes out as ``????``) and
never sends ``FS &``, so Chinese mode has to be controlled here anyway. Its native QR sequence is identical to
ours (a test checks that), and its USB class is still used for usb:// printers (drivers/transports.py).
"""

from __future__ import annotations

from typing import Literal

from devices.printer import Align

ESC, GS, FS, DLE, EOT = 0x1B, 0x1D, 0x1C, 0x10, 0x04

INITIALISE = b"\x1b\x40"
CHINESE_ON = b"\x1c\x26"
CHINESE_OFF = b"\x1c\x2e"
LINE_FEED = b"\n"
QR_MODEL_2 = bytes.fromhex("1D 28 6B 04 00 31 41 32 00")
QR_PRINT = bytes.fromhex("1D 28 6B 03 00 31 51 30")

_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
QR_LEVELS: dict[str, int] = {"L": 48, "M": 49, "Q": 50, "H": 51}
RASTER_BAND_ROWS = 255  # rows per GS v 0 command: small printers buffer no more


def align(where: Align) -> bytes:
    return bytes([ESC, 0x61, _ALIGN[where]])


def bold(on: bool) -> bytes:
    return bytes([ESC, 0x45, 1 if on else 0])


def character_size(width: int, height: int) -> bytes:
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size must be 1 to 8")
    return bytes([GS, 0x21, (width - 1) << 4 | (height - 1)])


def feed(lines: int) -> bytes:
    if not 0 <= lines <= 255:
        raise ValueError("feed must be 0 to 255 lines")
    return bytes([ESC, 0x64, lines])


def qr_module_size(dots: int) -> bytes:
    if not 1 <= dots <= 16:
        raise ValueError("QR module size must be 1 to 16")
    return bytes([GS, 0x28, 0x6B, 3, 0, 0x31, 0x43, dots])


def qr_error_correction(level: Literal["L", "M", "Q", "H"]) -> bytes:
    return bytes([GS, 0x28, 0x6B, 3, 0, 0x31, 0x45, QR_LEVELS[level]])


def qr_store(data: bytes) -> bytes:
    size = len(data) + 3
    if size > 0xFFFF:
        raise ValueError("QR data too long")
    return bytes([GS, 0x28, 0x6B, size & 0xFF, size >> 8, 0x31, 0x50, 0x30]) + data


def qr_code(data: bytes, module_size: int, level: Literal["L", "M", "Q", "H"]) -> bytes:
    return QR_MODEL_2 + qr_module_size(module_size) + qr_error_correction(level) + qr_store(data) + QR_PRINT


def raster(width_bytes: int, height: int, data: bytes) -> bytes:
    """``GS v 0`` in normal mode, split into bands of at most RASTER_BAND_ROWS rows."""
    if len(data) != width_bytes * height:
        raise ValueError("raster data does not match its size")
    out = bytearray()
    for top in range(0, height, RASTER_BAND_ROWS):
        rows = min(RASTER_BAND_ROWS, height - top)
        band = data[top * width_bytes : (top + rows) * width_bytes]
        out += bytes([GS, 0x76, 0x30, 0, width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF, rows >> 8]) + band
    return bytes(out)


def partial_cut(feed_lines: int = 3) -> bytes:
    """Feed so the last line clears the cutter, then cut leaving a hinge (GS V 66 n)."""
    return bytes([GS, 0x56, 0x42, feed_lines])


def status_request(n: int) -> bytes:
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n must be 1 to 4")
    return bytes([DLE, EOT, n])
