"""The phone's upload page in real headless Chromium on a phone-sized screen: files set on its inputs (as the
phone's file chooser does) are sent, listed with ticks or their reason, and reach the kiosk's client within
seconds; an ended or expired session says so. PHONE_SHOTS=DIR keeps the screenshots there."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.phone_upload import ArrivedFile, PhoneUpload, PhoneUploads
from tests.hall.phone import photo
from tests.support.chromium import CHROMIUM, Browser
from tests.support.clocks import FrozenClock
from tests.support.hall import served

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PHONE_SHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def phone_browser(tmp_path: Path) -> Iterator[Browser]:
    browser = Browser("about:blank", tmp_path / "profile", size=(PHONE["width"], PHONE["height"]))
    browser.call("Emulation.setDeviceMetricsOverride", **PHONE)
    try:
        yield browser
    finally:
        browser.close()


def visit(browser: Browser, url: str) -> None:
    browser.call("Page.navigate", url=url)
    browser.wait_for(f"location.href === {url!r} && document.readyState === 'complete'")


def choose(browser: Browser, input_id: str, *paths: Path) -> None:
    """What the phone's file chooser (or camera) does: put files on the input, which fires its change event."""
    node = browser.call("Runtime.evaluate", expression=f"document.getElementById({input_id!r})")["result"]
    browser.call("DOM.setFileInputFiles", files=[str(p) for p in paths], objectId=node["objectId"])


def rows(browser: Browser) -> list[list[str]]:
    """The list of sent files, newest first: [class, name, status]."""
    script = """[...document.querySelectorAll('#sent li')].map(li => [li.className,
        li.querySelector('.fname').textContent, li.querySelector('.status').textContent])"""
    return list(browser.evaluate(script))


def arrived_within(upload: PhoneUpload, count: int, seconds: float = 10) -> list[ArrivedFile]:
    """Poll as the kiosk does until ``count`` files arrived (a deadline that matters only when broken)."""
    files: list[ArrivedFile] = []
    deadline = time.monotonic() + seconds
    while len(files) < count and time.monotonic() < deadline:
        files += upload.poll().files
        time.sleep(0.2)
    return files


def test_photos_and_files_from_the_phone_reach_the_kiosk(
    hall: Hall, phone_browser: Browser, tmp_path: Path, shots: Path
) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK, source="K01")
    files = tmp_path / "phone"
    files.mkdir()
    (files / "IMG_2041.jpg").write_bytes(photo((180, 30, 30), (1200, 1600)))
    (files / "身份证反面.png").write_bytes(photo((30, 120, 200), (800, 500), "PNG"))
    pdf = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(pdf, "PDF")
    (files / "户口簿.pdf").write_bytes(pdf.getvalue())
    (files / "animation.gif").write_bytes(b"GIF89a" + bytes(200))
    with served(hall.app) as url, HallClient(url, token) as client:
        upload = PhoneUploads(client, "K01").open("身份证正反面")
        page = url + urlsplit(upload.url).path
        visit(phone_browser, page)
        assert "从手机上传材料" in phone_browser.evaluate("document.body.innerText")
        assert phone_browser.evaluate("document.getElementById('photo').getAttribute('capture')") == "environment"

        choose(phone_browser, "files", files / "IMG_2041.jpg", files / "户口簿.pdf")
        phone_browser.wait_for("document.querySelectorAll('#sent li.ok').length === 2")
        arrived = arrived_within(upload, 2)
        assert [(f.name, f.content_type, len(f.pages)) for f in arrived] == [
            ("IMG_2041.jpg", "image/jpeg", 1),
            ("户口簿.pdf", "application/pdf", 1),
        ]

        choose(phone_browser, "photo", files / "身份证反面.png")
        choose(phone_browser, "files", files / "animation.gif")
        phone_browser.wait_for("document.querySelectorAll('#sent li').length === 4")
        phone_browser.wait_for("document.querySelector('#sent li').className === 'bad'")
        assert rows(phone_browser)[:2] == [
            ["bad", "animation.gif", "只能上传照片（JPEG、PNG）或 PDF 文件"],
            ["ok", "身份证反面.png", "已发送"],
        ]
        assert phone_browser.evaluate("document.getElementById('count').textContent") == "3 / 20"
        assert [f.name for f in arrived_within(upload, 1)] == ["身份证反面.png"]
        phone_browser.screenshot(shots / "phone-upload-zh.png")

        upload.close()  # the citizen finished at the kiosk
        choose(phone_browser, "files", files / "IMG_2041.jpg")
        phone_browser.wait_for("!document.getElementById('closed').hidden")
        closed = phone_browser.evaluate("document.getElementById('closed').textContent")
        assert closed.startswith("本次上传已结束")
        assert phone_browser.evaluate("document.querySelectorAll('.big').length") == 0  # nothing more to press
        phone_browser.screenshot(shots / "phone-upload-ended-zh.png")


def test_the_english_page_and_an_expired_link(hall: Hall, phone_browser: Browser, tmp_path: Path, shots: Path) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK, source="K01")
    big = tmp_path / "huge.jpg"
    big.write_bytes(b"\xff\xd8\xff\xe0" + bytes(21 * 1024 * 1024))  # over the shipped 20 MB
    small = tmp_path / "receipt.jpg"
    small.write_bytes(photo())
    with served(hall.app) as url, HallClient(url, token) as client:
        upload = PhoneUploads(client, "K01").open("Household register")
        page = url + urlsplit(upload.url).path
        visit(phone_browser, page)
        phone_browser.evaluate("document.querySelector('a.lang').click()")
        phone_browser.wait_for("document.documentElement.lang === 'en' && document.readyState === 'complete'")
        assert "Take a photo" in phone_browser.evaluate("document.body.innerText")
        choose(phone_browser, "files", small, big)
        phone_browser.wait_for("document.querySelectorAll('#sent li.ok, #sent li.bad').length === 2")
        assert [r[0] for r in rows(phone_browser)] == ["bad", "ok"]
        assert rows(phone_browser)[0][2] == "The file is too large: at most 20 MB per file."
        phone_browser.screenshot(shots / "phone-upload-en.png")
        assert [f.name for f in arrived_within(upload, 1)] == ["receipt.jpg"]

        clock = hall.queue.clock
        assert isinstance(clock, FrozenClock)
        clock.advance(minutes=16)  # the kiosk stopped renewing: the citizen walked away
        # The page checks its session when it comes back into view (and every 15 s): it says so by itself.
        phone_browser.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        phone_browser.wait_for("!document.getElementById('closed').hidden")
        assert phone_browser.evaluate("document.getElementById('closed').textContent").startswith(
            "This link has expired"
        )
        assert phone_browser.evaluate("document.querySelectorAll('.big').length") == 0
        visit(phone_browser, page)
        text = phone_browser.evaluate("document.body.innerText")
        assert "链接已失效，请在自助终端上重新扫码" in text
        phone_browser.screenshot(shots / "phone-upload-expired-zh.png")
