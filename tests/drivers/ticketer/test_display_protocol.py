"""The window-display protocol, byte for byte: the frames docs/ticketer.md shows, and a parser that never gives up."""

from __future__ import annotations

import pytest

from drivers.ticketer.display_protocol import (
    MAX_PAYLOAD,
    BadPayload,
    Command,
    DisplayState,
    Frame,
    FrameParser,
    FrameProblem,
    NakReason,
    Problem,
    ShowContent,
    ShowFlags,
    StatusFlags,
    ack_frame,
    brightness_frame,
    clear_frame,
    crc16_modbus,
    fit_text,
    nak_frame,
    parse_show,
    parse_status,
    show_frame,
    show_payload,
    status_frame,
    status_payload,
)

SHOW_A017 = bytes.fromhex(
    "02 03 10 07 1b 01 04 41 30 31 37 c7 eb 41 30 31 37 ba c5 b5 bd 33 ba c5 b4 b0 bf da b0 ec c0 ed ba c0 03"
)
STATUS_ANSWER = bytes.fromhex("02 03 06 0a 07 00 3c 04 41 30 31 37 62 70 03")


def test_crc_is_crc16_modbus() -> None:
    assert crc16_modbus(b"123456789") == 0x4B37  # the catalogue's check value


def test_show_frame_bytes() -> None:
    content = ShowContent("A017", "请A017号到3号窗口办理", ShowFlags.BLINK)
    assert show_frame(3, 7, content) == SHOW_A017


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (clear_frame(3, 8), "02 03 11 08 00 57 a5 03"),
        (brightness_frame(3, 9, 60), "02 03 12 09 01 3c b4 fb 03"),
        (status_frame(3, 10), "02 03 13 0a 00 f7 05 03"),
        (ack_frame(3, 7), "02 03 06 07 00 e2 51 03"),
        (nak_frame(3, 7, NakReason.BUSY), "02 03 15 07 01 04 d5 9e 03"),
        (ack_frame(3, 10, status_payload(DisplayState(StatusFlags.NONE, 60, "A017"))), STATUS_ANSWER.hex(" ")),
    ],
)
def test_command_and_answer_bytes(frame: bytes, expected: str) -> None:
    assert frame.hex(" ") == expected


def test_frames_parse_back() -> None:
    parser = FrameParser()
    [show] = parser.feed(SHOW_A017)
    assert show == Frame(3, Command.SHOW, 7, SHOW_A017[5:-3])
    assert isinstance(show, Frame)
    assert parse_show(show.payload) == ShowContent("A017", "请A017号到3号窗口办理", ShowFlags.BLINK)
    [answer] = parser.feed(STATUS_ANSWER)
    assert isinstance(answer, Frame)
    assert parse_status(answer.payload) == DisplayState(StatusFlags.NONE, 60, "A017")


def test_frames_arriving_a_byte_at_a_time() -> None:
    parser = FrameParser()
    events = [event for byte in SHOW_A017 + STATUS_ANSWER for event in parser.feed(bytes([byte]))]
    assert [e.command for e in events if isinstance(e, Frame)] == [Command.SHOW, Command.ACK]
    assert parser.pending == 0


def test_a_damaged_frame_costs_only_itself() -> None:
    parser = FrameParser()
    damaged = bytearray(SHOW_A017)
    damaged[12] ^= 0x40
    events = parser.feed(b"\xff\x00noise" + bytes(damaged) + STATUS_ANSWER)
    frames = [e for e in events if isinstance(e, Frame)]
    assert [f.command for f in frames] == [Command.ACK]
    assert {e.kind for e in events if isinstance(e, FrameProblem)} == {Problem.GARBAGE, Problem.CRC}


def test_a_length_that_lies_is_caught_by_the_missing_etx() -> None:
    parser = FrameParser()
    lying = bytearray(clear_frame(3, 8))
    lying[4] = 2  # says two payload bytes follow
    events = parser.feed(bytes(lying) + b"\x00\x00" + clear_frame(4, 9))
    assert Problem.NO_ETX in parser.problems
    assert [e.address for e in events if isinstance(e, Frame)] == [4]


def test_an_impossible_length_is_dropped() -> None:
    parser = FrameParser()
    events = parser.feed(bytes([0x02, 0x03, 0x10, 0x01, 0xFF]) + clear_frame(3, 2))
    assert Problem.BAD_LENGTH in parser.problems
    assert [e.seq for e in events if isinstance(e, Frame)] == [2]


def test_long_text_is_cut_at_a_character() -> None:
    text = "请" * 200
    payload = show_payload(ShowContent("A017", text))
    assert len(payload) <= MAX_PAYLOAD
    assert parse_show(payload).text == "请" * ((MAX_PAYLOAD - 6) // 2)
    assert fit_text("a请", 2) == "a"


@pytest.mark.parametrize("number", ["", "A0170000X", "A-17", "甲017"])
def test_numbers_a_display_cannot_show_are_refused(number: str) -> None:
    with pytest.raises((ValueError, UnicodeEncodeError)):
        show_payload(ShowContent(number))


@pytest.mark.parametrize("payload", [b"", b"\x00\x05A0", b"\x00\x02-1", b"\x00\x01A\xff\xff"])
def test_bad_show_payloads(payload: bytes) -> None:
    with pytest.raises(BadPayload):
        parse_show(payload)


def test_bad_status_payloads() -> None:
    with pytest.raises(BadPayload):
        parse_status(b"\x00\x3c\x05A017")
    with pytest.raises(BadPayload):
        parse_status(b"\x00\x3c\x01\xff")


def test_frames_check_their_fields() -> None:
    with pytest.raises(ValueError, match="address"):
        Frame(248, Command.CLEAR, 0)
    with pytest.raises(ValueError, match="payload"):
        Frame(1, Command.SHOW, 0, bytes(MAX_PAYLOAD + 1))
    with pytest.raises(ValueError, match="brightness"):
        brightness_frame(1, 0, 101)
