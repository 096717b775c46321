"""The kiosk's phone upload client: a phone's files become the wizard's JPEG pages (turned upright, shrunk, their
metadata dropped; a PDF's pages rendered), and the client against a real hall opens, polls, renews and ends."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image

from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient, HallRefused
from kiosk.hallclient.phone_pages import MAX_PDF_PAGES, MAX_SIDE, THUMB_SIDE, UnreadableFile, convert
from kiosk.hallclient.phone_upload import RENEW_EVERY_S, PhoneUploads
from tests.support.clocks import FrozenClock, SteppedClock
from tests.support.hall import served

ORIENTATION = 0x0112
GPS_INFO = 0x8825


def picture(size: tuple[int, int], kind: str = "JPEG", mode: str = "RGB", **save: object) -> bytes:
    image = Image.new(mode, size, (30, 90, 160, 0) if mode == "RGBA" else (30, 90, 160))
    if mode == "RGB":
        image.paste((250, 250, 250), (0, 0, size[0] // 2, size[1] // 4))  # a light block: top left
    out = io.BytesIO()
    image.save(out, kind, **save)
    return out.getvalue()


def pdf(pages: int) -> bytes:
    first, *rest = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(pages)]
    out = io.BytesIO()
    first.save(out, "PDF", save_all=True, append_images=rest, resolution=72)
    return out.getvalue()


def rgb(image: Image.Image, at: tuple[int, int]) -> tuple[int, int, int]:
    pixel = image.getpixel(at)
    assert isinstance(pixel, tuple)
    return (pixel[0], pixel[1], pixel[2])


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


def test_a_phone_photo_is_turned_upright_shrunk_and_stripped_of_its_metadata() -> None:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # held upright: the camera stored it lying on its side
    exif[GPS_INFO] = {1: "N", 2: (31.0, 14.0, 0.0)}
    converted = convert(picture((4000, 3000), exif=exif.tobytes()), "image/jpeg")
    assert converted.note is None and len(converted.pages) == 1
    page = opened(converted.pages[0].jpeg)
    assert page.size == (1800, 2400)  # turned: now taller than wide, the longer side at MAX_SIDE
    assert not page.getexif()  # no orientation left to apply twice, no place
    assert rgb(page, (page.width - 10, 10))[0] > 200  # the light block went to the top right, as held
    assert max(opened(converted.pages[0].thumbnail).size) == THUMB_SIDE


def test_a_small_photo_keeps_its_size_and_a_png_gets_a_white_background() -> None:
    small = convert(picture((800, 600)), "image/jpeg").pages[0]
    assert opened(small.jpeg).size == (800, 600)
    screenshot = convert(picture((300, 200), "PNG", "RGBA"), "image/png").pages[0]
    page = opened(screenshot.jpeg)
    assert page.mode == "RGB" and all(c > 245 for c in rgb(page, (5, 5)))  # transparent became paper white


def test_a_pdf_s_pages_are_rendered_and_a_long_one_is_cut_with_a_note() -> None:
    two = convert(pdf(2), "application/pdf")
    assert len(two.pages) == 2 and two.note is None
    assert opened(two.pages[0].jpeg).size == (1653, 2339)  # A4 at 200 dpi
    long = convert(pdf(MAX_PDF_PAGES + 3), "application/pdf")
    assert len(long.pages) == MAX_PDF_PAGES and long.note is not None and "23" in long.note.zh
    assert max(opened(long.pages[0].jpeg).size) <= MAX_SIDE


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.7\nnot really", "application/pdf"), (b"\xff\xd8\xff\xe0broken", "image/jpeg"), (b"", "image/png")],
)
def test_bytes_the_kiosk_cannot_read_are_refused_in_words(data: bytes, kind: str) -> None:
    with pytest.raises(UnreadableFile) as unreadable:
        convert(data, kind)
    assert "无法读取" in unreadable.value.message.zh and "could not be read" in unreadable.value.message.en


def phone_sends(url: str, session_url: str, data: bytes, name: str) -> int:
    return requests.put(
        url + urlsplit(session_url).path + "/files", params={"name": name}, data=data, timeout=10
    ).status_code


def test_the_kiosk_sees_the_phone_s_files_as_pages_renews_and_ends_the_session(hall: Hall) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK, source="K01")
    monotonic = SteppedClock()
    with served(hall.app) as url, HallClient(url, token) as client:
        upload = PhoneUploads(client, "K01", clock=monotonic).open("户口簿")
        assert "/m/" in upload.url
        assert upload.poll().files == [] and upload.poll().state == "open"

        assert phone_sends(url, upload.url, picture((640, 480)), "IMG_1.jpg") == 201
        assert phone_sends(url, upload.url, pdf(2), "户口簿.pdf") == 201
        arrivals = upload.poll()
        assert [(f.name, len(f.pages)) for f in arrivals.files] == [("IMG_1.jpg", 1), ("户口簿.pdf", 2)]
        assert upload.poll().files == []  # each file is handed out once

        frozen = hall.queue.clock
        assert isinstance(frozen, FrozenClock)
        first_expiry = upload.expires_at
        frozen.advance(minutes=10)
        monotonic.advance(RENEW_EVERY_S)
        assert upload.poll().state == "open"  # renewed on the way
        assert upload.expires_at > first_expiry
        frozen.advance(minutes=10)  # past the first expiry, not the renewed one
        assert phone_sends(url, upload.url, picture((10, 10), "PNG"), "s.png") == 201
        assert [f.content_type for f in upload.poll().files] == ["image/png"]

        upload.close()
        assert upload.poll().state == "ended"
        assert phone_sends(url, upload.url, picture((20, 20)), "late.jpg") == 410
        with pytest.raises(HallRefused) as refused:
            upload.renew()
        assert refused.value.status == 410 and refused.value.code == "session_ended"


def test_a_file_that_cannot_be_read_is_handed_out_with_its_reason(hall: Hall) -> None:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK, source="K01")
    with served(hall.app) as url, HallClient(url, token) as client:
        upload = PhoneUploads(client, "K01").open()
        assert phone_sends(url, upload.url, b"%PDF-1.4\nthis is no PDF at all", "broken.pdf") == 201
        assert phone_sends(url, upload.url, picture((64, 64)), "fine.jpg") == 201
        broken, fine = upload.poll().files
        assert broken.pages == () and broken.note is not None and "无法读取" in broken.note.zh
        assert len(fine.pages) == 1 and fine.note is None
        upload.close()
