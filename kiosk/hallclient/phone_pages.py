"""Files from the citizen's phone as the wizard's pages: JPEG, like the document camera's, with a thumbnail.

A phone's photo is turned the way it was held (its EXIF orientation), shrunk to at most ``MAX_SIDE`` pixels on
its longer side (an A4 page at about 200 dpi, what the document camera keeps) and saved again as JPEG, which
also drops its metadata (the place it was taken, the phone's make). A PNG (a screenshot) gets a white
background. A PDF's pages are rendered, up to ``MAX_PDF_PAGES``, at 200 dpi or ``MAX_SIDE``, whichever is
smaller: the wizard shows and files pages as pictures, so the citizen sees on the kiosk exactly what will be
filed (the filing's form has one kind of page; see docs/filings.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from common.pdfium import PDFIUM_LOCK
from devices.words import Words

MAX_SIDE = 2400
THUMB_SIDE = 320
JPEG_QUALITY = 85
MAX_PDF_PAGES = 20  # the wizard's pages of one material
PDF_DPI = 200

UNREADABLE = Words(
    "无法读取此文件，请换一张照片或另一个文件", "This file could not be read. Please send another photo or file."
)
LOCKED_PDF = Words(
    "此 PDF 有密码保护，无法读取，请发送未加密的文件",
    "This PDF is protected by a password and cannot be read. Please send one without a password.",
)


def more_pages_words(total: int) -> Words:
    return Words(
        f"此 PDF 共 {total} 页，只取前 {MAX_PDF_PAGES} 页",
        f"This PDF has {total} pages; only the first {MAX_PDF_PAGES} were taken.",
    )


@dataclass(frozen=True)
class PhonePage:
    jpeg: bytes = field(repr=False)
    thumbnail: bytes = field(repr=False)  # at most THUMB_SIDE pixels, for the screen

    def __repr__(self) -> str:
        return f"PhonePage({len(self.jpeg)} bytes)"


class UnreadableFile(Exception):
    """The file's bytes are not a picture or PDF the kiosk can read; ``message`` says so in both languages."""

    def __init__(self, message: Words = UNREADABLE) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Converted:
    pages: tuple[PhonePage, ...]
    note: Words | None = None  # e.g. that only the first pages of a long PDF were taken


def _jpeg(image: Image.Image, side: int, quality: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _page(image: Image.Image) -> PhonePage:
    return PhonePage(_jpeg(image, MAX_SIDE, JPEG_QUALITY), _jpeg(image, THUMB_SIDE, 80))


def _flat(image: Image.Image) -> Image.Image:
    """RGB, with anything transparent on white (as the page would be on paper)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def photo_page(data: bytes) -> PhonePage:
    """A JPEG or PNG from the phone as one page; UnreadableFile when it is not one (or is absurdly large)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG":
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode a 12-megapixel photo at a fraction of the work
            upright = ImageOps.exif_transpose(image)
            return _page(_flat(upright))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise UnreadableFile from None


def pdf_pages(data: bytes) -> Converted:
    """The first ``MAX_PDF_PAGES`` pages of a PDF, rendered; UnreadableFile for a broken or locked one."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise UnreadableFile(LOCKED_PDF if "password" in str(error).lower() else UNREADABLE) from None
        try:
            total = len(document)
            if total == 0:
                raise UnreadableFile
            pages = []
            for index in range(min(total, MAX_PDF_PAGES)):
                page = document[index]
                width, height = page.get_size()  # points, 72 to the inch
                scale = min(PDF_DPI / 72, MAX_SIDE / max(width, height, 1.0))
                bitmap = page.render(scale=scale)
                pages.append(_page(bitmap.to_pil().convert("RGB")))
                bitmap.close()
                page.close()
        except pdfium.PdfiumError:
            raise UnreadableFile from None
        finally:
            document.close()
    return Converted(tuple(pages), more_pages_words(total) if total > MAX_PDF_PAGES else None)


def convert(data: bytes, content_type: str) -> Converted:
    """The wizard's pages of one file from the phone, by the type the hall read from its first bytes."""
    if content_type == "application/pdf":
        return pdf_pages(data)
    return Converted((photo_page(data),))
