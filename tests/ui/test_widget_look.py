"""The widgets' own look, one at a time: words kept whole, list cards' accent bar inside the rounded outline,
equal home tiles, disabled controls that look disabled, rows that stack, scroll areas that show whole lines, and
the layout probe that `kiosk demo` and tests/ui/test_screen_layout.py rely on."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.layout_probe import broken_words, laid_out_lines, probe
from ui.theme import CALM, HIGH_CONTRAST, Theme, stylesheet
from ui.widgets.actions import ActionRow
from ui.widgets.basics import button, label, set_text
from ui.widgets.grid import ButtonGrid, TextButton
from ui.widgets.scroll import WholeLineScroll
from ui.widgets.tile import Tile
from ui.wrap import JOINER, keep_words, plain


def shown(qtbot: QtBot, widget: QWidget, width: int, height: int, theme: Theme | None = None) -> QWidget:
    widget.setStyleSheet(stylesheet(theme or Theme()))
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def lines_of(widget: QLabel) -> list[str]:
    return [plain(line) for paragraph in laid_out_lines(widget)[0] for line in paragraph]


def test_short_chinese_phrases_and_the_last_two_characters_stay_together() -> None:
    assert plain(keep_words("选择业务，领取排队号")) == "选择业务，领取排队号"
    assert keep_words("不动产登记") == JOINER.join("不动产登记")
    joined = keep_words("扫描小票二维码为服务打分")  # too long to keep whole: its ends stay together
    assert joined.startswith(f"扫{JOINER}描") and joined.endswith(f"打{JOINER}分")
    assert keep_words("Take a number") == "Take a number"


def test_a_wrapping_label_never_leaves_a_character_alone_or_splits_a_name(qtbot: QtBot) -> None:
    box = QWidget()
    column = QVBoxLayout(box)
    kept, raw = label("tile-hint"), QLabel()
    raw.setWordWrap(True)
    raw.setProperty("role", "tile-hint")  # the same type, without the hints
    for widget in (kept, raw):
        column.addWidget(widget)
    set_text(kept, "选择业务，领取排队号")
    raw.setText("选择业务，领取排队号")
    shown(qtbot, box, 300, 400, Theme(elder=True))
    assert kept.text() == "选择业务，领取排队号"  # what the kiosk's code and tests read: no hints in it
    assert lines_of(kept) == ["选择业务，", "领取排队号"]
    assert broken_words(lines_of(raw)), "without the hints Qt splits the phrase (this test would prove nothing)"
    assert not broken_words(lines_of(kept))


def test_the_probe_names_text_cut_short_by_its_box_or_its_parent(qtbot: QtBot) -> None:
    window = QWidget()
    clip = QWidget(window)
    clip.setGeometry(0, 0, 400, 30)  # shorter than the text inside it
    inner = label("body", parent=clip)
    set_text(inner, "需要帮助？请拨打服务热线 12345")
    inner.setGeometry(0, 0, 400, 44)
    squeezed = label("body", parent=window)
    set_text(squeezed, "请核对以上信息。提交后申报保存在本机并发送到大厅，回执随即打印。")
    squeezed.setGeometry(0, 100, 300, 44)  # three lines' worth of words in one line's height
    shown(qtbot, window, 500, 300)
    found = {entry.text: entry for entry in probe(window)}
    assert any("cut" in problem for problem in found["需要帮助？请拨打服务热线 12345"].problems)
    assert any("needs" in problem for problem in found[squeezed.text()].problems)
    assert found["需要帮助？请拨打服务热线 12345"].rect.height == 44


@pytest.mark.parametrize("elder", [False, True])
def test_a_list_cards_accent_bar_follows_its_rounded_corners(qtbot: QtBot, elder: bool) -> None:
    card = TextButton("choice")
    card.set_lines("自助服务\n等候 0 人")
    holder = QWidget()
    QVBoxLayout(holder).addWidget(card)
    shown(qtbot, holder, 600, 200, Theme(elder=elder))
    image = card.grab().toImage()
    primary = QColor((HIGH_CONTRAST if elder else CALM).primary)
    bar = card.property("bar")
    assert bar >= 10
    assert image.pixelColor(3, card.height() // 2) == primary, "the bar is drawn down the left edge"
    assert image.pixelColor(0, 0) != primary, "and stops at the rounded corner"
    # A thick left border bends its inner edge into the corner, a notch; the painted bar's edge stays straight.
    for y in range(2, 16):
        assert image.pixelColor(bar + 2, y) != primary, f"the bar reaches past its edge at y={y}"


@pytest.mark.parametrize("elder", [False, True])
def test_a_disabled_control_is_unmistakable(qtbot: QtBot, elder: bool) -> None:
    holder = QWidget()
    column = QVBoxLayout(holder)
    on, off = TextButton("choice"), TextButton("choice")
    plain_on, plain_off = button("secondary"), button("secondary")
    for widget in (on, off):
        widget.set_lines("社保医保\n暂停取号")
    for widget in (plain_on, plain_off):
        set_text(widget, "上一屏")
    for widget in (on, off, plain_on, plain_off):
        column.addWidget(widget)
    off.setEnabled(False)
    plain_off.setEnabled(False)
    shown(qtbot, holder, 600, 700, Theme(elder=elder))
    palette = HIGH_CONTRAST if elder else CALM
    for enabled, disabled in ((on, off), (plain_on, plain_off)):
        image_on, image_off = enabled.grab().toImage(), disabled.grab().toImage()
        middle = QPoint(image_on.width() - 30, image_on.height() // 2)
        assert image_off.pixelColor(middle) == QColor(palette.disabled_bg) != image_on.pixelColor(middle)
        edge = [image_off.pixelColor(x, 1).name() for x in range(40, image_off.width() - 40)]
        changes = sum(1 for a, b in itertools.pairwise(edge) if a != b)
        assert changes >= 6, "a dashed outline, not only a lighter colour"
        solid = [image_on.pixelColor(x, 1).name() for x in range(40, image_on.width() - 40)]
        assert len(set(solid)) <= 2


def test_home_tiles_side_by_side_are_the_same_size(qtbot: QtBot) -> None:
    grid_widget = QWidget()
    grid = QGridLayout(grid_widget)
    tiles = [Tile(name, "#0b4f9c", lambda: None) for name in ("take_number", "check_in", "filing", "progress")]
    words = [("Take a number", "Choose a service"), ("Appointment check-in", "Scan your QR code or ID card")]
    words += [("Self-service filing", "Fill in the form, photograph the papers"), ("Check progress", "Scan")]
    for index, tile in enumerate(tiles):
        grid.addWidget(tile, index // 2, index % 2)
    shown(qtbot, grid_widget, 1000, 1200)
    for tile, (title, hint) in zip(tiles, words, strict=True):
        tile.show_words(title, hint, "", 96)
    qtbot.waitUntil(lambda: len({(t.width(), t.height()) for t in tiles}) == 1, timeout=2000)


def test_a_row_of_buttons_stacks_when_its_words_do_not_fit(qtbot: QtBot) -> None:
    first, second = button("secondary"), button("primary")
    set_text(first, "Take a number without an ID card")
    set_text(second, "Take a number with my ID card")
    row = ActionRow(first, second)
    holder = QWidget()
    QVBoxLayout(holder).addWidget(row)
    shown(qtbot, holder, 1800, 400)
    assert not row.stacked() and second.x() > first.geometry().right()
    holder.resize(600, 400)
    qtbot.waitUntil(row.stacked, timeout=2000)
    qtbot.waitUntil(lambda: second.y() > first.y() and second.width() <= 600, timeout=2000)


def test_a_scroll_area_ends_between_two_lines_of_text(qtbot: QtBot) -> None:
    scroll = WholeLineScroll()
    body = QWidget()
    column = QVBoxLayout(body)
    for n in range(12):
        text = label("body")
        set_text(text, f"第 {n + 1} 段：" + "本市常住户口居民，居民身份证有效期满或将在三个月内期满。" * 3)
        column.addWidget(text)
    scroll.setWidget(body)
    shown(qtbot, scroll, 500, 700)

    def whole_lines() -> bool:
        seen = [entry for entry in probe(scroll) if entry.kind == "label" and entry.seen is not None]
        return bool(seen) and all(not entry.problems for entry in seen)

    qtbot.waitUntil(lambda: scroll.viewport().height() < 700 and whole_lines(), timeout=3000)
    scroll.page(1)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0 and whole_lines(), timeout=3000)


def test_elder_mode_puts_more_room_between_tap_targets(qtbot: QtBot) -> None:
    spacings = {}
    for elder in (False, True):
        grid = ButtonGrid("choice", lambda _index: None, columns=2)
        grid.show_items(["社保医保", "不动产登记"])
        first, second = button("secondary"), button("primary")
        row = ActionRow(first, second)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(grid)
        column.addWidget(row)
        shown(qtbot, holder, 1000, 800, Theme(elder=elder))
        spacings[elder] = (grid.layout().spacing(), row.box.spacing())
    assert spacings[False] == (20, 24)
    assert all(wide >= 1.5 * normal for wide, normal in zip(spacings[True], spacings[False], strict=True))


def test_one_line_buttons_that_do_not_fit_take_fewer_columns(qtbot: QtBot) -> None:
    grid = ButtonGrid("secondary", lambda _index: None, columns=3)
    holder = QWidget()
    QVBoxLayout(holder).addWidget(grid)
    shown(qtbot, holder, 1000, 900)
    grid.show_items(["Paper out", "Place card 1", "Push the page partly out of the frame", "Scan test code"])

    def fitted() -> bool:
        inside = all(b.geometry().right() <= grid.width() <= holder.width() for b in grid.buttons)
        return inside and all(b.width() >= b.sizeHint().width() for b in grid.buttons)

    qtbot.waitUntil(fitted, timeout=2000)
    assert len({b.y() for b in grid.buttons}) > 2, "fewer columns, more rows"
