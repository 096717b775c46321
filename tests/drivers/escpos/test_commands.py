"""Every ESC/POS command of docs/protocols.md §3, byte for byte, and the status bytes both ways."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from hypothesis import given
from hypothesis import strategies as st

from devices.printer import Align, Document, PrinterProfile, QrCode, TextLine
from devices.state import Reason
from drivers.escpos import commands as cmd
from drivers.escpos.encoder import encode
from drivers.escpos.status import MalformedStatus, PrinterCondition, combine, parse_status


def test_initialise() -> None:
    assert bytes.fromhex("1B 40") == cmd.INITIALISE


@pytest.mark.parametrize(("where", "n"), [(Align.LEFT, 0), (Align.CENTER, 1), (Align.RIGHT, 2)])
def test_align(where: Align, n: int) -> None:
    assert cmd.align(where) == bytes([0x1B, 0x61, n])


def test_bold() -> None:
    assert cmd.bold(True) == bytes.fromhex("1B 45 01")
    assert cmd.bold(False) == bytes.fromhex("1B 45 00")


def test_character_size_packs_width_high_and_height_low() -> None:
    assert cmd.character_size(1, 1) == bytes.fromhex("1D 21 00")
    assert cmd.character_size(2, 3) == bytes.fromhex("1D 21 12")
    assert cmd.character_size(8, 8) == bytes.fromhex("1D 21 77")
    with pytest.raises(ValueError, match="1 to 8"):
        cmd.character_size(9, 1)


def test_chinese_mode() -> None:
    assert bytes.fromhex("1C 26") == cmd.CHINESE_ON
    assert bytes.fromhex("1C 2E") == cmd.CHINESE_OFF


def test_feed() -> None:
    assert cmd.feed(5) == bytes.fromhex("1B 64 05")


def test_qr_commands() -> None:
    assert bytes.fromhex("1D 28 6B 04 00 31 41 32 00") == cmd.QR_MODEL_2
    assert cmd.qr_module_size(6) == bytes.fromhex("1D 28 6B 03 00 31 43 06")
    assert [cmd.qr_error_correction(level)[-1] for level in "LMQH"] == [48, 49, 50, 51]  # type: ignore[arg-type]
    assert cmd.qr_store(b"A017") == bytes.fromhex("1D 28 6B 07 00 31 50 30") + b"A017"
    assert bytes.fromhex("1D 28 6B 03 00 31 51 30") == cmd.QR_PRINT


def test_qr_store_length_is_little_endian() -> None:
    data = b"x" * 300
    assert cmd.qr_store(data)[3:5] == bytes([(303) & 0xFF, 303 >> 8])


def test_native_qr_matches_python_escpos() -> None:
    reference = Dummy()
    reference.qr("https://hall.example/r/abc", native=True, size=6, ec=0)  # 0 = level L in python-escpos
    assert cmd.qr_code(b"https://hall.example/r/abc", 6, "L") == reference.output


def test_raster_header_and_bands() -> None:
    data = bytes(range(6))
    assert cmd.raster(2, 3, data) == bytes.fromhex("1D 76 30 00 02 00 03 00") + data
    tall = cmd.raster(1, 300, bytes(300))
    assert tall.count(bytes.fromhex("1D 76 30 00")) == 2
    assert bytes.fromhex("1D 76 30 00 01 00 FF 00") in tall and bytes.fromhex("1D 76 30 00 01 00 2D 00") in tall


def test_partial_cut_after_feed() -> None:
    assert cmd.partial_cut(3) == bytes.fromhex("1D 56 42 03")


def test_status_request() -> None:
    assert [cmd.status_request(n) for n in (1, 2, 3, 4)] == [bytes([0x10, 0x04, n]) for n in (1, 2, 3, 4)]


def test_a_line_of_chinese_punctuation_alone_is_sent_in_chinese_mode_not_as_question_marks() -> None:
    data = encode(Document("test", (TextLine("（）、。"),)), PrinterProfile())
    assert data.startswith(bytes.fromhex("1B 40 1C 26"))
    assert bytes.fromhex("A3 A8 A3 A9 A1 A2 A1 A3 0A") in data
    assert b"?" not in data


def test_chinese_text_is_gb18030() -> None:
    data = encode(Document("test", (TextLine("请A017号到3号窗口办理", bold=True),)), PrinterProfile())
    assert "请A017号到3号窗口办理".encode("gb18030") + b"\n" in data
    assert bytes.fromhex("1B 45 01") in data


def test_encoded_qr_is_native() -> None:
    data = encode(
        Document("t", (QrCode("https://hall.example/q/A017", module_size=5, error_correction="Q"),)), PrinterProfile()
    )
    assert cmd.qr_code(b"https://hall.example/q/A017", 5, "Q") in data


@pytest.mark.parametrize(
    ("n", "value", "reasons"),
    [
        (1, 0x12, set()),
        (1, 0x1A, {Reason.PRINTER_OFFLINE}),
        (2, 0x16, {Reason.COVER_OPEN}),
        (2, 0x32, {Reason.PAPER_OUT}),
        (3, 0x1A, {Reason.CUTTER_ERROR}),
        (3, 0x32, {Reason.UNRECOVERABLE_ERROR}),
        (3, 0x52, {Reason.AUTO_RECOVERABLE_ERROR}),
        (4, 0x12, set()),
        (4, 0x1E, {Reason.PAPER_NEAR_END}),
        (4, 0x72, {Reason.PAPER_OUT}),
    ],
)
def test_status_bytes(n: int, value: int, reasons: set[Reason]) -> None:
    assert parse_status(n, value) == reasons


@pytest.mark.parametrize("value", [0x00, 0xFF, 0x13, 0x92])
def test_a_byte_without_the_fixed_pattern_is_not_a_status(value: int) -> None:
    with pytest.raises(MalformedStatus):
        parse_status(1, value)


@given(st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_simulated_condition_reads_back_as_itself(cover: bool, out: bool, near: bool, cutter: bool) -> None:
    condition = PrinterCondition(cover_open=cover, paper_out=out, paper_near_end=near, cutter_error=cutter)
    reasons = combine({n: parse_status(n, condition.status_byte(n)) for n in (1, 2, 3, 4)})
    expected = {
        Reason.COVER_OPEN: cover,
        Reason.PAPER_OUT: out,
        Reason.PAPER_NEAR_END: near and not out,
        Reason.CUTTER_ERROR: cutter,
    }
    assert reasons == {reason for reason, present in expected.items() if present}
