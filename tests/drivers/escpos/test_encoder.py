"""The encoder: what goes as native text, what as raster, and how a document fits the paper."""

from __future__ import annotations

from devices.printer import Align, Bitmap, Document, PaperSpec, PrinterProfile, QrCode, TextLine
from devices.textwidth import display_width
from drivers.escpos import commands as cmd
from drivers.escpos.encoder import encode, prints_natively
from drivers.escpos.interpreter import EscPosInterpreter, PrintedLine, RasterImage, ReceiptCut

RASTER = bytes.fromhex("1D 76 30")


def printed(data: bytes, dots: int = 576) -> list[object]:
    events = EscPosInterpreter(dots).feed(data + cmd.partial_cut())
    [cut] = [e for e in events if isinstance(e, ReceiptCut)]
    return list(cut.receipt.elements)


def test_a_paragraph_wider_than_the_paper_wraps_by_display_width() -> None:
    text = "根据《不动产登记暂行条例》第十四条，申请人应当提交下列材料：不动产登记申请书、申请人身份证明 ID card copy。"
    for paper in (PaperSpec(576, 80), PaperSpec(384, 58)):
        lines = [
            e
            for e in printed(encode(Document("t", (TextLine(text),)), PrinterProfile(paper=paper)))
            if isinstance(e, PrintedLine)
        ]
        texts = ["".join(run.text for run in line.runs) for line in lines]
        assert len(texts) > 1 and "".join(texts).replace(" ", "") == text.replace(" ", "")
        assert all(display_width(t) <= paper.columns for t in texts)


def test_double_width_text_wraps_at_half_the_columns() -> None:
    data = encode(Document("t", (TextLine("一二三四五六七八九十" * 3, width=2, height=2),)), PrinterProfile())
    lines = [e for e in printed(data) if isinstance(e, PrintedLine)]
    assert [len(line.runs[0].text) for line in lines] == [12, 12, 6]


def test_emoji_goes_raster_and_plain_chinese_stays_text() -> None:
    profile = PrinterProfile()
    assert prints_natively("办事指南（）、。", profile)
    assert not prints_natively("好评👍", profile)
    assert not prints_natively("𠮷野家", profile)  # outside GBK: a four-byte GB18030 character
    data = encode(Document("t", (TextLine("好评👍"), TextLine("谢谢"))), profile)
    elements = printed(data)
    assert isinstance(elements[0], RasterImage)
    texts = ["".join(run.text for run in e.runs) for e in elements if isinstance(e, PrintedLine)]
    assert texts == ["谢谢"]


def test_glyphs_the_model_lacks_go_raster() -> None:
    profile = PrinterProfile(missing_glyphs=frozenset("䶮"))
    data = encode(Document("t", (TextLine("王䶮"),)), profile)
    assert RASTER in data and "王".encode("gb18030") not in data


def test_printers_without_chinese_firmware_get_chinese_as_raster() -> None:
    profile = PrinterProfile(chinese="raster")
    data = encode(Document("t", (TextLine("A017"), TextLine("社保医保"))), profile)
    assert data.startswith(cmd.INITIALISE + cmd.CHINESE_OFF)
    assert b"A017\n" in data and RASTER in data and "社保".encode("gb18030") not in data


def test_qr_falls_back_to_raster_when_the_printer_has_no_native_qr() -> None:
    data = encode(Document("t", (QrCode("https://hall.example/q/1"),)), PrinterProfile(native_qr=False))
    assert cmd.QR_MODEL_2 not in data
    [image] = [e for e in printed(data) if isinstance(e, RasterImage)]
    assert image.width_bytes == 72


def test_an_image_wider_than_the_paper_is_scaled_to_the_dot_width() -> None:
    wide = Bitmap(1152, 20, b"\xff" * (144 * 20), Align.LEFT)
    [image] = [e for e in printed(encode(Document("t", (wide,)), PrinterProfile())) if isinstance(e, RasterImage)]
    assert image.width_bytes == 72 and image.height == 10
