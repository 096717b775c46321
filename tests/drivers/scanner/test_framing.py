"""Serial framing: where a code ends (CR, CR LF, silence), empty lines, over-long input and junk, in any chunks."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.scanner.framing import CodeFraming, Frame

A017 = bytes.fromhex("41 30 31 37")  # "A017"
B42 = bytes.fromhex("42 34 32")  # "B42"
JUNK = bytes.fromhex("00 FF 13 FE 80 81 9A")


def frame_all(chunks: list[bytes], *, max_bytes: int = 4096, end_with_silence: bool = True) -> list[Frame]:
    """Feed the chunks 1 ms apart, then let the line go quiet."""
    framing = CodeFraming(silence=0.1, max_bytes=max_bytes)
    frames: list[Frame] = []
    for i, chunk in enumerate(chunks):
        frames += framing.feed(chunk, i * 0.001)
    if end_with_silence:
        frames += framing.poll(len(chunks) * 0.001 + 1.0)
    return frames


def raws(frames: list[Frame]) -> list[bytes]:
    return [f.raw for f in frames]


@pytest.mark.parametrize("suffix", ["0D", "0D 0A"], ids=["CR", "CR LF"])
def test_given_a_suffix_when_codes_arrive_then_each_ends_at_its_suffix(suffix: str) -> None:
    stream = A017 + bytes.fromhex(suffix) + B42 + bytes.fromhex(suffix)
    assert raws(frame_all([stream], end_with_silence=False)) == [A017, B42]


def test_given_no_suffix_when_the_line_goes_quiet_then_the_code_ends() -> None:
    framing = CodeFraming(silence=0.1)
    assert framing.feed(A017, now=10.0) == []
    assert framing.poll(now=10.05) == []  # a pause shorter than the silence is still inside the code
    assert framing.feed(bytes.fromhex("2D 39"), now=10.06) == []
    assert framing.poll(now=10.2) == [Frame(A017 + b"-9", 6)]
    assert framing.poll(now=11.0) == []  # ended once


def test_given_cr_lf_split_across_chunks_then_the_lf_does_not_start_a_code() -> None:
    framing = CodeFraming()
    assert framing.feed(A017 + bytes.fromhex("0D"), 0.0) == [Frame(A017, 4)]
    assert framing.feed(bytes.fromhex("0A") + B42 + bytes.fromhex("0D"), 0.001) == [Frame(B42, 3)]
    assert framing.poll(5.0) == []


def test_an_lf_inside_a_code_is_data() -> None:
    assert raws(frame_all([bytes.fromhex("4C 31 0A 4C 32 0D")])) == [bytes.fromhex("4C 31 0A 4C 32")]


def test_empty_lines_give_nothing() -> None:
    assert frame_all([bytes.fromhex("0D 0D 0A 0D 0D 0A 0A 0D")]) == []


@pytest.mark.parametrize("split", range(1, len(A017 + b"\r\n" + B42 + b"\r\n")))
def test_given_codes_split_at_any_point_then_the_same_codes_come_out(split: int) -> None:
    stream = A017 + b"\r\n" + B42 + b"\r\n"
    assert raws(frame_all([stream[:split], stream[split:]])) == [A017, B42]


def test_given_every_byte_in_its_own_chunk_then_the_same_codes_come_out() -> None:
    stream = A017 + b"\r" + B42 + b"\r\n" + A017
    assert raws(frame_all([bytes([b]) for b in stream])) == [A017, B42, A017]


def test_a_code_of_exactly_4096_bytes_is_a_code() -> None:
    code = b"7" * 4096
    [frame] = frame_all([code + b"\r"])
    assert frame.readable and frame.raw == code


def test_given_over_4096_bytes_without_a_terminator_then_one_too_long_frame_and_the_next_code_is_fine() -> None:
    frames = frame_all([b"9" * 3000, b"9" * 3000, b"\r\n" + A017 + b"\r"])
    assert len(frames) == 2
    assert not frames[0].readable and frames[0].size == 6000 and frames[0].raw == b""
    assert "longer than 4096 bytes" in (frames[0].problem or "") and "码太长" in (frames[0].problem or "")
    assert frames[1] == Frame(A017, 4)


def test_an_over_long_code_without_suffix_ends_at_the_silence() -> None:
    framing = CodeFraming(silence=0.1, max_bytes=8)
    assert framing.feed(b"0123456789AB", 0.0) == []
    [frame] = framing.poll(1.0)
    assert not frame.readable and frame.size == 12
    assert framing.feed(A017 + b"\r", 2.0) == [Frame(A017, 4)]


def test_binary_junk_between_terminators_is_a_frame_of_its_own_bytes() -> None:
    assert raws(frame_all([JUNK + b"\r" + A017 + b"\r"])) == [JUNK, A017]


def test_reset_forgets_half_a_code() -> None:
    framing = CodeFraming()
    framing.feed(b"half", 0.0)
    framing.reset()
    assert framing.feed(A017 + b"\r", 0.1) == [Frame(A017, 4)]


# -- properties -------------------------------------------------------------------------------------------------
codes = st.binary(min_size=1, max_size=40).filter(lambda b: b"\r" not in b and not b.startswith(b"\n"))
suffixes = st.sampled_from([b"\r", b"\r\n"])


@given(st.binary(max_size=2000), st.lists(st.integers(min_value=0, max_value=2000), max_size=10))
@settings(max_examples=300)
def test_random_bytes_in_random_chunks_never_raise_and_nothing_is_longer_than_allowed(
    data: bytes, cuts: list[int]
) -> None:
    frames = frame_all(_cut(data, cuts), max_bytes=64)
    assert all(len(f.raw) <= 64 for f in frames)
    assert all(f.readable == (f.size <= 64) for f in frames)


@given(st.lists(st.tuples(codes, suffixes), min_size=1, max_size=20), st.binary(max_size=30))
def test_every_code_between_terminators_is_found_exactly_once(pairs: list[tuple[bytes, bytes]], noise: bytes) -> None:
    # Whatever noise came before (a half code from power-up), the first CR ends it.
    noise = noise.replace(b"\r", b"").lstrip(b"\n")
    stream = noise + b"\r" + b"".join(code + suffix for code, suffix in pairs)
    found = raws(frame_all([stream]))
    assert found[-len(pairs) :] == [code for code, _ in pairs]
    assert len(found) == len(pairs) + (1 if noise else 0)


@given(st.binary(max_size=3000), st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
def test_chunking_does_not_change_the_result(data: bytes, cuts: list[int]) -> None:
    assert frame_all(_cut(data, cuts), max_bytes=100) == frame_all([data], max_bytes=100)


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    return [data[a:b] for a, b in itertools.pairwise(points)]
