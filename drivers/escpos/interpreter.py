"""A pure, incremental ESC/POS interpreter: printer bytes in, receipts and status requests out (no I/O)."""

from __future__ import annotations

from devices.textwidth import display_width
from drivers.escpos.receipt import (
    Element,
    Event,
    FeedLines,
    PrintedLine,
    QrSymbol,
    RasterImage,
    Receipt,
    ReceiptCut,
    Skipped,
    StatusRequest,
    TextRun,
)

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
LF, CR, HT = 0x0A, 0x0D, 0x09
TAB_COLUMNS = 8  # the printers' default tab stops: every 8 half-width columns
ALIGNS = {0: "left", 1: "center", 2: "right", 0x30: "left", 0x31: "center", 0x32: "right"}
QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
_CP437 = bytes(range(256)).decode("cp437")
_GB18030_FOUR_BYTE = (range(0x81, 0xFF), range(0x30, 0x3A), range(0x81, 0xFF), range(0x30, 0x3A))

# Byte length of every fixed-length command understood. The second group changes nothing this interpreter models
# (line spacing, fonts, underline, reverse, margins, drawer kick...): it is accepted so drivers that send it are
# not reported, and it does not show on the rendered receipt.
_FIXED = {
    (ESC, 0x40): 2, (ESC, 0x61): 3, (ESC, 0x45): 3, (ESC, 0x21): 3, (ESC, 0x74): 3, (ESC, 0x64): 3,
    (GS, 0x21): 3, (FS, 0x26): 2, (FS, 0x2E): 2,
    (ESC, 0x32): 2, (ESC, 0x33): 3, (ESC, 0x4D): 3, (ESC, 0x2D): 3, (ESC, 0x47): 3, (ESC, 0x7B): 3,
    (ESC, 0x20): 3, (ESC, 0x52): 3, (ESC, 0x70): 5, (GS, 0x42): 3, (GS, 0x4C): 4, (GS, 0x57): 4,
    (GS, 0x48): 3, (GS, 0x66): 3, (GS, 0x68): 3, (GS, 0x77): 3, (FS, 0x21): 3, (FS, 0x2D): 3,
}  # fmt: skip


_Style = tuple[bool, int, int]  # bold, width, height


class _Incomplete(Exception):
    """The command at the start of the buffer needs this many bytes; parsing resumes once they are in."""

    def __init__(self, needed: int) -> None:
        self.needed = needed


class EscPosInterpreter:
    """Feed it the bytes a printer receives, in chunks of any size; it returns what happened, in order.

    A command cut off at the end of a chunk waits for the rest. No input makes it raise: what it does not
    understand comes back as Skipped events. As on common printers: CR is ignored, HT pads with spaces to the next
    8-column stop, ESC a only takes effect at the start of a line, ESC @ drops the unprinted line and resets every
    mode (Chinese mode to ``chinese_by_default``), and a QR code, a raster image, ESC d or a cut first print the
    pending text as a line. DLE EOT is recognised between commands and characters, not inside another command.
    """

    def __init__(self, dots_per_line: int = 576, *, chinese_by_default: bool = False) -> None:
        self.dots_per_line = dots_per_line
        self._chinese_default = chinese_by_default  # printers with Chinese firmware often start in Chinese mode
        self._buf = bytearray()
        self._base = 0  # stream offset of _buf[0]
        self._need = 0  # _buf must hold this many bytes before parsing resumes
        self._events: list[Event] = []
        self._elements: list[Element] = []
        self._receipt_start = 0
        self._reset()

    def _reset(self) -> None:
        self.chinese = self._chinese_default
        self.code_page = 0
        self.align = "left"
        self._style: _Style = (False, 1, 1)
        self._line: list[tuple[_Style, list[str]]] = []
        self._qr_data: bytes | None = None
        self._qr_module = 3
        self._qr_level = "L"

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        if len(self._buf) < self._need:
            return []
        self._need = 0
        events: list[Event] = []
        self._events = events
        pos = 0
        while pos < len(self._buf):
            try:
                pos += self._step(pos)
            except _Incomplete as incomplete:
                self._need = incomplete.needed
                break
            except Exception as error:  # a bug must not stop the printer: report it like any bad byte
                self._skip(pos, 1, f"internal error: {error!r}")
                pos += 1
        del self._buf[:pos]
        self._base += pos
        return events

    def unfinished(self) -> Receipt:
        """What has been printed since the last cut, the line still being composed included."""
        return Receipt((*self._elements, *self._pending_line()), self._base + len(self._buf) - self._receipt_start)

    # --- parsing: each step consumes one command or a run of text starting at ``at`` ---

    def _take(self, at: int, length: int) -> bytes:
        if len(self._buf) - at < length:
            raise _Incomplete(length)
        return bytes(self._buf[at : at + length])

    def _skip(self, at: int, length: int, reason: str) -> int:
        self._events.append(Skipped(bytes(self._buf[at : at + length]), self._base + at, reason))
        return length

    def _step(self, at: int) -> int:
        byte = self._buf[at]
        if byte in (ESC, GS, FS):
            return self._command(at)
        if byte == DLE:
            return self._dle(at)
        if byte >= 0x20 and byte != 0x7F:
            return self._text(at)
        if byte == LF:
            self._flush_line(blank_too=True)
        elif byte == HT:
            self._tab()
        elif byte != CR:  # CR: the printers this models print on LF only
            self._skip(at, 1, f"control byte {byte:#04x}")
        return 1

    def _dle(self, at: int) -> int:
        if self._take(at, 2)[1] != 0x04:
            return self._skip(at, 2, "unknown DLE command")
        n = self._take(at, 3)[2]
        if not 1 <= n <= 4:
            return self._skip(at, 3, f"DLE EOT with n={n}")
        self._events.append(StatusRequest(n))
        return 3

    def _command(self, at: int) -> int:
        key = (self._buf[at], self._take(at, 2)[1])
        if key == (GS, 0x28):
            return self._gs_paren(at)
        if key == (GS, 0x76):
            return self._raster(at)
        if key == (GS, 0x56):
            return self._cut(at)
        length = _FIXED.get(key)
        if length is None:
            return self._skip(at, 2, "unknown command")
        return self._apply(at, self._take(at, length))

    def _apply(self, at: int, cmd: bytes) -> int:
        key, n = (cmd[0], cmd[1]), cmd[-1]
        bold, width, height = self._style
        if key == (ESC, 0x40):
            self._reset()
        elif key == (ESC, 0x61):
            if n not in ALIGNS:
                return self._skip(at, 3, f"alignment n={n}")
            if self._line:
                return self._skip(at, 3, "ESC a ignored: it only works at the beginning of a line")
            self.align = ALIGNS[n]
        elif key == (ESC, 0x45):
            self._style = (bool(n & 1), width, height)
        elif key == (ESC, 0x21):
            self._style = (bool(n & 0x08), 2 if n & 0x20 else 1, 2 if n & 0x10 else 1)
        elif key == (GS, 0x21):
            if n >> 4 > 7 or n & 0x0F > 7:
                return self._skip(at, 3, f"character size n={n:#04x}")
            self._style = (bold, (n >> 4) + 1, (n & 0x0F) + 1)
        elif key == (ESC, 0x74):
            self.code_page = n
        elif key == (ESC, 0x64):
            self._flush_line()
            self._elements.append(FeedLines(n))
        elif key in ((FS, 0x26), (FS, 0x2E)):
            self.chinese = key[1] == 0x26
        return len(cmd)

    def _gs_paren(self, at: int) -> int:
        head = self._take(at, 5)
        length = 5 + head[3] + 256 * head[4]
        params = self._take(at, length)[5:]
        if head[2] != 0x6B:
            return self._skip(at, length, f"GS ( {head[2]:#04x} not supported")
        if len(params) < 3:
            return self._skip(at, length, "GS ( k shorter than 3 bytes")
        if params[0] != 0x31:
            return self._skip(at, length, f"2D symbol type {params[0]:#04x} not supported (only QR)")
        fn, arg = params[1], params[2]
        if fn == 0x41 and len(params) == 4 and arg in (0x31, 0x32) and params[3] == 0:
            pass  # model 1 or 2: drawn as model 2 either way
        elif fn == 0x43 and len(params) == 3 and 1 <= arg <= 16:
            self._qr_module = arg
        elif fn == 0x45 and len(params) == 3 and arg in QR_LEVELS:
            self._qr_level = QR_LEVELS[arg]
        elif fn == 0x50 and arg == 0x30 and len(params) > 3:
            self._qr_data = params[3:]
        elif fn == 0x51 and len(params) == 3 and arg == 0x30:
            if self._qr_data is None:
                return self._skip(at, length, "QR print with no data stored")
            self._flush_line()
            self._elements.append(QrSymbol(self._qr_data, self._qr_module, self._qr_level, self.align))
        else:
            return self._skip(at, length, f"malformed or unsupported QR function {fn:#04x}")
        return length

    def _raster(self, at: int) -> int:
        if self._take(at, 3)[2] != 0x30:
            return self._skip(at, 2, "unknown command")
        head = self._take(at, 8)
        mode, width_bytes, height = head[3], head[4] + 256 * head[5], head[6] + 256 * head[7]
        length = 8 + width_bytes * height
        if width_bytes == 0 or height == 0:
            return self._skip(at, 8, "empty raster image")
        data = self._take(at, length)[8:]
        if mode not in (0, 1, 2, 3, 0x30, 0x31, 0x32, 0x33):
            return self._skip(at, length, f"raster mode m={mode}")
        self._flush_line()
        scale_x, scale_y = 1 + (mode & 1), 1 + (mode >> 1 & 1)
        self._elements.append(RasterImage(width_bytes, height, data, self.align, scale_x, scale_y))
        return length

    def _cut(self, at: int) -> int:
        mode = self._take(at, 3)[2]
        if mode in (0x00, 0x01, 0x30, 0x31):
            length = 3
        elif mode in (0x41, 0x42):
            length = 4  # the feed before the cut is the printer's own business: not part of the receipt
            self._take(at, length)
        else:
            return self._skip(at, 3, f"cut mode m={mode:#04x}")
        self._flush_line()
        end = self._base + at + length
        self._events.append(ReceiptCut(Receipt(tuple(self._elements), end - self._receipt_start)))
        self._elements = []
        self._receipt_start = end
        return length

    def _text(self, at: int) -> int:
        buf, end, i = self._buf, len(self._buf), at
        chars: list[str] = []
        while i < end and (byte := buf[i]) >= 0x20 and byte != 0x7F:
            if byte < 0x80:
                chars.append(chr(byte))
                i += 1
            elif not self.chinese:
                chars.append(_CP437[byte])
                i += 1
            else:
                length = _gb18030_length(buf, i)
                if length < 0:
                    if i == at:
                        raise _Incomplete(-length)
                    break  # keep what decoded; the next step waits for the rest of this character
                length = max(length, 1)
                char = _decode_gb18030(bytes(buf[i : i + length])) if length > 1 else None
                if char is None:
                    self._skip(i, length, "invalid GB18030 sequence")
                chars.append(char or "\ufffd")
                i += length
        self._add_text("".join(chars))
        return i - at

    # --- the line being composed ---

    def _add_text(self, text: str) -> None:
        if self._line and self._line[-1][0] == self._style:
            self._line[-1][1].append(text)
        else:
            self._line.append((self._style, [text]))

    def _tab(self) -> None:
        columns = sum(display_width("".join(parts)) * style[1] for style, parts in self._line)
        width = self._style[1]
        self._add_text(" " * -(-(TAB_COLUMNS - columns % TAB_COLUMNS) // width))

    def _pending_line(self) -> tuple[PrintedLine, ...]:
        if not self._line:
            return ()
        runs = tuple(TextRun("".join(parts), *style) for style, parts in self._line)
        return (PrintedLine(runs, self.align),)

    def _flush_line(self, *, blank_too: bool = False) -> None:
        """Print the composed line; only LF prints a blank one, the other commands just empty the buffer."""
        self._elements.extend(self._pending_line() or ((PrintedLine((), self.align),) if blank_too else ()))
        self._line = []


def _gb18030_length(buf: bytearray, i: int) -> int:
    """Length of the multibyte sequence at ``buf[i]`` (2 or 4), 0 if malformed, -needed if cut short."""
    seq = buf[i : i + 4]
    if seq[0] in (0x80, 0xFF):
        return 0
    if len(seq) < 2:
        return -2
    if 0x40 <= seq[1] <= 0xFE and seq[1] != 0x7F:
        return 2
    if any(byte not in allowed for byte, allowed in zip(seq, _GB18030_FOUR_BYTE, strict=False)):
        return 0
    return 4 if len(seq) == 4 else -4


def _decode_gb18030(sequence: bytes) -> str | None:
    try:
        return sequence.decode("gb18030")
    except UnicodeDecodeError:  # well formed but unassigned
        return None


__all__ = [
    "Element",
    "EscPosInterpreter",
    "Event",
    "FeedLines",
    "PrintedLine",
    "QrSymbol",
    "RasterImage",
    "Receipt",
    "ReceiptCut",
    "Skipped",
    "StatusRequest",
    "TextRun",
]
