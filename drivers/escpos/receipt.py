"""What the virtual printer has printed: lines, feeds, QR symbols and images between two cuts, and its events."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextRun:
    text: str
    bold: bool
    width: int
    height: int


@dataclass(frozen=True)
class PrintedLine:
    """One printed line; no runs is a blank line. The renderer wraps it when it is wider than the paper."""

    runs: tuple[TextRun, ...]
    align: str


@dataclass(frozen=True)
class FeedLines:
    n: int


@dataclass(frozen=True)
class QrSymbol:
    data: bytes
    module_size: int
    error_correction: str
    align: str


@dataclass(frozen=True)
class RasterImage:
    """``GS v 0``: rows of ``width_bytes`` bytes, MSB first, 1 = black; m = 1..3 doubles width and/or height."""

    width_bytes: int
    height: int
    data: bytes
    align: str
    scale_x: int = 1
    scale_y: int = 1


Element = PrintedLine | FeedLines | QrSymbol | RasterImage


@dataclass(frozen=True)
class Receipt:
    elements: tuple[Element, ...]
    bytes_received: int


@dataclass(frozen=True)
class StatusRequest:
    n: int


@dataclass(frozen=True)
class ReceiptCut:
    receipt: Receipt


@dataclass(frozen=True)
class Skipped:
    data: bytes
    offset: int
    reason: str


Event = StatusRequest | ReceiptCut | Skipped
