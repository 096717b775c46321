"""Display width and line breaking: lines never overflow the paper, lose no text, and follow the 禁则 rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.textwidth import CLOSING_MARKS, OPENING_MARKS, display_width, min_content_width, wrap

HAN = "政务服务中心社会保障卡补领不动产登记居民身份证申请材料办理受理号"
CLOSERS = "，。、；：？！）」』》”’…—"
OPENERS = "（「『《“‘"
GUIDE_TEXT = (
    "依据《中华人民共和国社会保险法》第五十八条和GB/T 39734-2020《政务服务评价工作指南》，"
    "申请人可登录https://zwfw.example.gov.cn/guide/12345办理，或拨打12345咨询。"
)


def non_space(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def drawn(line: str) -> int:
    """Characters in the line that take a cell."""
    return sum(1 for ch in line if display_width(ch) > 0)


# Anything at all, including spaces, newlines, combining marks and marks that cannot all be placed by the rules.
any_text = st.text(alphabet=HAN + "abcXYZ019-/.:，。、（）《》“”…—\u0301\u200b \u3000\n\t", max_size=200)

# Text whose marks can always be placed: at most two closing marks after a character, one opening mark before.
clause = st.builds(
    lambda opener, han, closers: opener + han + closers,
    st.sampled_from(["", *OPENERS]),
    st.sampled_from(HAN),
    st.text(alphabet=CLOSERS, max_size=2),
)
latin_word = st.text(alphabet="abcdefXYZ0123456789-/", min_size=1, max_size=20)
placeable_paragraph = st.lists(
    st.tuples(st.one_of(clause, latin_word), st.sampled_from(["", "", " "])), max_size=60
).map(lambda parts: "".join(token + separator for token, separator in parts))


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("A017", 4),
        ("社保医保", 8),
        ("受理号B2026", 11),
        ("（）、。《》", 12),
        ("“”…—·", 10),  # GB18030 two-byte characters: a full-width cell on the printer
        ("e\u0301", 1),
        ("中\u200b文", 4),
        ("ＡＢ１", 6),
    ],
)
def test_display_width_counts_printer_cells(text: str, width: int) -> None:
    assert display_width(text) == width


@given(any_text, st.integers(min_value=1, max_value=40))
def test_no_line_is_wider_than_the_paper_but_a_lone_wide_character(text: str, columns: int) -> None:
    for line in wrap(text, columns):
        assert display_width(line) <= columns or drawn(line) == 1


@given(any_text, st.integers(min_value=1, max_value=40))
def test_wrapping_keeps_every_character_in_order(text: str, columns: int) -> None:
    assert non_space("".join(wrap(text, columns))) == non_space(text)


@given(any_text, st.integers(min_value=1, max_value=40))
def test_no_line_starts_with_a_space_unless_indented_at_its_paragraph_start(text: str, columns: int) -> None:
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        for line in wrap(paragraph, columns)[1:]:
            assert not line[:1].isspace()
            assert not line[-1:].isspace()


@given(placeable_paragraph, st.integers(min_value=8, max_value=48))
def test_closing_marks_never_start_and_opening_marks_never_end_a_line(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    for line in lines[1:]:
        assert line[0] not in CLOSING_MARKS, lines
    for line in lines[:-1]:
        assert line[-1] not in OPENING_MARKS, lines


@given(st.lists(placeable_paragraph, min_size=1, max_size=4), st.integers(min_value=8, max_value=48))
def test_each_newline_starts_a_new_line(paragraphs: list[str], columns: int) -> None:
    assert wrap("\n".join(paragraphs), columns) == [line for p in paragraphs for line in wrap(p, columns)]


def test_empty_text_is_one_empty_line() -> None:
    assert wrap("", 32) == [""]
    assert wrap("   ", 32) == [""]


def test_chinese_breaks_between_any_two_characters() -> None:
    assert wrap("社会保障卡补领业务", 8) == ["社会保障", "卡补领业", "务"]


def test_a_closing_mark_pulls_the_character_before_it_down() -> None:
    assert wrap("一二三四。", 8) == ["一二三", "四。"]
    assert wrap("材料齐全……请稍候", 10) == ["材料齐", "全……请稍", "候"]


def test_an_opening_mark_moves_down_with_the_character_after_it() -> None:
    assert wrap("一二三（四）", 8) == ["一二三", "（四）"]
    assert wrap("请携带《申请表》", 8) == ["请携带", "《申请", "表》"]


def test_numbers_and_words_stay_whole() -> None:
    assert wrap("受理号12345已生成", 8) == ["受理号", "12345已", "生成"]
    assert wrap("apply now please", 9) == ["apply now", "please"]


def test_a_standard_number_stays_with_its_prefix() -> None:
    assert wrap("依据GB/T 39734-2020", 16) == ["依据", "GB/T 39734-2020"]
    assert wrap("GB/T 39734-2020", 12) == ["GB/T", "39734-2020"]


def test_a_word_longer_than_the_line_is_broken_hard() -> None:
    # The URL starts a fresh line, then breaks where it must; "." cannot start a line, so "e." moves down.
    assert wrap("请访问 https://zwfw.example.gov.cn/guide 查询", 20) == [
        "请访问",
        "https://zwfw.exampl",
        "e.gov.cn/guide 查询",
    ]


def test_a_character_wider_than_the_line_gets_a_line_of_its_own() -> None:
    assert wrap("中文", 1) == ["中", "文"]
    assert wrap("ab中", 1) == ["a", "b", "中"]


def test_indentation_is_kept_and_break_spaces_are_dropped() -> None:
    assert wrap("  第一条  申请人应当如实提交材料", 16) == ["  第一条  申请人", "应当如实提交材料"]


@pytest.mark.parametrize("columns", [16, 24, 32, 48])
def test_real_guide_text_at_every_paper_and_size(columns: int) -> None:
    lines = wrap(GUIDE_TEXT, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert non_space("".join(lines)) == non_space(GUIDE_TEXT)
    assert all(line[0] not in CLOSING_MARKS and line[-1] not in OPENING_MARKS for line in lines)
    joined = "|".join(lines)
    assert "GB/T 39734-2020" in joined
    assert re.search(r"拨打\|?12345\|?咨询", joined), lines


def test_the_url_stays_whole_where_the_line_holds_it() -> None:
    assert any("https://zwfw.example.gov.cn/guide/12345" in line for line in wrap(GUIDE_TEXT, 48))


def test_min_content_width_is_the_widest_piece_kept_whole() -> None:
    assert min_content_width("社会保障卡") == 2
    assert min_content_width("材料齐全。") == 4
    assert min_content_width("编号 GB/T 39734-2020") == 15
    assert min_content_width("") == 0


def test_columns_must_be_positive() -> None:
    with pytest.raises(ValueError, match="column"):
        wrap("中文", 0)
