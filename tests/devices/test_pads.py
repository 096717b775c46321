"""The pad model: which keys are ratings, and which views a pad can show."""

from __future__ import annotations

import pytest

from devices.pads import PadKey, PadMode, PadView, PadViewError, is_rating, key_text


def test_only_the_five_citizen_keys_are_ratings() -> None:
    assert [code for code in range(0, 64) if is_rating(code)] == [1, 2, 3, 4, 5]
    assert not is_rating(PadKey.CALL_NEXT)


def test_key_text_is_bilingual_and_names_unknown_codes() -> None:
    assert key_text(16) == "叫号 / call next"
    assert key_text(42) == "未知按键 / unknown key 42"


def test_a_view_with_a_ticket_number_up_to_six_ascii_characters() -> None:
    view = PadView(window=3, mode=PadMode.SERVING, number="A017", staff=1024)
    assert (view.window, view.mode, view.number, view.staff) == (3, PadMode.SERVING, "A017", 1024)
    assert PadView(3, PadMode.IDLE, "ABCDEF").number == "ABCDEF"


@pytest.mark.parametrize(
    ("window", "number", "staff", "words"),
    [
        (3, "A0170001", 0, "too long"),
        (3, "号A017", 0, "printable ASCII"),
        (3, "A\x00", 0, "printable ASCII"),
        (70000, "A017", 0, "window must be 0 to 65535"),
        (3, "A017", -1, "staff must be 0 to 65535"),
    ],
)
def test_a_view_no_pad_can_show_is_refused_in_both_languages(window: int, number: str, staff: int, words: str) -> None:
    with pytest.raises(PadViewError, match=words) as error:
        PadView(window, PadMode.SERVING, number, staff)
    assert " / " in str(error.value)
