"""Several pages of one material as one PDF, each JPEG carried as it is."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.document_camera import Page
from drivers.camera.desk import Placement, photograph_sample
from drivers.camera.document import process_frame
from drivers.camera.pdf import NotAJpeg, jpegs_to_pdf


@pytest.fixture(scope="module")
def pages() -> list[bytes]:
    found = []
    for seed in range(3):
        photo = photograph_sample(Placement.random(np.random.default_rng(seed)), size=(2048, 1536), seed=seed)
        result = process_frame(photo.frame)
        assert isinstance(result, Page)
        found.append(result.jpeg)
    return found


def test_three_pages_make_a_pdf_of_three_a4_pages_holding_the_same_jpeg_bytes(pages: list[bytes]) -> None:
    pdf = jpegs_to_pdf(pages)

    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count 3", pdf)
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 3
    for jpeg in pages:
        assert jpeg in pdf  # not re-encoded
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert [(round(float(w)), round(float(h))) for w, h in boxes] == [(595, 842)] * 3  # A4 in points
    assert len(pdf) < sum(map(len, pages)) + 4000


def test_the_cross_reference_table_points_at_each_object(pages: list[bytes]) -> None:
    pdf = jpegs_to_pdf(pages[:2])
    start = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[start:].startswith(b"xref\n")
    offsets = [int(line[:10]) for line in pdf[start:].split(b"\n")[3:] if line.endswith(b" n ")]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_poppler_reads_it_as_three_a4_pages(pages: list[bytes], tmp_path: Path) -> None:
    path = tmp_path / "material.pdf"
    path.write_bytes(jpegs_to_pdf(pages))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+3", info) and "(A4)" in info


def test_a_gray_page_is_placed_in_gray() -> None:
    ok, gray = cv2.imencode(".jpg", np.full((100, 80), 200, np.uint8))
    assert ok
    assert b"/ColorSpace /DeviceGray" in jpegs_to_pdf([gray.tobytes()])


@pytest.mark.parametrize("data", [b"", b"not a jpeg", b"\x89PNG\r\n\x1a\n" + b"\0" * 30])
def test_bytes_that_are_not_a_jpeg_are_refused_in_words(data: bytes) -> None:
    with pytest.raises(NotAJpeg, match="第 2 页不是 JPEG 图片 / page 2 is not a JPEG image"):
        jpegs_to_pdf([cv2.imencode(".jpg", np.zeros((8, 8), np.uint8))[1].tobytes(), data])


def test_no_pages_is_refused() -> None:
    with pytest.raises(NotAJpeg, match="no pages"):
        jpegs_to_pdf([])
