"""The ESC/POS interpreter, command by command, byte for byte (docs/protocols.md §3)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.escpos.interpreter import (
    EscPosInterpreter,
    Event,
    FeedLines,
    PrintedLine,
    QrSymbol,
    RasterImage,
    Receipt,
    ReceiptCut,
    Skipped,
    StatusRequest,
    TextRun,
)

CUT = bytes.fromhex("1D564200")
CHINESE = bytes.fromhex("1C26")


def gb(text: str) -> bytes:
    return text.encode("gb18030")


def qr_store(data: bytes) -> bytes:
    size = len(data) + 3
    return bytes([0x1D, 0x28, 0x6B, size & 0xFF, size >> 8, 0x31, 0x50, 0x30]) + data


QR_PRINT = bytes.fromhex("1D286B0300315130")


def raster_header(width_bytes: int, height: int) -> bytes:
    return bytes([0x1D, 0x76, 0x30, 0, width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8])


def feed(data: bytes) -> list[Event]:
    return EscPosInterpreter().feed(data)


def printed(data: bytes) -> Receipt:
    """The one receipt the bytes print, cut at the end."""
    cuts = [event for event in feed(data + CUT) if isinstance(event, ReceiptCut)]
    assert len(cuts) == 1
    return cuts[0].receipt


def skipped(events: list[Event]) -> list[Skipped]:
    return [event for event in events if isinstance(event, Skipped)]


def last_receipt(events: list[Event]) -> Receipt:
    assert isinstance(events[-1], ReceiptCut)
    return events[-1].receipt


def line(text: str, align: str = "left", *, bold: bool = False, width: int = 1, height: int = 1) -> PrintedLine:
    return PrintedLine((TextRun(text, bold, width, height),), align)


# --- text and its styles ---


def test_a_styled_chinese_line_prints_with_its_alignment_bold_and_size() -> None:
    data = bytes.fromhex("1B40 1B6101 1B4501 1D2111 1C26") + gb("请A017号") + b"\n"
    assert printed(data).elements == (line("请A017号", "center", bold=True, width=2, height=2),)


def test_a_line_of_chinese_punctuation_alone_comes_out_as_punctuation() -> None:
    data = CHINESE + bytes.fromhex("A3A8 A3A9 A1A2 A1A3") + b"\n"
    assert printed(data).elements == (line("（）、。"),)


def test_four_byte_gb18030_characters_decode() -> None:
    assert printed(CHINESE + gb("㐀𠀀😀") + b"\n").elements == (line("㐀𠀀😀"),)


def test_outside_chinese_mode_high_bytes_are_code_page_437() -> None:
    assert printed(b"caf\x82 \x9c5\n").elements == (line("café £5"),)


def test_chinese_mode_off_returns_to_code_page_437() -> None:
    data = CHINESE + gb("中") + bytes.fromhex("1C2E") + b"\x82\n"
    assert printed(data).elements == (line("中é"),)


def test_an_invalid_gb18030_sequence_becomes_a_replacement_character_and_is_reported() -> None:
    events = feed(CHINESE + b"\x81\n" + CUT)
    assert skipped(events) == [Skipped(b"\x81", 2, "invalid GB18030 sequence")]
    assert events[-1] == ReceiptCut(Receipt((line("\ufffd"),), 8))


def test_an_empty_line_feed_prints_a_blank_line() -> None:
    assert printed(b"\n").elements == (PrintedLine((), "left"),)


def test_carriage_return_is_ignored() -> None:
    assert printed(b"ab\r\n").elements == (line("ab"),)


def test_tab_moves_to_the_next_multiple_of_eight_columns() -> None:
    assert printed(b"abc\tx\t\ty\n").elements == (line("abc     x               y"),)


def test_tab_counts_chinese_characters_as_two_columns() -> None:
    assert printed(CHINESE + gb("中文") + b"\tx\n").elements == (line("中文    x"),)


def test_alignment_accepts_digits_and_ascii_digits() -> None:
    data = bytes.fromhex("1B6102") + b"r\n" + bytes.fromhex("1B6131") + b"c\n" + bytes.fromhex("1B6130") + b"l\n"
    assert printed(data).elements == (line("r", "right"), line("c", "center"), line("l", "left"))


def test_alignment_in_the_middle_of_a_line_is_ignored_and_reported() -> None:
    events = feed(b"ab" + bytes.fromhex("1B6101") + b"c\n" + CUT)
    assert skipped(events) == [Skipped(bytes.fromhex("1B6101"), 2, skipped(events)[0].reason)]
    assert last_receipt(events).elements == (line("abc"),)


def test_bold_follows_the_low_bit() -> None:
    data = bytes.fromhex("1B4503") + b"a" + bytes.fromhex("1B4502") + b"b\n"
    assert printed(data).elements == (PrintedLine((TextRun("a", True, 1, 1), TextRun("b", False, 1, 1)), "left"),)


def test_character_size_nibbles_are_width_and_height_minus_one() -> None:
    assert printed(bytes.fromhex("1D2172") + b"x\n").elements == (line("x", width=8, height=3),)


def test_a_character_size_beyond_eight_is_reported_and_changes_nothing() -> None:
    events = feed(bytes.fromhex("1D2188") + b"x\n" + CUT)
    assert skipped(events) == [Skipped(bytes.fromhex("1D2188"), 0, skipped(events)[0].reason)]
    assert last_receipt(events).elements == (line("x"),)


def test_print_mode_sets_bold_double_height_and_double_width() -> None:
    data = bytes.fromhex("1B2138") + b"a" + bytes.fromhex("1B2110") + b"b" + bytes.fromhex("1B2100") + b"c\n"
    runs = (TextRun("a", True, 2, 2), TextRun("b", False, 1, 2), TextRun("c", False, 1, 1))
    assert printed(data).elements == (PrintedLine(runs, "left"),)


def test_code_page_select_is_accepted_and_recorded() -> None:
    interpreter = EscPosInterpreter()
    assert interpreter.feed(bytes.fromhex("1B7411")) == []
    assert interpreter.code_page == 0x11


def test_initialise_resets_styles_and_drops_the_unprinted_line() -> None:
    data = bytes.fromhex("1B6101 1B4501 1D2111 1C26") + b"lost" + bytes.fromhex("1B40") + b"\x82\n"
    assert printed(data).elements == (line("é"),)


def test_feed_prints_the_pending_text_then_feeds() -> None:
    assert printed(b"abc" + bytes.fromhex("1B6403")).elements == (line("abc"), FeedLines(3))


def test_commands_without_visible_effect_are_accepted_silently() -> None:
    # line spacing, font, underline, double strike, cash drawer kick, left margin
    assert feed(bytes.fromhex("1B32 1B3340 1B4D00 1B2D01 1B4701 1B7000193C 1D4C0000")) == []


# --- QR codes ---


def test_a_stored_qr_code_prints_with_its_module_size_and_error_correction() -> None:
    url = b"https://hall.example/r/abc?t=1"
    data = bytes.fromhex("1B6101 1D286B040031413200 1D286B0300314306 1D286B0300314533") + qr_store(url) + QR_PRINT
    events = feed(data + CUT)
    assert skipped(events) == []
    assert events[-1] == ReceiptCut(Receipt((QrSymbol(url, 6, "H", "center"),), len(data) + 4))


def test_a_qr_code_defaults_to_module_size_three_and_level_l() -> None:
    assert printed(qr_store("中文".encode()) + QR_PRINT).elements == (QrSymbol("中文".encode(), 3, "L", "left"),)


def test_printing_a_qr_code_prints_the_pending_text_first() -> None:
    elements = printed(b"ab" + qr_store(b"x") + QR_PRINT).elements
    assert elements == (line("ab"), QrSymbol(b"x", 3, "L", "left"))


def test_printing_a_qr_code_with_no_data_stored_is_reported() -> None:
    events = feed(QR_PRINT + CUT)
    assert skipped(events) == [Skipped(QR_PRINT, 0, skipped(events)[0].reason)]
    assert events[-1] == ReceiptCut(Receipt((), 12))


def test_malformed_qr_parameters_are_reported_and_skipped() -> None:
    bad = [
        bytes.fromhex("1D286B0300314300"),  # module size 0
        bytes.fromhex("1D286B0300314311"),  # module size 17
        bytes.fromhex("1D286B0300314534"),  # level beyond H
        bytes.fromhex("1D286B02003143"),  # shorter than 3
    ]
    interpreter = EscPosInterpreter()
    events = [event for command in bad for event in interpreter.feed(command)]
    offsets = [0, 8, 16, 24]
    assert [(e.data, e.offset) for e in skipped(events)] == list(zip(bad, offsets, strict=True))
    interpreter.feed(qr_store(b"x") + QR_PRINT)
    assert interpreter.unfinished().elements == (QrSymbol(b"x", 3, "L", "left"),)


# --- raster images ---


def test_a_raster_image_keeps_its_exact_bytes() -> None:
    rows = bytes(range(6))
    data = bytes.fromhex("1B6102 1D7630 00 0200 0300") + rows
    assert printed(data).elements == (RasterImage(2, 3, rows, "right"),)


def test_raster_modes_one_to_three_double_width_and_height() -> None:
    data = bytes.fromhex("1D7630 03 0100 0100 FF 1D7630 01 0100 0100 0F")
    assert printed(data).elements == (
        RasterImage(1, 1, b"\xff", "left", 2, 2),
        RasterImage(1, 1, b"\x0f", "left", 2, 1),
    )


def test_an_empty_raster_image_is_reported() -> None:
    events = feed(bytes.fromhex("1D7630 00 0000 0500"))
    assert [e.data for e in skipped(events)] == [bytes.fromhex("1D7630 00 0000 0500")]


# --- cuts and status ---


def test_every_cut_form_ends_a_receipt_and_prints_the_pending_text() -> None:
    for cut in ("1D5600", "1D5601", "1D5630", "1D5631", "1D564105", "1D564203"):
        events = feed(b"ab" + bytes.fromhex(cut))
        assert events == [ReceiptCut(Receipt((line("ab"),), 2 + len(cut) // 2))], cut


def test_each_receipt_holds_only_what_was_printed_since_the_previous_cut() -> None:
    events = feed(b"one\n" + CUT + b"two\n" + CUT)
    assert events == [ReceiptCut(Receipt((line("one"),), 8)), ReceiptCut(Receipt((line("two"),), 8))]


def test_status_requests_are_answered_even_in_the_middle_of_text() -> None:
    events = feed(CHINESE + gb("请到") + bytes.fromhex("100401") + gb("窗口") + bytes.fromhex("100404") + b"\n" + CUT)
    assert events[:2] == [StatusRequest(1), StatusRequest(4)]
    assert events[2] == ReceiptCut(Receipt((line("请到窗口"),), 21))


def test_a_status_request_for_an_unknown_n_is_reported() -> None:
    assert feed(bytes.fromhex("100405")) == [Skipped(bytes.fromhex("100405"), 0, "DLE EOT with n=5")]


# --- what it cannot parse ---


def test_an_unknown_escape_sequence_skips_two_bytes() -> None:
    events = feed(b"A" + bytes.fromhex("1B99") + b"B\n" + CUT)
    assert skipped(events) == [Skipped(bytes.fromhex("1B99"), 1, "unknown command")]
    assert last_receipt(events).elements == (line("AB"),)


def test_stray_control_bytes_are_reported_one_by_one() -> None:
    events = feed(b"\x00A\x07\n")
    assert [(e.data, e.offset) for e in skipped(events)] == [(b"\x00", 0), (b"\x07", 2)]


# --- chunking ---

TICKET = (
    bytes.fromhex("1B40 1C26 1B6101 1B4501 1D2111")
    + gb("政务服务中心（）、。")
    + b"\n"
    + bytes.fromhex("1D2177")
    + b"A017\n"
    + bytes.fromhex("1D2100 1B4500 100401 1B6100")
    + gb("请携带身份证件。😀\tEnd")
    + b"\n"
    + bytes.fromhex("1B6101 1D286B040031413200 1D286B0300314306 1D286B0300314531")
    + qr_store("https://hall.example/r/abc?t=1&名=张".encode())
    + QR_PRINT
    + bytes.fromhex("1D7630 00 0200 0200 F00F 0FF0 1B6403")
    + CUT
    + b"tail\x81"
)


def fed_in_chunks(data: bytes, cuts: list[int]) -> tuple[list[Event], Receipt]:
    interpreter = EscPosInterpreter()
    bounds = [0, *sorted(cuts), len(data)]
    events = [event for start, end in itertools.pairwise(bounds) for event in interpreter.feed(data[start:end])]
    return events, interpreter.unfinished()


def test_a_ticket_split_anywhere_gives_the_same_events_as_sent_whole() -> None:
    whole = fed_in_chunks(TICKET, [])
    assert any(isinstance(event, ReceiptCut) for event in whole[0])
    for split in range(len(TICKET) + 1):
        assert fed_in_chunks(TICKET, [split]) == whole, split


def test_a_ticket_sent_one_byte_at_a_time_gives_the_same_events() -> None:
    assert fed_in_chunks(TICKET, list(range(len(TICKET)))) == fed_in_chunks(TICKET, [])


def test_a_ticket_sized_raster_image_sent_byte_by_byte_arrives_whole() -> None:
    rows = bytes(range(256)) * 225  # 72 bytes x 800 rows: a 100 mm ticket drawn as an image
    data = bytes.fromhex("1D7630 00 4800 2003") + rows
    interpreter = EscPosInterpreter()
    for i in range(len(data)):
        assert interpreter.feed(data[i : i + 1]) == []
    assert interpreter.unfinished().elements == (RasterImage(72, 800, rows, "left"),)


@st.composite
def valid_streams(draw: st.DrawFn) -> bytes:
    text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12).map(lambda t: CHINESE + gb(t))
    fragments = st.one_of(
        text,
        st.sampled_from([b"\n", b"\t", b"\r", CUT, bytes.fromhex("1B40"), bytes.fromhex("1C2E"), b"abc"]),
        st.sampled_from(["1B4501", "1D2111", "1B2130", "1B6403", "100402", "1B7400"]).map(bytes.fromhex),
        st.sampled_from(["0A1B6100", "0A1B6101", "0A1B6132"]).map(bytes.fromhex),
        st.binary(min_size=1, max_size=40).map(lambda data: qr_store(data) + QR_PRINT),
        st.binary(min_size=1, max_size=10).map(lambda row: raster_header(len(row), 3) + row * 3),
    )
    return b"".join(draw(st.lists(fragments, max_size=12)))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_valid_stream_split_at_random_points_gives_the_same_events(data: st.DataObject) -> None:
    stream = data.draw(valid_streams())
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=8))
    whole = fed_in_chunks(stream, [])
    assert skipped(whole[0]) == []
    assert fed_in_chunks(stream, cuts) == whole


# Bytes that start or fill commands, so random streams reach deep into the parser, not only its first branch.
COMMAND_BYTES = b"\x1b\x1d\x1c\x10\x04\x0a\x09\x00\x01\x03\x21\x28\x6b\x76\x30\x56\x42\x31\x43\x50\x51\x81\xfe\x26"


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.lists(st.sampled_from(COMMAND_BYTES), max_size=300).map(bytes)), st.data())
def test_random_bytes_never_raise_and_split_anywhere_give_the_same_events(garbage: bytes, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(0, len(garbage)), max_size=8))
    whole = fed_in_chunks(garbage, [])
    assert fed_in_chunks(garbage, cuts) == whole
    for event in skipped(whole[0]):
        assert event.data and garbage[event.offset : event.offset + len(event.data)] == event.data
        assert not event.reason.startswith("internal error")


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=30))
def test_any_text_sent_in_chinese_mode_prints_back_unchanged(text: str) -> None:
    assert printed(CHINESE + gb(text) + b"\n").elements == (line(text),)
