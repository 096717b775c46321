"""The pages of one material as one PDF, each page's JPEG carried inside as it is.

Pillow writes multi-page PDFs too, but it decodes and re-encodes every JPEG (a second generation of loss, and
about a fifth more bytes at the same quality); img2pdf keeps the bytes but brings pikepdf and qpdf with it. A PDF
whose pages are each one DCT-coded image is a few objects of plain text around the JPEG bytes (ISO 32000-1,
7.5 file structure, 8.9 images), so it is written here: the stored PDF holds exactly the JPEGs the citizen saw.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

COLOUR_SPACES = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}


class NotAJpeg(ValueError):
    """Bytes given as a page that are not a JPEG this writer can place; the message is bilingual."""


@dataclass(frozen=True)
class _Jpeg:
    data: bytes
    width: int
    height: int
    colour_space: str
    invert: bool  # Adobe CMYK JPEGs store inverted ink


def _inspect(data: bytes, index: int) -> _Jpeg:
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            kind, mode, (width, height) = image.format, image.mode, image.size
    except (UnidentifiedImageError, OSError):
        kind, mode, width, height = None, "", 0, 0
    if kind != "JPEG" or mode not in COLOUR_SPACES:
        raise NotAJpeg(f"第 {index + 1} 页不是 JPEG 图片 / page {index + 1} is not a JPEG image")
    return _Jpeg(data, width, height, COLOUR_SPACES[mode], invert=mode == "CMYK")


def jpegs_to_pdf(pages: Sequence[bytes], *, dpi: float = 200.0) -> bytes:
    """One PDF page per JPEG, each sized so the image prints at ``dpi`` (an A4 page at 200 dpi prints as A4)."""
    if not pages:
        raise NotAJpeg("没有页面 / no pages to put in the PDF")
    images = [_inspect(data, i) for i, data in enumerate(pages)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []

    def obj(body: bytes, stream: bytes | None = None) -> None:
        offsets.append(out.tell())
        out.write(f"{len(offsets)} 0 obj\n".encode() + body)
        if stream is not None:
            out.write(b"\nstream\n" + stream + b"\nendstream")
        out.write(b"\nendobj\n")

    # Objects: 1 catalog, 2 page tree, then per page: page, image, content.
    count = len(images)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(count))
    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    for i, image in enumerate(images):
        image_ref, content_ref = 4 + 3 * i, 5 + 3 * i  # the page itself is 3 + 3 * i
        w_pt, h_pt = image.width * 72 / dpi, image.height * 72 / dpi
        obj(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.2f} {h_pt:.2f}] "
            f"/Resources << /XObject << /Im{i} {image_ref} 0 R >> >> /Contents {content_ref} 0 R >>".encode()
        )
        decode = " /Decode [1 0 1 0 1 0 1 0]" if image.invert else ""
        obj(
            f"<< /Type /XObject /Subtype /Image /Width {image.width} /Height {image.height} "
            f"/ColorSpace {image.colour_space} /BitsPerComponent 8 /Filter /DCTDecode{decode} "
            f"/Length {len(image.data)} >>".encode(),
            image.data,
        )
        drawing = f"q {w_pt:.2f} 0 0 {h_pt:.2f} 0 0 cm /Im{i} Do Q".encode()
        obj(f"<< /Length {len(drawing)} >>".encode(), drawing)
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
