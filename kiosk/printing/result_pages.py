"""The result document (a PDF the staff uploaded) as the thermal printer prints it: each page rendered to the
paper's width and turned into a 1-bit bitmap, under the result slip."""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image

from common.pdfium import PDFIUM_LOCK
from devices.printer import Bitmap, Cut, Document, Feed, PaperSpec

MAX_PAGES = 10  # a result is a licence or a decision of a page or two; more goes to the window's A4 printer
THRESHOLD = 170  # grey above this prints white: text stays crisp, light backgrounds and watermarks vanish


class UnprintableResult(Exception):
    """The result document cannot be rendered (broken, locked, empty, or longer than MAX_PAGES)."""


def result_bitmaps(pdf: bytes, paper: PaperSpec) -> list[Bitmap]:
    """Each page of ``pdf`` as a bitmap ``paper.dots_per_line`` wide."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as error:
            raise UnprintableResult(str(error)) from None
        try:
            total = len(document)
            if total == 0 or total > MAX_PAGES:
                raise UnprintableResult(f"{total} pages (1 to {MAX_PAGES} print at a kiosk)")
            bitmaps = []
            for index in range(total):
                page = document[index]
                width, _height = page.get_size()
                rendered = page.render(scale=paper.dots_per_line / max(width, 1.0), grayscale=True)
                image = rendered.to_pil().convert("L")
                rendered.close()
                page.close()
                bitmaps.append(_bitmap(image))
        except pdfium.PdfiumError as error:
            raise UnprintableResult(str(error)) from None
        finally:
            document.close()
    return bitmaps


def _bitmap(image: Image.Image) -> Bitmap:
    # Inverted threshold: Pillow's mode "1" stores 1 for white; the printer's bitmap has 1 for black.
    black = image.point(lambda grey: 255 if grey <= THRESHOLD else 0).convert("1", dither=Image.Dither.NONE)
    return Bitmap(black.width, black.height, black.tobytes())


def with_result_pages(slip: Document, pages: list[Bitmap]) -> Document:
    """The slip followed by the result's pages, one cut at the end."""
    blocks = [block for block in slip.blocks if not isinstance(block, Cut)]
    for page in pages:
        blocks += [Feed(1), page]
    return Document(slip.kind, (*blocks, Feed(3), Cut()))
