"""`kiosk device doccam`: a page from a document camera, stored as JPEG or PDF, or why not."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera.desk import photograph
from kiosk.cli import main

SIM = "sim://?width=1600&height=1200&fps=30"


def test_one_page_is_found_and_saved_as_jpeg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.jpg"
    assert main(["device", "doccam", SIM, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "page 1: 找到 / found, 1654x2339 px (A4, 200 dpi)" in text and "corners in the 1600x1200 frame" in text
    image = cv2.imread(str(out))
    assert image is not None and image.shape == (2339, 1654, 3)


def test_three_pages_go_into_one_pdf_and_json_says_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "material.pdf"
    assert main(["device", "doccam", SIM, "--pages", "3", "--out", str(out), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["page"] for row in rows] == [1, 2, 3] and all(row["found"] for row in rows)
    assert out.read_bytes().count(b"/Type /Page ") == 3


def test_no_page_in_view_is_said_in_words_for_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk = tmp_path / "desk.png"
    cv2.imwrite(str(desk), photograph(None, size=(1600, 1200), rng=np.random.default_rng(1)).frame)
    out = tmp_path / "page.jpg"
    assert main(["device", "doccam", f"camera://file{desk}", "--out", str(out)]) == 1
    assert "请把材料平放在拍摄区内 / Lay the page flat inside the frame" in capsys.readouterr().out
    assert not out.exists()


def test_a_camera_that_is_not_there(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "doccam", "camera://file/nonexistent/desk.png", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["found"] is False and "摄像头无法打开 / camera cannot be opened" in answer["error"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--quality", "20"], "--quality must be 40 to 95"),
        (["--out", "page.png"], "--out must end in .jpg or .pdf"),
        (["--pages", "2", "--out", "page.jpg"], "several pages go into a .pdf"),
        (["--pages", "0"], "must be positive"),
    ],
)
def test_bad_arguments_say_what_is_wrong(args: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "doccam", SIM, *args]) == 2
    assert expected in capsys.readouterr().err


def test_a_bad_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "doccam", "serial:///dev/ttyUSB0"]) == 2
    assert "not supported by this device" in capsys.readouterr().err
