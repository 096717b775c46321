"""A scroll area that never shows a line of text cut through its glyphs.

Where a text runs past the bottom edge, the visible part ends between two of its lines instead (the area's
lower margin grows by less than a line, showing the background); paging moves by the visible height, so the
next page starts with the first line not yet read; paging back, or scrolling to show a control, starts on a whole
line too (a finger dragging the page moves it freely).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QScroller, QWidget

RECHECK_MS = 150  # after the area was drawn; a live picture inside it is drawn many times a second


def text_offset(label: QLabel) -> tuple[int, int]:
    """Where the label's text starts below its top (its alignment places it), and how tall the text is."""
    box = label.contentsRect()
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    needed = min(max(needed, 0) or box.height(), box.height())
    spare = box.height() - needed
    align = label.alignment()
    if align & Qt.AlignmentFlag.AlignTop:
        spare = 0
    elif not align & Qt.AlignmentFlag.AlignBottom:
        spare //= 2
    return box.top() + spare, needed


def line_edges(label: QLabel, top: int) -> list[int]:
    """Where the lines of ``label`` (whose top is at ``top``) begin and end, top to bottom."""
    step = label.fontMetrics().lineSpacing()
    offset, needed = text_offset(label)
    edges = []
    y = top + offset
    while y <= top + offset + needed:
        edges.append(y)
        y += step
    return edges


class WholeLineScroll(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._cut = 0
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self.fit_lines)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self.fit_lines())
        self.viewport().installEventFilter(self)

    def _scrolled(self, value: int) -> None:
        moving = QScroller.hasScroller(self.viewport()) and QScroller.scroller(self.viewport()).state() in {
            QScroller.State.Dragging,
            QScroller.State.Scrolling,
        }
        start = value if moving else self._line_start_at(value)
        if start != value:
            self.verticalScrollBar().setValue(start)  # scrolled to show a control: start on a whole line
            return
        self.fit_lines()

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() in {QEvent.Type.Resize, QEvent.Type.LayoutRequest}:
            QTimer.singleShot(0, self, self.fit_lines)  # once the content's layout has placed its texts
        elif watched is self.viewport() and event.type() == QEvent.Type.Paint and not self._recheck.isActive():
            self._recheck.start()  # a text deeper inside may have moved: check soon (not on every frame drawn)
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_lines()

    def _labels(self) -> list[QLabel]:
        body = self.widget()
        if body is None:
            return []
        return [w for w in body.findChildren(QLabel) if w.isVisibleTo(body) and w.text()]

    def _label_top(self, label: QLabel) -> int:
        """The label's top in the viewport's coordinates (before any margin this area adds)."""
        body = self.widget()
        assert body is not None
        return label.mapTo(body, QPoint(0, 0)).y() - self.verticalScrollBar().value()

    def fit_lines(self) -> None:
        """End the visible part between two lines of whatever text crosses the bottom edge."""
        cut = self._cut_now()
        if cut != self._cut:
            self._cut = cut
            self.setViewportMargins(0, 0, 0, cut)

    def _cut_now(self) -> int:
        """How far above the bottom edge the visible part must end so that it ends between lines of every text."""
        full = self.height() - self.frameWidth() * 2
        if self.verticalScrollBar().maximum() <= 0:
            return 0
        texts = [line_edges(label, self._label_top(label)) for label in self._labels()]
        end, moved = full, True
        while moved:  # texts side by side break at different heights: move up until every one breaks here
            moved = False
            for edges in texts:
                if edges and edges[0] < end < edges[-1]:
                    start = max(edge for edge in edges if edge <= end)
                    end, moved = start, moved or start != end
        return 0 if end <= 0 else full - end

    def page(self, direction: int) -> None:
        """Forward: the first line not shown comes to the top. Back: the same height up, onto a whole line."""
        bar = self.verticalScrollBar()
        step = self.viewport().height()
        target = bar.value() + direction * step
        if direction < 0:
            target = self._line_start_at(max(target, 0))
        bar.setValue(target)

    def _line_start_at(self, y: int) -> int:
        """The start of the line of text at content height ``y`` (or ``y`` itself between texts)."""
        body = self.widget()
        if body is None:
            return y
        for label in self._labels():
            edges = line_edges(label, label.mapTo(body, QPoint(0, 0)).y())
            if edges and edges[0] < y < edges[-1]:
                return max(edge for edge in edges if edge <= y)
        return y
