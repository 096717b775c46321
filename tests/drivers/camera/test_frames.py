"""The synthetic frame set: labelled, reproducible, and carrying the payload bytes exactly as given."""

from __future__ import annotations

import numpy as np

from drivers.camera.frames import CONDITIONS, EMPTY_KINDS, PAYLOADS, frame_set, qr_modules, render_frame


def test_given_the_same_seed_when_generated_twice_then_the_pixels_are_identical() -> None:
    first = render_frame(PAYLOADS["url"], CONDITIONS["skewed"], rng=np.random.default_rng(5))
    second = render_frame(PAYLOADS["url"], CONDITIONS["skewed"], rng=np.random.default_rng(5))

    assert np.array_equal(first, second)
    assert first.shape == (480, 640)
    assert first.dtype == np.dtype(np.uint8)


def test_given_a_frame_set_then_every_payload_meets_every_condition_and_empty_frames_expect_nothing() -> None:
    frames = frame_set(seed=1, repeats=1, empty=1)

    labelled = {(f.payload, f.condition) for f in frames if f.expected is not None}
    empty = [(f.condition, f.expected) for f in frames if f.expected is None]
    assert labelled == {(p, c) for p in PAYLOADS for c in CONDITIONS}
    assert empty == [(kind, None) for kind in EMPTY_KINDS]


def test_given_the_gbk_payload_then_it_is_not_utf8_so_it_tests_the_gb18030_fallback() -> None:
    gbk = PAYLOADS["gbk_chinese"]

    assert gbk.startswith(bytes.fromhex("d4a4 d4bc"))  # 预约 in GBK
    assert PAYLOADS["utf8_chinese"].startswith(bytes.fromhex("e9a284 e7baa6"))  # 预约 in UTF-8
    assert gbk.decode("gbk") == PAYLOADS["utf8_chinese"].decode("utf-8")


def test_given_a_payload_when_drawn_then_it_is_a_qr_code_with_a_four_module_quiet_zone() -> None:
    modules = qr_modules(b"A017")

    assert modules.shape == (29, 29)  # version 1: 21 modules + 2 x 4 quiet
    assert not modules[:4].any() and not modules[:, :4].any()
    assert modules[4:11, 4].all()  # left edge of the top-left finder pattern
