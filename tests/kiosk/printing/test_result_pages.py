"""The result document printed at the kiosk: a PDF's pages rendered to the paper's width as crisp 1-bit bitmaps
under the result slip, and a document that cannot be printed said as such."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from devices.printer import Bitmap, Cut, PaperSpec, PrinterProfile
from drivers.escpos.encoder import encode
from drivers.escpos.glyphs import cjk_font_path
from drivers.sim.printer import VirtualPrinter
from kiosk.printing.result import result_slip
from kiosk.printing.result_pages import MAX_PAGES, UnprintableResult, result_bitmaps, with_result_pages
from tests.kiosk.printing.test_filing_prints import RESULT

SHOTS = os.environ.get("FILING_SHOTS", "")


def result_pdf(pages: int = 1) -> bytes:
    """An A4 result decision at 100 dpi with Chinese text, as a staff member's scanner would make it."""
    font = ImageFont.truetype(str(cjk_font_path()), 40)
    images = []
    for number in range(1, pages + 1):
        page = Image.new("RGB", (827, 1169), "white")
        draw = ImageDraw.Draw(page)
        draw.text((120, 120), "准予行政许可决定书", font=font, fill="black")
        draw.text((120, 220), f"受理号 K01-20261205-0007　第{number}页", font=font, fill="black")
        draw.rectangle((100, 400, 727, 900), outline="black", width=6)
        draw.ellipse((520, 950, 720, 1150), outline=(200, 0, 0), width=8)  # the red seal
        images.append(page)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=100, save_all=True, append_images=images[1:])
    return out.getvalue()


def black_share(bitmap: Bitmap) -> float:
    ones = sum(bin(byte).count("1") for byte in bitmap.rows)
    return ones / (bitmap.stride * 8 * bitmap.height)


@pytest.mark.parametrize("paper", [PaperSpec(576, 80), PaperSpec(384, 58)], ids=["80mm", "58mm"])
def test_each_page_becomes_a_bitmap_as_wide_as_the_paper(paper: PaperSpec) -> None:
    bitmaps = result_bitmaps(result_pdf(2), paper)
    assert len(bitmaps) == 2
    for bitmap in bitmaps:
        assert bitmap.width == paper.dots_per_line
        assert bitmap.height == pytest.approx(paper.dots_per_line * 1169 / 827, abs=2)
        assert 0.005 < black_share(bitmap) < 0.2  # text and frames in black on white, not a black sheet
    first = bitmaps[0]
    assert not first.pixel(2, 2) and not first.pixel(first.width - 3, first.height - 3)  # white margins


def test_the_slip_and_the_pages_print_as_one_document_with_one_cut(tmp_path: Path) -> None:
    paper = PaperSpec(576, 80)
    slip = result_slip(RESULT, paper)
    document = with_result_pages(slip, result_bitmaps(result_pdf(), paper))
    assert [type(b) for b in document.blocks].count(Cut) == 1 and isinstance(document.blocks[-1], Cut)
    printer = VirtualPrinter(dots_per_line=576)
    printer.receive(encode(slip, PrinterProfile(paper=paper)), lambda _answer: None)
    printer.receive(encode(document, PrinterProfile(paper=paper)), lambda _answer: None)
    slip_only, with_pages = printer.receipts
    assert with_pages.image.height > slip_only.image.height + 700  # the page, at full paper width
    out = Path(SHOTS) if SHOTS else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    with_pages.image.save(out / "filing-result-printed-80mm.png")


@pytest.mark.parametrize(
    "pdf", [b"%PDF-1.4 not really", b"", result_pdf(MAX_PAGES + 1)], ids=["broken", "empty", "too-long"]
)
def test_a_result_that_cannot_be_printed_here_is_said_not_crashed(pdf: bytes) -> None:
    with pytest.raises(UnprintableResult):
        result_bitmaps(pdf, PaperSpec(576, 80))
