"""Every decoder gives back a code's exact bytes and the project's reading of them (UTF-8, then GB18030)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera.decoders import (
    DECODERS,
    DEFAULT_DECODER,
    ImageUnreadable,
    UnknownDecoder,
    decode_image_file,
    get_decoder,
    opencv_bytes,
)
from drivers.camera.frames import CONDITIONS, noise_frame, render_frame, scene

# "预约取号 A017" as a citizen's phone or a provincial system writes it: UTF-8, or GBK with no ECI marker.
UTF8_TICKET = bytes.fromhex("e9a284 e7baa6 e58f96 e58fb7 2041303137")
GBK_TICKET = bytes.fromhex("d4a4 d4bc c8a1 bac5 2041303137")
URL = b"https://zwfw.example.gov.cn/guide/item/310100-001"
TICKET_TEXT = "预约取号 A017"


def clean_frame(payload: bytes, seed: int = 7) -> np.ndarray:
    return render_frame(payload, CONDITIONS["clean"], rng=np.random.default_rng(seed))


@pytest.mark.parametrize("decoder", sorted(DECODERS))
def test_given_a_clean_url_code_when_decoded_then_bytes_and_text_are_the_url(decoder: str) -> None:
    codes = get_decoder(decoder).decode(clean_frame(URL))

    assert [(code.raw, code.text, code.symbology) for code in codes] == [(URL, URL.decode(), "QRCode")]


@pytest.mark.parametrize("decoder", sorted(DECODERS))
@pytest.mark.parametrize("payload", [UTF8_TICKET, GBK_TICKET], ids=["utf8", "gbk-no-eci"])
def test_given_a_chinese_code_in_either_encoding_when_decoded_then_the_text_is_the_chinese(
    decoder: str, payload: bytes
) -> None:
    codes = get_decoder(decoder).decode(clean_frame(payload))

    assert [code.raw for code in codes] == [payload]
    assert codes[0].text == TICKET_TEXT  # not the Shift_JIS / Latin-1 mojibake a library would guess


@pytest.mark.parametrize("decoder", sorted(DECODERS))
def test_given_frames_with_no_code_when_decoded_then_nothing_is_found(decoder: str) -> None:
    rng = np.random.default_rng(3)

    found = [get_decoder(decoder).decode(frame) for frame in (scene(rng), noise_frame(rng))]

    assert found == [[], []]


def test_given_binary_junk_in_a_code_when_decoded_then_bytes_come_back_but_no_text() -> None:
    junk = bytes.fromhex("00 ff fe 80 81 1b 07")

    codes = get_decoder(DEFAULT_DECODER).decode(clean_frame(junk))

    assert [(code.raw, code.text) for code in codes] == [(junk, None)]


def test_given_opencv_strings_when_bytes_recovered_then_utf8_and_latin1_readings_are_undone() -> None:
    assert opencv_bytes(TICKET_TEXT) == UTF8_TICKET
    assert opencv_bytes(GBK_TICKET.decode("latin-1")) == GBK_TICKET
    assert opencv_bytes("A017") == b"A017"


def test_given_a_png_with_a_code_when_decode_image_file_then_the_code_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ticket.png"
    cv2.imwrite(str(path), clean_frame(GBK_TICKET))

    codes = decode_image_file(path)

    assert [(code.raw, code.text) for code in codes] == [(GBK_TICKET, TICKET_TEXT)]


def test_given_a_png_without_a_code_when_decode_image_file_then_the_list_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "wall.png"
    cv2.imwrite(str(path), scene(np.random.default_rng(1)))

    assert decode_image_file(path, decoder="zbar") == []


def test_given_a_missing_file_when_decode_image_file_then_a_bilingual_message_names_it(tmp_path: Path) -> None:
    with pytest.raises(ImageUnreadable, match=r"^找不到图片文件 / image file not found: .*nothing\.png$"):
        decode_image_file(tmp_path / "nothing.png")


def test_given_a_text_file_when_decode_image_file_then_it_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("not a picture", encoding="utf-8")

    with pytest.raises(ImageUnreadable, match=r"^无法读取图片 / not a readable image: .*notes\.png"):
        decode_image_file(path)


def test_given_an_unknown_decoder_name_when_chosen_then_the_message_lists_the_known_ones() -> None:
    with pytest.raises(UnknownDecoder, match=r"未知的解码器 / unknown QR decoder 'quirc' \(available: .*zxing\)"):
        get_decoder("quirc")
