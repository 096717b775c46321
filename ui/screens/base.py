"""A screen: built once, re-rendered from the kiosk's state after every change; steps are pages of a stack."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.flows.flow import Flow
from ui.context import UiContext
from ui.widgets.basics import DATA, label
from ui.widgets.scroll import WholeLineScroll

F = TypeVar("F", bound=Flow)

MARGIN = 48


class Screen(QWidget):
    def __init__(self, ui: UiContext) -> None:
        super().__init__()
        self.ui = ui
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(MARGIN, 36, MARGIN, 24)
        self.column.setSpacing(28)
        self.title = label("title")
        self.column.addWidget(self.title)

    def show_state(self) -> None:
        """Show the kiosk's current state in the current language."""

    def forget(self) -> None:
        """The screen was left: wipe what it showed of the citizen (names, numbers, search text) from its labels,
        so nothing of theirs stays in the widgets' memory either."""
        for widget in self.findChildren(QLabel):
            if widget.property(DATA):
                widget.clear()


class Page(QWidget):
    """One step's page: its content, scrolling when it must, over its actions, which never scroll away."""

    def __init__(self, scroll: WholeLineScroll) -> None:
        super().__init__()
        self.content = scroll
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(28)
        column.addWidget(scroll, 1)
        self.action_rows = QVBoxLayout()
        self.action_rows.setSpacing(24)
        column.addLayout(self.action_rows)


class FlowScreen(Screen, Generic[F]):
    """A screen whose state lives in one flow type; its steps are pages of ``self.pages``."""

    flow_type: type[F]

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        self.pages = QStackedWidget()
        self.column.addWidget(self.pages, 1)
        self._by_step: dict[str, QWidget] = {}

    def page(self, *steps: str) -> QVBoxLayout:
        """A new page shown for these steps; returns its column to fill.

        Each page's content sits in a scroll area: a page taller than the screen (long text in elder mode) scrolls
        instead of stretching the window, and the tallest page does not set the height of the others. A row of
        actions added with ``panels.button_row`` stays below the scroll area, always in view.
        """
        widget = QWidget()
        column = QVBoxLayout(widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(28)
        scroll = WholeLineScroll()  # a text running past the bottom edge shows whole lines only
        scroll.setWidget(widget)
        page = Page(scroll)
        column.actions = page.action_rows  # type: ignore[attr-defined]  # where button_row puts its row
        self.pages.addWidget(page)
        for step in steps:
            self._by_step[step] = page
        return column

    def show_step(self, step: str) -> None:
        widget = self._by_step[step]
        if self.pages.currentWidget() is not widget:
            self.pages.setCurrentWidget(widget)

    @property
    def flow(self) -> F | None:
        flow = self.ui.kiosk.flow
        return flow if isinstance(flow, self.flow_type) else None

    def show_state(self) -> None:
        flow = self.flow
        if flow is not None:
            self.render_flow(flow)

    def render_flow(self, flow: F) -> None:
        raise NotImplementedError
