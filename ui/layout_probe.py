"""What is on screen, measured: every visible tap target and text with its place in the window, and whether its
text fits (cut by its own height or width, by a parent, by the window's edge or a scroll area's viewport; a short
phrase or a word broken across lines; one character left alone on a line).

`kiosk demo` records this beside each screenshot (``NNN-variant-scene.json``); tests/ui/test_screen_layout.py
checks it on every screen in every mode.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from ui.wrap import SHORT_PHRASE, plain

TOLERANCE_PX = 2  # anti-aliasing and rounding: a text this much over its box is not cut
# Between two characters of one of these runs, a line break splits a word or a short phrase.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
HAN_END, HAN_START = re.compile(f"[{HAN}]+$"), re.compile(f"[{HAN}]+")


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @classmethod
    def of(cls, rect: QRect) -> Box:
        return cls(rect.x(), rect.y(), rect.width(), rect.height())

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def right(self) -> int:
        return self.x + self.width


@dataclass
class Shown:
    """One visible widget a person reads or taps."""

    kind: str  # "button" or "label"
    widget: str  # its class and role, e.g. "TextButton[choice]"
    text: str
    rect: Box  # in window coordinates
    seen: Box | None  # the part not hidden by a parent, the window's edge or a scroll viewport
    role: str = ""
    enabled: bool = True
    in_scroll: bool = False  # inside a scroll area's viewport
    text_box: Box | None = None  # where a label's text itself is drawn (its alignment places it in the label)
    lines: list[str] = field(default_factory=list)  # a label's text as it is laid out, line by line
    problems: list[str] = field(default_factory=list)  # why its text does not fit

    def describe(self) -> str:
        return f"{self.widget} {self.text!r} at {asdict(self.rect)}"


def _window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _seen(widget: QWidget, window: QWidget, rect: QRect) -> tuple[QRect, bool]:
    """The part of ``rect`` every ancestor lets through, and whether a scroll viewport is one of them."""
    seen, in_scroll = QRect(rect), False
    parent = widget.parentWidget()
    while parent is not None:
        seen = seen.intersected(_window_rect(parent, window))
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            in_scroll = True
        if parent is window:
            break
        parent = parent.parentWidget()
    return seen, in_scroll


def _role(widget: QWidget) -> str:
    role = widget.property("role")
    return role if isinstance(role, str) else ""


def _name(widget: QWidget) -> str:
    role = _role(widget)
    return type(widget).__name__ + (f"[{role}]" if role else "")


def laid_out_lines(label: QLabel) -> tuple[list[list[str]], int, int]:
    """The label's paragraphs broken into lines as Qt breaks them at its width; the height and width they need."""
    text = QLabel.text(label)  # as drawn, with its break hints (a TextLabel's text() leaves them out)
    width = label.contentsRect().width() - 2 * label.margin()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap if label.wordWrap() else QTextOption.WrapMode.NoWrap)
    paragraphs: list[list[str]] = []
    height, widest = 0.0, 0.0
    metrics_height = label.fontMetrics().height()
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, label.font())
        layout.setTextOption(option)
        layout.beginLayout()
        lines, y = [], 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1))
            line.setPosition(QPointF(0, y))
            y += line.height()
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        paragraphs.append(lines)
        height += max(layout.boundingRect().height(), metrics_height)
    return paragraphs, round(height), round(widest)


def broken_words(lines: list[str]) -> list[str]:
    """Line ends that split a short Chinese phrase or a word, or leave one Chinese character alone on a line."""
    found = []
    for before, after in itertools.pairwise(lines):
        if plain(before)[-1:] in {" ", "-", "/", "\u00a0"}:
            continue  # a break at a space or a hyphen: where lines are meant to break
        head, tail = plain(before).rstrip(), plain(after).lstrip()
        left, right = HAN_END.search(head), HAN_START.match(tail)
        if left and right:
            if len(right.group()) == 1 and not re.search(r"\w", tail[1:]):
                found.append(f"one character alone on a line: {left.group()} / {right.group()}")
            elif len(left.group()) + len(right.group()) <= SHORT_PHRASE:
                found.append(f"phrase broken: {left.group()} / {right.group()}")
        elif re.search(r"[A-Za-z]$", head) and re.match(r"[A-Za-z]", tail):
            found.append(f"word broken: {head.split()[-1]} / {tail.split()[0]}")
    return found


def _paragraph_breaks(paragraphs: list[list[str]]) -> list[str]:
    found = []
    for lines in paragraphs:
        found.extend(broken_words(lines))
    return found


def _on_line_edge(offset: int, step: int, whole: int) -> bool:
    if offset <= TOLERANCE_PX or abs(offset - whole) <= TOLERANCE_PX:
        return True
    return min(offset % step, step - offset % step) <= TOLERANCE_PX


def _label_problems(label: QLabel, rect: QRect, seen: QRect, in_scroll: bool) -> tuple[list[str], list[str], Box]:
    paragraphs, needed, widest = laid_out_lines(label)
    lines = [plain(line) for paragraph in paragraphs for line in paragraph]
    problems = []
    box = label.contentsRect()
    if needed > box.height() + TOLERANCE_PX:
        problems.append(f"needs {needed} px high for {len(lines)} line(s), has {box.height()}")
    if widest > box.width() - 2 * label.margin() + TOLERANCE_PX:
        problems.append(f"needs {widest} px wide, has {box.width()}")
    if label.text().endswith("…") and not label.property("data"):
        problems.append("elided")
    # The text's own box: where alignment puts the lines inside the label.
    top = rect.y() + box.y()
    align = label.alignment()
    spare = box.height() - needed
    if spare > 0:
        if align & Qt.AlignmentFlag.AlignBottom:
            top += spare
        elif align & Qt.AlignmentFlag.AlignVCenter or not align & Qt.AlignmentFlag.AlignTop:
            top += spare // 2
    left, wide = rect.x() + box.x(), min(widest, box.width())
    if align & Qt.AlignmentFlag.AlignRight:
        left += box.width() - wide
    elif align & Qt.AlignmentFlag.AlignHCenter:
        left += (box.width() - wide) // 2
    text_box = QRect(left, top, wide, min(needed, box.height()))
    visible = seen.intersected(text_box)
    if visible.height() and visible.height() < text_box.height() - TOLERANCE_PX:
        # In a scroll area, the rest of a text can be scrolled to: only a line cut through its glyphs is a fault.
        step, whole = label.fontMetrics().lineSpacing(), text_box.height()
        start, end = visible.y() - text_box.y(), visible.y() + visible.height() - text_box.y()
        if not (in_scroll and _on_line_edge(start, step, whole) and _on_line_edge(end, step, whole)):
            problems.append(f"cut: {visible.height()} of {text_box.height()} px of its text can be seen")
    problems.extend(_paragraph_breaks(paragraphs))
    return lines, problems, Box.of(text_box)


def _button_problems(button: QAbstractButton) -> list[str]:
    if button.layout() is not None or not button.text():
        return []  # a button of labels: its labels are measured themselves
    needed = button.sizeHint().width()
    if needed > button.width() + TOLERANCE_PX:
        return [f"needs {needed} px wide for its text, has {button.width()}"]
    return []


def probe(window: QWidget) -> list[Shown]:
    """Every visible button and every visible label with text in ``window``, in the order Qt holds them."""
    shown: list[Shown] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not widget.isVisible():
            continue
        is_button = isinstance(widget, QAbstractButton)
        if not is_button and not (isinstance(widget, QLabel) and widget.text()):
            continue
        widget.ensurePolished()
        rect = _window_rect(widget, window)
        seen, in_scroll = _seen(widget, window, rect)
        entry = Shown(
            kind="button" if is_button else "label",
            widget=_name(widget),
            text=plain(_text(widget)),
            rect=Box.of(rect),
            seen=Box.of(seen) if not seen.isEmpty() else None,
            role=_role(widget),
            enabled=widget.isEnabled(),
            in_scroll=in_scroll,
        )
        if isinstance(widget, QLabel):
            entry.lines, entry.problems, entry.text_box = _label_problems(widget, rect, seen, in_scroll)
        elif isinstance(widget, QAbstractButton):
            entry.problems = _button_problems(widget)
        shown.append(entry)
    return shown


def _text(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton) and widget.layout() is not None:
        parts = [child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget) and child.text()]
        return "\n".join(parts)
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    return ""


def as_json(shown: list[Shown]) -> list[dict[str, Any]]:
    return [asdict(entry) for entry in shown]
