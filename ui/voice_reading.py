"""What the voice-guided mode reads off the window: a button's words, a page's title and messages, the items a
keyboard moves through. Reads the widgets as they are shown, so every screen is read without code of its own."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from devices.words import Language, Words
from kiosk.flows.navigation import HOME
from ui.screens.base import FlowScreen
from ui.widgets.grid import TextButton
from ui.widgets.tile import Tile
from ui.wrap import plain

MESSAGE_ROLES = {"message", "warn-text", "good"}  # a refusal, a warning, a result: said whenever it appears
CHOICES = Words("可选：{items}。", "Choices: {items}.")
SERVICES = Words("共{n}项：{items}。", "{n} choices: {items}.")
MOST_CHOICES = 10  # a longer list is not read out: the citizen moves through it


def words_of(widget: QWidget) -> str:
    """What a person reads on a button or label, one line per line (a tile's title and hint)."""
    if isinstance(widget, TextButton | Tile):
        return "\n".join(plain(part.text()) for part in widget.labels() if part.text() and part.isVisible())
    if isinstance(widget, QLabel | QPushButton):
        return plain(widget.text())
    return ""


def button_of(widget: QWidget | None, top: QWidget) -> QPushButton | None:
    """The button a tap on ``widget`` presses (a label inside a tile presses the tile), if any."""
    while widget is not None and widget is not top:
        if isinstance(widget, QPushButton):
            return widget
        widget = widget.parentWidget()
    return None


def inside_button(widget: QWidget, top: QWidget) -> bool:
    return button_of(widget.parentWidget(), top) is not None


def in_reading_order(widgets: list[QWidget], top: QWidget) -> list[QWidget]:
    """Top to bottom, then left to right, as the glass shows them."""

    def place(widget: QWidget) -> tuple[int, int]:
        spot = widget.mapTo(top, QPoint(0, 0))
        return (spot.y() // 8, spot.x())

    return sorted(widgets, key=place)


def shown_labels(root: QWidget, top: QWidget) -> list[QLabel]:
    found = [
        widget
        for widget in root.findChildren(QLabel)
        if widget.isVisible() and plain(widget.text()).strip() and not inside_button(widget, top)
    ]
    return [widget for widget in in_reading_order(list(found), top) if isinstance(widget, QLabel)]


def shown_buttons(root: QWidget, top: QWidget) -> list[QPushButton]:
    found = [widget for widget in root.findChildren(QPushButton) if widget.isVisible() and words_of(widget)]
    return [widget for widget in in_reading_order(list(found), top) if isinstance(widget, QPushButton)]


def first_line(widget: QWidget) -> str:
    return words_of(widget).split("\n")[0]


def page_of(screen: QWidget) -> QWidget:
    """The step's page showing now (a flow screen's current page), or the screen itself."""
    if isinstance(screen, FlowScreen):
        current = screen.pages.currentWidget()
        if current is not None:
            return current
    return screen


def screen_reading(screen_name: str, screen: QWidget, top: QWidget, language: Language) -> list[str]:
    """The title, then what the page says, then (a short list) what can be chosen on it. Home: the title and the
    services, not the hours table (a tap on 取号 has each queue)."""
    title = getattr(screen, "title", None)
    parts = [plain(title.text())] if isinstance(title, QLabel) and title.isVisible() else []
    page = page_of(screen)
    choices = [first_line(widget) for widget in shown_buttons(page, top)]
    if screen_name == HOME:
        items = "、" if language == "zh_CN" else ", "
        parts.append(SERVICES.pick(language).format(n=len(choices), items=items.join(choices)))
        return parts
    parts += [plain(widget.text()) for widget in shown_labels(page, top)]
    if 1 < len(choices) <= MOST_CHOICES:
        items = "、" if language == "zh_CN" else ", "
        parts.append(CHOICES.pick(language).format(items=items.join(choices)))
    return parts


def messages(roots: list[QWidget], top: QWidget) -> list[str]:
    """The refusals, warnings and results showing now, in reading order."""
    found: list[str] = []
    for root in roots:
        for widget in shown_labels(root, top):
            if widget.property("role") in MESSAGE_ROLES:
                found.append(plain(widget.text()))
    return found


def joined(parts: list[str], language: Language) -> str:
    stop = "。" if language == "zh_CN" else ". "
    said = [part.strip().rstrip("。.") for part in parts if part.strip()]
    text = ""
    for part in said:
        ends = part[-1] in "！？!?"  # a question or an exclamation keeps its own mark
        text += part + ("" if ends else stop) + (" " if ends and language != "zh_CN" else "")
    return text.strip()
