"""Draws an interpreted receipt the way a thermal printer prints it: a 1-bit image as wide as the paper."""

from __future__ import annotations

import contextlib

import numpy as np
import segno
from PIL import Image

from drivers.escpos.glyphs import CELL_HEIGHT, CELL_WIDTH, clusters, draw_text
from drivers.escpos.interpreter import FeedLines, PrintedLine, QrSymbol, RasterImage, Receipt, TextRun

MARGIN_DOTS = 16  # blank paper above the first line and below the last
LINE_SPACING_DOTS = 6  # between text lines: 24-dot characters on the printers' default ~30-dot line pitch
FEED_DOTS = 24 + LINE_SPACING_DOTS  # one ESC d line
QR_QUIET_MODULES = 4
# Pillow's mode "1" stores 1 = white; the printer's raster bits are 1 = black.
_INVERT = bytes(b ^ 0xFF for b in range(256))


def render_receipt(receipt: Receipt, dots_per_line: int) -> Image.Image:
    """The receipt on white paper ``dots_per_line`` wide: mode "1", 0 = ink."""
    blocks: list[tuple[Image.Image, str, int]] = []  # image, alignment, paper fed after it
    for element in receipt.elements:
        if isinstance(element, PrintedLine):
            blocks += [(_draw_row(row), element.align, LINE_SPACING_DOTS) for row in _wrap(element.runs, dots_per_line)]
        elif isinstance(element, FeedLines):
            blocks.append((Image.new("1", (0, element.n * FEED_DOTS), 1), "left", 0))
        elif isinstance(element, QrSymbol):
            # More data than a QR symbol holds: the printer prints nothing for it.
            with contextlib.suppress(ValueError):
                blocks.append((qr_image(element.data, element.error_correction, element.module_size), element.align, 0))
        elif isinstance(element, RasterImage):
            blocks.append((_raster_image(element), element.align, 0))
    height = 2 * MARGIN_DOTS + sum(image.height + gap for image, _, gap in blocks)
    paper = Image.new("1", (dots_per_line, height), 1)
    y = MARGIN_DOTS
    for image, align, gap in blocks:
        paper.paste(image, (_left(align, image.width, dots_per_line), y))
        y += image.height + gap
    return paper


def _left(align: str, width: int, paper: int) -> int:
    # What does not fit is cut off on the right, where the printer drops dots beyond its head.
    free = max(0, paper - width)
    return {"center": free // 2, "right": free}.get(align, 0)


def _wrap(runs: tuple[TextRun, ...], dots_per_line: int) -> list[list[TextRun]]:
    """Split a line into the printed rows: a printer starts a new row at the character that would overflow."""
    rows: list[list[TextRun]] = [[]]
    used = 0
    for run in runs:
        for cluster, cells in clusters(run.text):
            dots = cells * CELL_WIDTH * run.width
            if used + dots > dots_per_line and used > 0:
                rows.append([])
                used = 0
            row = rows[-1]
            if (
                row
                and row[-1].text
                and (row[-1].bold, row[-1].width, row[-1].height) == (run.bold, run.width, run.height)
            ):
                row[-1] = TextRun(row[-1].text + cluster, run.bold, run.width, run.height)
            else:
                row.append(TextRun(cluster, run.bold, run.width, run.height))
            used += dots
    return rows


def _draw_row(row: list[TextRun]) -> Image.Image:
    """One printed row; characters of different heights share the bottom line, as on the printer."""
    images = [draw_text(run.text, width=run.width, height=run.height, bold=run.bold) for run in row]
    canvas = Image.new("1", (sum(i.width for i in images), max((i.height for i in images), default=CELL_HEIGHT)), 1)
    x = 0
    for image in images:
        canvas.paste(image, (x, canvas.height - image.height))
        x += image.width
    return canvas


def qr_image(data: bytes, error_correction: str, module_size: int) -> Image.Image:
    """A QR symbol holding exactly ``data``, ``module_size`` dots per module, with its 4-module quiet zone."""
    # Byte mode on the raw bytes: given text, segno would re-encode it (Latin-1, or Shift_JIS kanji mode for
    # many Chinese strings) and the symbol would no longer carry the bytes the host stored.
    symbol = segno.make(data, error=error_correction.lower(), micro=False, boost_error=False, mode="byte")
    dark = np.pad(np.array(symbol.matrix, dtype=bool), QR_QUIET_MODULES)
    dots = dark.repeat(module_size, axis=0).repeat(module_size, axis=1)
    return Image.fromarray(~dots)


def _raster_image(raster: RasterImage) -> Image.Image:
    size = (raster.width_bytes * 8, raster.height)
    rows = raster.data.ljust(raster.width_bytes * raster.height, b"\0")[: raster.width_bytes * raster.height]
    image = Image.frombytes("1", size, rows.translate(_INVERT))
    if (raster.scale_x, raster.scale_y) != (1, 1):
        image = image.resize((size[0] * raster.scale_x, size[1] * raster.scale_y), Image.Resampling.NEAREST)
    return image
