"""Documents to ESC/POS bytes: native GB18030 text and QR where the printer can, raster only where it cannot."""

from __future__ import annotations

import segno
from PIL import Image

from devices.printer import Align, Bitmap, Cut, Document, Feed, PrinterProfile, QrCode, Rule, TextLine
from devices.textwidth import display_width, wrap
from drivers.escpos import commands as cmd
from drivers.escpos.glyphs import draw_text


def prints_natively(line: str, profile: PrinterProfile) -> bool:
    """Native text needs a printer font with every glyph: GBK's two-byte range in Chinese mode, ASCII otherwise.

    GB18030 encodes every code point, but four-byte sequences (emoji, rare characters outside GBK) are missing
    from printer fonts and would print as '?'; such lines are drawn as raster instead.
    """
    if any(ch in profile.missing_glyphs for ch in line):
        return False
    if profile.chinese == "raster":
        return line.isascii() and line.isprintable()
    return all(ch.isprintable() and len(ch.encode("gb18030")) <= 2 for ch in line)


def encode(document: Document, profile: PrinterProfile) -> bytes:
    out = bytearray(cmd.INITIALISE)
    chinese_on = profile.chinese == "native"
    out += cmd.CHINESE_ON if chinese_on else cmd.CHINESE_OFF
    for block in document.blocks:
        if isinstance(block, TextLine):
            out += _text(block, profile)
        elif isinstance(block, Rule):
            out += _text(TextLine(block.char * (profile.paper.columns // display_width(block.char))), profile)
        elif isinstance(block, QrCode):
            out += _qr(block, profile)
        elif isinstance(block, Bitmap):
            out += _bitmap(block, profile.paper.dots_per_line)
        elif isinstance(block, Feed):
            out += cmd.feed(block.lines)
        elif isinstance(block, Cut):
            out += cmd.partial_cut()
    return bytes(out)


def _text(block: TextLine, profile: PrinterProfile) -> bytes:
    out = bytearray()
    columns = max(1, profile.paper.columns // block.width)
    styled = False
    for line in wrap(block.text, columns):
        if prints_natively(line, profile):
            if not styled:
                out += cmd.align(block.align) + cmd.bold(block.bold) + cmd.character_size(block.width, block.height)
                styled = True
            out += line.encode("gb18030" if profile.chinese == "native" else "ascii") + cmd.LINE_FEED
        else:
            image = draw_text(line, width=block.width, height=block.height, bold=block.bold)
            out += _bitmap(bitmap_from_image(image, block.align), profile.paper.dots_per_line)
    if styled:
        out += cmd.bold(False) + cmd.character_size(1, 1) + cmd.align(Align.LEFT)
    return bytes(out)


def _qr(block: QrCode, profile: PrinterProfile) -> bytes:
    data = block.data.encode("utf-8")
    if profile.native_qr:
        return (
            cmd.align(block.align)
            + cmd.qr_code(data, block.module_size, block.error_correction)
            + cmd.align(Align.LEFT)
        )
    return _bitmap(qr_bitmap(block), profile.paper.dots_per_line)


def qr_bitmap(block: QrCode) -> Bitmap:
    """The QR code drawn as dots, for printers without GS ( k; with the quiet zone the standard asks for."""
    qr = segno.make(block.data, error=block.error_correction.lower(), micro=False)
    matrix = [[bool(v) for v in row] for row in qr.matrix_iter(scale=block.module_size, border=4)]
    image = Image.new("1", (len(matrix[0]), len(matrix)), 1)
    pixels = image.load()
    assert pixels is not None
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                pixels[x, y] = 0
    return bitmap_from_image(image, block.align)


def bitmap_from_image(image: Image.Image, align: Align = Align.CENTER) -> Bitmap:
    """A Pillow image (black ink on white) as a packed 1-bit Bitmap."""
    mono = image.convert("1")
    # Pillow packs mode "1" with 1 = white; the printer wants 1 = black.
    inverted = bytes(b ^ 0xFF for b in mono.tobytes())
    stride = (mono.width + 7) // 8
    if mono.width % 8:
        pad_mask = (0xFF << (8 - mono.width % 8)) & 0xFF
        inverted = bytes(b & pad_mask if (i + 1) % stride == 0 else b for i, b in enumerate(inverted))
    return Bitmap(mono.width, mono.height, inverted, align)


def image_from_bitmap(bitmap: Bitmap) -> Image.Image:
    return Image.frombytes("1", (bitmap.width, bitmap.height), bytes(b ^ 0xFF for b in bitmap.rows))


def _bitmap(bitmap: Bitmap, dots: int) -> bytes:
    """Raster at full paper width, the image placed by its alignment (padding works on every printer).

    An image wider than the paper is shrunk to fit, keeping its proportions.
    """
    image = image_from_bitmap(bitmap)
    if image.width > dots:
        height = max(1, round(image.height * dots / image.width))
        image = image.convert("L").resize((dots, height), Image.Resampling.LANCZOS).convert("1")
    left = {Align.LEFT: 0, Align.CENTER: (dots - image.width) // 2, Align.RIGHT: dots - image.width}[bitmap.align]
    canvas = Image.new("1", (dots, image.height), 1)
    canvas.paste(image, (left, 0))
    full = bitmap_from_image(canvas)
    return cmd.raster(full.stride, full.height, full.rows)
