"""The thermal printer as the application sees it: documents in, print results out; no bytes."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from devices.device import Device
from devices.state import DeviceStatus, Reason


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class TextLine:
    """One paragraph of text; the driver wraps it to the paper by display width (a Chinese character is 2)."""

    text: str
    width: int = 1  # character magnification 1..8
    height: int = 1
    bold: bool = False
    align: Align = Align.LEFT

    def __post_init__(self) -> None:
        if not (1 <= self.width <= 8 and 1 <= self.height <= 8):
            raise ValueError("character size must be 1 to 8")


@dataclass(frozen=True)
class Rule:
    """A separator across the whole paper width."""

    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    data: str
    module_size: int = 6  # dots per module, 1..16
    error_correction: Literal["L", "M", "Q", "H"] = "M"
    align: Align = Align.CENTER

    def __post_init__(self) -> None:
        if not 1 <= self.module_size <= 16:
            raise ValueError("QR module size must be 1 to 16")


@dataclass(frozen=True)
class Bitmap:
    """A 1-bit image: ``rows`` holds ``height`` rows of ``ceil(width / 8)`` bytes, most significant bit first,
    1 = black. The driver scales it down when it is wider than the paper."""

    width: int
    height: int
    rows: bytes
    align: Align = Align.CENTER

    @property
    def stride(self) -> int:
        return (self.width + 7) // 8

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or len(self.rows) != self.stride * self.height:
            raise ValueError("bitmap rows do not match its size")

    def pixel(self, x: int, y: int) -> bool:
        return bool(self.rows[y * self.stride + x // 8] & (0x80 >> (x % 8)))


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Block = TextLine | Rule | QrCode | Bitmap | Feed | Cut


@dataclass(frozen=True)
class Document:
    """What to print, top to bottom. ``kind`` names it in logs and in the print-job record (ticket, receipt…)."""

    kind: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        if not self.blocks:
            raise ValueError("a document needs at least one block")


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    reasons: frozenset[Reason] = frozenset()
    bytes_sent: int = 0
    detail: str = ""

    def describe(self) -> str:
        return DeviceStatus.from_reasons(self.reasons).describe() if self.reasons else self.detail


@dataclass(frozen=True)
class PaperSpec:
    dots_per_line: int = 576
    width_mm: int = 80
    font_dots: int = 12  # width of a half-width character in the printer's font A (12x24)

    @property
    def columns(self) -> int:
        """Half-width characters per line at size 1."""
        return self.dots_per_line // self.font_dots


ChineseMode = Literal["native", "raster"]


@dataclass(frozen=True)
class PrinterProfile:
    """What a printer model can do: dot width, Chinese firmware or not, native QR or not, glyphs its font lacks.

    Config describes it (``[devices.printer]``); the ESC/POS driver encodes documents for it."""

    paper: PaperSpec = field(default_factory=PaperSpec)
    chinese: ChineseMode = "native"
    native_qr: bool = True
    missing_glyphs: frozenset[str] = frozenset()


@dataclass
class PrinterInfo:
    url: str
    paper: PaperSpec = field(default_factory=PaperSpec)


class Printer(Device):
    """A printer device: open it, watch its status, print documents."""

    name = "printer"

    @abstractmethod
    def print_document(self, document: Document) -> PrintResult:
        """Send the whole document; ok only if the printer took all of it and reports no fault afterwards."""

    @property
    @abstractmethod
    def paper(self) -> PaperSpec: ...
