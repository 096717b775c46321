"""The pad register map and the key tracker, from byte and register fixtures."""

from __future__ import annotations

import pytest
from pymodbus.framer import FramerRTU

from devices.pads import EventGap, KeyEvent, PadKey, PadMode, PadView, PadViewError
from drivers.pads.protocol import (
    KeyTracker,
    PadMemory,
    PadReading,
    number_to_registers,
    registers_to_number,
    view_from_registers,
    view_to_registers,
)
from drivers.pads.wire import (
    ReplyProblem,
    classify_failed_reply,
    crc16,
    frames_in,
    poll_cycle_bytes,
    read_request,
    wire_seconds,
    with_crc,
)

# Input registers 0..9 of pad 2 after 7 presses (the 7th a call-next), firmware 1.0, as function 04 answers it.
PAD2_ANSWER = bytes.fromhex("0204140007" + "00010002000300040005001000100000" + "0100")


def test_a_ticket_number_is_ascii_two_characters_a_register_high_byte_first() -> None:
    assert number_to_registers("A017") == (0x4130, 0x3137, 0x0000)
    assert number_to_registers("B12345") == (0x4231, 0x3233, 0x3435)
    assert number_to_registers("") == (0, 0, 0)
    assert number_to_registers("A01") == (0x4130, 0x3100, 0x0000)


@pytest.mark.parametrize("number", ["", "A", "A017", "B12345", "X-9 "])
def test_numbers_come_back_from_their_registers(number: str) -> None:
    assert registers_to_number(number_to_registers(number)) == number


def test_registers_that_spell_no_number_are_refused() -> None:
    with pytest.raises(PadViewError, match="not ASCII"):
        registers_to_number([0xC4E3, 0, 0])
    with pytest.raises(PadViewError, match="3 registers"):
        registers_to_number([0x4130, 0x3137])
    with pytest.raises(PadViewError, match="too long"):
        number_to_registers("A017000")


def test_a_view_is_six_holding_registers() -> None:
    view = PadView(window=3, mode=PadMode.SERVING, number="A017", staff=1024)
    assert view_to_registers(view) == [3, 1, 0x4130, 0x3137, 0x0000, 1024]
    assert view_from_registers([3, 1, 0x4130, 0x3137, 0x0000, 1024]) == view
    with pytest.raises(PadViewError, match="unknown display mode 9"):
        view_from_registers([3, 9, 0, 0, 0, 0])


def test_the_modbus_crc_matches_the_textbook_frame_and_pymodbus() -> None:
    # "01 03 00 00 00 0A C5 CD" is the textbook read of 10 holding registers from slave 1.
    assert read_request(1, function=0x03) == bytes.fromhex("01030000000AC5CD")
    frame = read_request(2)
    assert frame == bytes.fromhex("02040000000a") + crc16(bytes.fromhex("02040000000a")).to_bytes(2, "little")
    assert FramerRTU.check_CRC(frame[:-2], int.from_bytes(frame[-2:], "big"))


def test_an_answer_decodes_into_a_reading() -> None:
    frame = with_crc(PAD2_ANSWER)
    assert frames_in(frame) == [frame]
    registers = [int.from_bytes(PAD2_ANSWER[3 + 2 * i : 5 + 2 * i], "big") for i in range(10)]
    reading = PadReading.from_registers(registers)
    assert (reading.seq, reading.ring, reading.firmware) == (7, (1, 2, 3, 4, 5, 16, 16, 0), 0x0100)


def test_failed_exchanges_are_told_apart_by_their_bytes() -> None:
    good = with_crc(PAD2_ANSWER)
    assert classify_failed_reply(2, b"") is ReplyProblem.TIMEOUT
    assert classify_failed_reply(2, good[:-1] + bytes([good[-1] ^ 0x40])) is ReplyProblem.CRC_ERROR
    assert classify_failed_reply(2, b"\x00\xff" + good[5:]) is ReplyProblem.CRC_ERROR
    assert classify_failed_reply(3, good) is ReplyProblem.WRONG_ADDRESS
    assert classify_failed_reply(2, with_crc(bytes.fromhex("021000000006"))) is (ReplyProblem.UNEXPECTED)


def test_a_poll_cycle_is_33_bytes_a_pad() -> None:
    assert poll_cycle_bytes(1) == len(read_request(1)) + len(with_crc(PAD2_ANSWER)) == 33
    assert poll_cycle_bytes(8) == 264 and poll_cycle_bytes(32) == 1056
    assert wire_seconds(264, 9600) == pytest.approx(0.275)
    assert wire_seconds(264, 9600, frames=16) == pytest.approx((264 + 56) * 10 / 9600)


def reading(seq: int, ring: list[int]) -> PadReading:
    return PadReading(seq, tuple(ring), 0x0100)


def test_first_contact_takes_the_current_sequence_and_replays_nothing() -> None:
    tracker = KeyTracker(2)
    assert tracker.update(reading(7, [1, 2, 3, 4, 5, 16, 16, 0])) == []
    assert tracker.update(reading(7, [1, 2, 3, 4, 5, 16, 16, 0])) == []
    assert tracker.update(reading(8, [1, 2, 3, 4, 5, 16, 16, 20])) == [KeyEvent(2, 8, PadKey.INVITE_RATING)]


def test_two_presses_between_reads_arrive_in_order_and_a_repeated_read_adds_nothing() -> None:
    tracker = KeyTracker(5)
    tracker.update(reading(0, [0] * 8))
    after = reading(2, [16, 17, 0, 0, 0, 0, 0, 0])
    assert tracker.update(after) == [KeyEvent(5, 1, 16), KeyEvent(5, 2, 17)]
    assert tracker.update(after) == []


def test_nine_presses_between_reads_report_one_lost_and_the_newest_eight() -> None:
    tracker = KeyTracker(1)
    tracker.update(reading(10, [0] * 8))
    # Presses 11..19; 11 was overwritten by 19 in slot (19 - 1) % 8 = 2.
    ring = [17, 18, 19, 12, 13, 14, 15, 16]
    events = tracker.update(reading(19, ring))
    assert events[0] == EventGap(1, last_seq=10, seq=19, lost=1)
    assert events[1:] == [KeyEvent(1, s, s) for s in range(12, 20)]


def test_the_sequence_wraps_after_65535() -> None:
    pad = PadMemory(seq=65534)
    tracker = KeyTracker(4)
    tracker.update(pad.reading())
    for key in (1, 2, 3):
        pad.press(key)
    assert pad.seq == 1
    assert tracker.update(pad.reading()) == [KeyEvent(4, 65535, 1), KeyEvent(4, 0, 2), KeyEvent(4, 1, 3)]
    assert tracker.restarts == 0


def test_a_sequence_that_goes_back_is_a_restart_and_the_presses_since_arrive() -> None:
    pad = PadMemory(seq=500)
    tracker = KeyTracker(6)
    tracker.update(pad.reading())
    pad.restart()
    pad.press(16)
    pad.press(20)
    assert tracker.update(pad.reading()) == [KeyEvent(6, 1, 16), KeyEvent(6, 2, 20)]
    assert tracker.restarts == 1
    pad.press(5)
    assert tracker.update(pad.reading()) == [KeyEvent(6, 3, 5)]


def test_a_restart_with_no_press_since_reports_nothing() -> None:
    tracker = KeyTracker(6)
    tracker.update(reading(500, [0] * 8))
    assert tracker.update(reading(0, [0] * 8)) == []
    assert tracker.restarts == 1 and tracker.last_seq == 0


def test_the_pad_memory_keeps_what_the_master_wrote() -> None:
    pad = PadMemory()
    pad.write_holding(0, view_to_registers(PadView(7, PadMode.AWAITING_RATING, "C003", 88)))
    assert pad.view() == PadView(7, PadMode.AWAITING_RATING, "C003", 88)
    with pytest.raises(ValueError, match="0 to 5"):
        pad.write_holding(4, [1, 2, 3])
