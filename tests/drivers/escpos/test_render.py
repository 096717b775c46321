"""Receipts rendered as a thermal printer prints them, and the glyphs they are drawn with."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from drivers.escpos import glyphs
from drivers.escpos.glyphs import FontNotFoundError, cjk_font_path, draw_text
from drivers.escpos.interpreter import (
    EscPosInterpreter,
    FeedLines,
    PrintedLine,
    QrSymbol,
    RasterImage,
    Receipt,
    ReceiptCut,
    TextRun,
)
from drivers.escpos.render import FEED_DOTS, LINE_SPACING_DOTS, MARGIN_DOTS, qr_image, render_receipt

URL = "https://hall.example/r/abc?t=1"
CHINESE_PAYLOAD = "政务服务评价：A017号，窗口3"


def line(text: str, align: str = "left", *, bold: bool = False, width: int = 1, height: int = 1) -> PrintedLine:
    return PrintedLine((TextRun(text, bold, width, height),), align)


def receipt(*elements: PrintedLine | FeedLines | QrSymbol | RasterImage) -> Receipt:
    return Receipt(elements, 0)


def ink(image: Image.Image) -> np.ndarray:
    """True where the printer put a dot."""
    return np.asarray(image.convert("L")) < 128


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(ink(image))
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def decoded(image: Image.Image) -> list[zxingcpp.Result]:
    return list(zxingcpp.read_barcodes(image.convert("L")))


# --- the paper ---


@pytest.mark.parametrize("dots", [576, 384])
def test_a_ticket_renders_as_wide_as_the_paper_with_readable_qr_codes(dots: int) -> None:
    ticket = receipt(
        line("政务服务中心", "center", bold=True, width=2, height=2),
        QrSymbol(URL.encode(), 4, "M", "center"),
        line("扫码评价（）、。"),
        QrSymbol(CHINESE_PAYLOAD.encode(), 3, "Q", "right"),
    )
    image = render_receipt(ticket, dots)
    assert image.mode == "1"
    assert image.width == dots
    results = decoded(image)
    assert sorted(result.text for result in results) == sorted([URL, CHINESE_PAYLOAD])
    assert sorted(result.bytes for result in results) == sorted([URL.encode(), CHINESE_PAYLOAD.encode()])


def test_a_qr_code_from_the_byte_stream_decodes_to_the_stored_bytes() -> None:
    payload = "https://hall.example/评价?号=A017&é".encode()
    size = len(payload) + 3
    stream = (
        bytes.fromhex("1B6101 1D286B0300314305")
        + bytes([0x1D, 0x28, 0x6B, size, 0, 0x31, 0x50, 0x30])
        + payload
        + bytes.fromhex("1D286B0300315130 1D564200")
    )
    (cut,) = EscPosInterpreter().feed(stream)
    assert isinstance(cut, ReceiptCut)
    (result,) = decoded(render_receipt(cut.receipt, 576))
    assert result.bytes == payload


def test_a_qr_symbol_has_whole_modules_and_a_four_module_quiet_zone() -> None:
    image = qr_image(URL.encode(), "L", 5)
    left, top, right, bottom = ink_box(image)
    assert (left, top) == (4 * 5, 4 * 5)
    assert (image.width - right, image.height - bottom) == (4 * 5, 4 * 5)
    assert (right - left) % 5 == 0 and (right - left) // 5 in range(21, 178, 4)


def test_a_qr_code_too_big_for_any_symbol_prints_nothing() -> None:
    image = render_receipt(receipt(QrSymbol(b"x" * 4000, 3, "H", "center")), 576)
    assert not ink(image).any()


def test_an_empty_receipt_is_blank_paper_with_its_margins() -> None:
    image = render_receipt(receipt(), 384)
    assert image.size == (384, 2 * MARGIN_DOTS)
    assert not ink(image).any()


def test_centred_text_is_centred() -> None:
    image = render_receipt(receipt(line("政务服务中心", "center")), 576)
    left, _, right, _ = ink_box(image)
    assert abs(left - (576 - right)) <= 3


def test_right_aligned_text_ends_at_the_right_edge() -> None:
    image = render_receipt(receipt(line("09:30", "right")), 576)
    assert 576 - 4 <= ink_box(image)[2] <= 576


def test_a_double_size_line_is_twice_as_tall_as_a_normal_line() -> None:
    normal = render_receipt(receipt(line("号")), 576)
    double = render_receipt(receipt(line("号", width=2, height=2)), 576)
    assert double.height - normal.height == 24
    (n_left, n_top, n_right, n_bottom), (d_left, d_top, d_right, d_bottom) = ink_box(normal), ink_box(double)
    assert d_bottom - d_top == 2 * (n_bottom - n_top)
    assert d_right - d_left == 2 * (n_right - n_left)


def test_runs_of_different_heights_share_the_bottom_of_the_line() -> None:
    mixed = PrintedLine((TextRun("g", False, 1, 1), TextRun("g", False, 1, 3)), "left")
    image = render_receipt(receipt(mixed), 576)
    assert image.height == 2 * MARGIN_DOTS + 72 + LINE_SPACING_DOTS
    normal_bottom, tall_bottom = ink_box(draw_text("g"))[3], ink_box(draw_text("g", height=3))[3]
    rows = ink(image)
    assert rows[:, :12].nonzero()[0].max() + 1 == MARGIN_DOTS + 48 + normal_bottom
    assert rows[:, 12:].nonzero()[0].max() + 1 == MARGIN_DOTS + tall_bottom


def test_a_line_wider_than_the_paper_wraps_at_the_character_that_overflows() -> None:
    image = render_receipt(receipt(line("中" * 16 + "AB")), 384)  # 16 Chinese fill 384 dots exactly
    assert image.height == 2 * MARGIN_DOTS + 2 * (24 + LINE_SPACING_DOTS)
    second_row = ink(image)[MARGIN_DOTS + 24 + LINE_SPACING_DOTS :]
    assert 0 < second_row.nonzero()[1].max() < 24  # "AB" alone, at the left edge


def test_a_feed_adds_blank_lines() -> None:
    image = render_receipt(receipt(FeedLines(3)), 576)
    assert image.height == 2 * MARGIN_DOTS + 3 * FEED_DOTS


def test_a_raster_image_appears_dot_for_dot_under_the_line_before_it() -> None:
    raster = RasterImage(2, 3, bytes([0xFF, 0x01, 0x80, 0x00, 0xAA, 0x55]), "center")
    image = render_receipt(receipt(line("标题"), raster), 576)
    top, left = MARGIN_DOTS + 24 + LINE_SPACING_DOTS, (576 - 16) // 2
    expected = np.unpackbits(np.frombuffer(raster.data, dtype=np.uint8)).reshape(3, 16).astype(bool)
    assert (ink(image)[top : top + 3, left : left + 16] == expected).all()
    assert image.height == top + 3 + MARGIN_DOTS


def test_a_double_size_raster_image_is_magnified() -> None:
    image = render_receipt(receipt(RasterImage(1, 1, b"\xf0", "left", 2, 2)), 576)
    assert ink_box(image) == (0, MARGIN_DOTS, 8, MARGIN_DOTS + 2)


# --- glyphs ---


def test_text_is_laid_out_in_printer_cells() -> None:
    image = draw_text("请A017号")
    assert (image.mode, image.size) == ("1", (24 + 4 * 12 + 24, 24))
    assert draw_text("请A017号", width=2, height=3).size == (2 * 96, 72)
    assert draw_text("").size == (0, 24)


def test_each_glyph_stays_in_its_cell_so_columns_line_up() -> None:
    text = "国（）、。Ag|_"
    together = ink(draw_text(text))
    x = 0
    for ch in text:
        alone = ink(draw_text(ch))
        assert alone.any(), ch
        assert (together[:, x : x + alone.shape[1]] == alone).all(), ch
        x += alone.shape[1]


def test_bold_text_has_more_ink() -> None:
    assert ink(draw_text("政务", bold=True)).sum() > ink(draw_text("政务")).sum() * 1.2


def test_combining_marks_take_no_cell_and_odd_characters_do_not_crash() -> None:
    # é composes to one character; like every ambiguous-width character it takes a full cell in Chinese mode.
    assert draw_text("e\u0301").width == draw_text("é").width == 24
    assert draw_text("a\u0301\u0302").width == draw_text("á").width
    # emoji 2 cells, a lone surrogate 1 (drawn as a box), U+FFFD 2 (ambiguous width), NUL none
    assert draw_text("😀\ud800\ufffd\x00").width == (2 + 1 + 2 + 0) * 12


def test_a_missing_cjk_font_says_what_to_install_in_chinese_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glyphs, "_fc_match", lambda bold: None)
    monkeypatch.setattr(glyphs, "_KNOWN_FONTS", {True: (), False: ("/nonexistent/font.ttc",)})
    cjk_font_path.cache_clear()
    try:
        with pytest.raises(FontNotFoundError) as error:
            cjk_font_path()
    finally:
        cjk_font_path.cache_clear()
    message = str(error.value)
    assert "fonts-noto-cjk" in message
    assert message.index("字体") < message.index("font")


def test_the_cjk_font_is_found_on_this_machine() -> None:
    assert cjk_font_path().is_file()
    assert Path(cjk_font_path(bold=True)).is_file()
