"""GA 467 frames byte for byte, reply codes, and a frame parser that survives anything on the line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard.protocol import (
    PREAMBLE,
    READ_REPLY_SIZE,
    Command,
    Frame,
    FrameParser,
    FrameProblem,
    MalformedReply,
    Problem,
    Reply,
    ReplyKind,
    command_frame,
    frame,
    reply_frame,
    split_read_data,
)


def hex_bytes(text: str) -> bytes:
    return bytes.fromhex(text)


# The command table of docs/protocols.md §1.2.
@pytest.mark.parametrize(
    ("command", "wire"),
    [
        (Command.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
        (Command.RESET_SAM, "AA AA AA 96 69 00 03 10 FF EC"),
        (Command.FIND_CARD, "AA AA AA 96 69 00 03 20 01 22"),
        (Command.SELECT_CARD, "AA AA AA 96 69 00 03 20 02 21"),
        (Command.READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),
    ],
)
def test_each_command_frame_is_exactly_as_documented(command: Command, wire: str) -> None:
    assert command_frame(command) == hex_bytes(wire)


STATUS_OK = "AA AA AA 96 69 00 04 00 00 90 94"
CARD_FOUND = "AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"
SELECT_OK = "AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C"
NO_CARD = "AA AA AA 96 69 00 04 00 00 80 84"
SAM_FAILED = "AA AA AA 96 69 00 04 00 00 60 64"
READ_FAILED = "AA AA AA 96 69 00 04 00 00 41 45"


def only_reply(wire: bytes) -> Reply:
    [event] = FrameParser().feed(wire)
    assert isinstance(event, Frame)
    return Reply.of(event)


@pytest.mark.parametrize(
    ("wire", "kind", "data"),
    [
        (STATUS_OK, ReplyKind.OK, ""),
        (CARD_FOUND, ReplyKind.CARD_FOUND, "00 00 00 00"),
        (SELECT_OK, ReplyKind.OK, "00 00 00 00 00 00 00 00"),
        (NO_CARD, ReplyKind.NO_CARD, ""),
        (SAM_FAILED, ReplyKind.SAM_FAILED, ""),
        (READ_FAILED, ReplyKind.READ_FAILED, ""),
    ],
)
def test_the_documented_replies_parse_to_their_meaning(wire: str, kind: ReplyKind, data: str) -> None:
    reply = only_reply(hex_bytes(wire))
    assert (reply.sw1, reply.sw2, reply.kind, reply.data) == (0, 0, kind, hex_bytes(data))
    assert reply_frame(reply.sw3, reply.data) == hex_bytes(wire)


@pytest.mark.parametrize(
    ("sw3", "kind"),
    [
        (0x90, ReplyKind.OK),
        (0x9F, ReplyKind.CARD_FOUND),
        (0x80, ReplyKind.NO_CARD),
        (0x81, ReplyKind.SELECT_FAILED),
        (0x41, ReplyKind.READ_FAILED),
        (0x10, ReplyKind.LINE_ERROR),
        (0x11, ReplyKind.LINE_ERROR),
        (0x21, ReplyKind.LINE_ERROR),
        (0x23, ReplyKind.READER_ERROR),
        (0x24, ReplyKind.READER_ERROR),
        (0x60, ReplyKind.SAM_FAILED),
        (0x33, ReplyKind.READER_ERROR),  # a code this driver does not know
    ],
)
def test_sw3_codes_map_to_typed_results(sw3: int, kind: ReplyKind) -> None:
    assert Reply(0, 0, sw3).kind is kind


def test_a_reply_with_nonzero_sw1_sw2_is_a_reader_error() -> None:
    assert Reply(0x6A, 0x82, 0x90).kind is ReplyKind.READER_ERROR


TEXT = bytes(range(256))
PHOTO = bytes(255 - (n % 256) for n in range(1024))


def test_a_read_ok_reply_is_1295_bytes_with_text_and_photo() -> None:
    header = hex_bytes("AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
    body_and_lengths = header[5:] + TEXT + PHOTO
    wire = header + TEXT + PHOTO + bytes([_xor(body_and_lengths)])
    assert len(wire) == READ_REPLY_SIZE == 1295
    reply = only_reply(wire)
    assert reply.kind is ReplyKind.OK
    assert split_read_data(reply.data) == (TEXT, PHOTO)
    assert reply_frame(0x90, hex_bytes("01 00 04 00") + TEXT + PHOTO) == wire


def _xor(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


@pytest.mark.parametrize(
    "data",
    [
        hex_bytes("01 00"),
        hex_bytes("01 00 04 00") + TEXT + PHOTO[:-1],  # one photo byte short
        hex_bytes("00 80 04 00") + TEXT[:128] + PHOTO,  # a text block of the wrong size
    ],
)
def test_a_read_reply_whose_lengths_do_not_add_up_is_malformed(data: bytes) -> None:
    with pytest.raises(MalformedReply):
        split_read_data(data)


def test_a_frame_split_into_single_bytes_comes_out_once() -> None:
    parser = FrameParser()
    events = [event for byte in hex_bytes(CARD_FOUND) for event in parser.feed(bytes([byte]))]
    assert events == [Frame(hex_bytes("00 00 9F 00 00 00 00"))]


def test_garbage_before_a_frame_is_reported_and_skipped() -> None:
    parser = FrameParser()
    events = parser.feed(b"\x00\xff\x13junk" + hex_bytes(STATUS_OK))
    assert events == [FrameProblem(Problem.GARBAGE, 7), Frame(hex_bytes("00 00 90"))]


def test_after_a_bad_checksum_the_next_frame_is_still_found() -> None:
    bad = bytearray(hex_bytes(CARD_FOUND))
    bad[-1] ^= 0x01
    parser = FrameParser()
    events = parser.feed(bytes(bad) + hex_bytes(NO_CARD))
    assert [type(e) for e in events] == [FrameProblem, Frame]
    assert events[0] == FrameProblem(Problem.CHECKSUM, len(bad))
    assert parser.problems[Problem.CHECKSUM] == 1 and parser.frames == 1


def test_a_truncated_frame_interrupted_by_a_new_one_loses_only_itself() -> None:
    truncated = hex_bytes(SELECT_OK)[:12]
    parser = FrameParser()
    events = parser.feed(truncated) + parser.feed(hex_bytes(STATUS_OK))
    assert events == [FrameProblem(Problem.TRUNCATED, 12), Frame(hex_bytes("00 00 90"))]


@pytest.mark.parametrize("length", ["00 00", "00 03", "FF FF"])
def test_an_impossible_length_is_reported_and_the_next_frame_found(length: str) -> None:
    parser = FrameParser()
    events = parser.feed(PREAMBLE + hex_bytes(length) + b"\x01\x02" + hex_bytes(NO_CARD))
    assert events[0].kind is Problem.BAD_LENGTH  # type: ignore[union-attr]
    assert events[-1] == Frame(hex_bytes("00 00 80"))


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=200), max_size=20))
def test_random_bytes_never_raise(chunks: list[bytes]) -> None:
    parser = FrameParser()
    for chunk in chunks:
        for event in parser.feed(chunk):
            assert isinstance(event, Frame | FrameProblem)


def _no_preamble(data: bytes) -> bool:
    return PREAMBLE not in data


noise = st.binary(max_size=40).filter(_no_preamble)
bodies = st.tuples(st.sampled_from([0x90, 0x9F, 0x80, 0x41, 0x60]), st.binary(max_size=300)).map(
    lambda sw3_data: bytes([0, 0, sw3_data[0]]) + sw3_data[1]
)


@settings(max_examples=300)
@given(
    st.lists(st.tuples(noise, bodies.filter(_no_preamble)), min_size=1, max_size=8),
    noise,
    st.lists(st.integers(min_value=1, max_value=64), min_size=1, max_size=50),
)
def test_frames_in_noise_split_anywhere_are_all_found_exactly(
    pieces: list[tuple[bytes, bytes]], tail: bytes, cuts: list[int]
) -> None:
    # Noise is anything that holds no preamble: the protocol has no escaping, so a preamble is always a frame start.
    wire = b"".join(junk + frame(body) for junk, body in pieces) + tail
    parser = FrameParser()
    found: list[bytes] = []
    position, cut = 0, 0
    while position < len(wire):
        size = cuts[cut % len(cuts)]
        cut += 1
        found += [e.body for e in parser.feed(wire[position : position + size]) if isinstance(e, Frame)]
        position += size
    assert found == [body for _junk, body in pieces]
    assert not {Problem.CHECKSUM, Problem.BAD_LENGTH, Problem.TRUNCATED} & set(parser.problems)


@settings(max_examples=200)
@given(st.lists(bodies, min_size=1, max_size=5), st.data())
def test_corrupting_one_frame_loses_that_frame_only(frames: list[bytes], data: st.DataObject) -> None:
    wires = [bytearray(frame(body)) for body in frames]
    victim = data.draw(st.integers(min_value=0, max_value=len(wires) - 1))
    position = data.draw(st.integers(min_value=len(PREAMBLE), max_value=len(wires[victim]) - 1))
    wires[victim][position] ^= data.draw(st.integers(min_value=1, max_value=255))
    parser = FrameParser()
    found = [e.body for e in parser.feed(b"".join(bytes(w) for w in wires)) if isinstance(e, Frame)]
    assert found == [body for n, body in enumerate(frames) if n != victim]
