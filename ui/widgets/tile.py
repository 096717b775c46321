"""A home-screen tile: a big button with an icon, a title, a hint, and why it is paused when it is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout

from ui.widgets.basics import label, set_text, show_text
from ui.widgets.icons import Icon
from ui.widgets.laid_out import LaidOutButton

TILE_HEIGHT = 340


class Tile(LaidOutButton):
    """Tiles side by side are the same size: each column takes an equal share of the width (whatever the words),
    and every tile is as tall as the tallest of its visible siblings."""

    def __init__(self, screen: str, accent: str, on_click: Callable[[], None]) -> None:
        super().__init__(floor=TILE_HEIGHT)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self.screen_name = screen
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clicked.connect(lambda _checked=False: on_click())
        self.icon_widget = Icon(screen, accent)
        self.title, self.hint, self.paused = label("tile-title"), label("tile-hint"), label("tile-paused")
        column = QVBoxLayout(self)
        column.setContentsMargins(36, 32, 28, 28)
        column.setSpacing(10)
        column.addWidget(self.icon_widget)
        column.addSpacing(8)
        for widget in (self.title, self.hint, self.paused):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(widget)
        column.addStretch(1)

    def show_words(self, title: str, hint: str, paused: str, icon_px: int) -> None:
        set_text(self.title, title)
        set_text(self.hint, hint)
        show_text(self.paused, paused)
        self.icon_widget.set_size(icon_px)
        self.setEnabled(not paused)
        self.equalise()

    def _siblings(self) -> list[Tile]:
        parent = self.parentWidget()
        return [t for t in parent.findChildren(Tile) if not t.isHidden()] if parent is not None else [self]

    def _own_height(self, width: int) -> int:
        return super().heightForWidth(width)

    def equalise(self) -> None:
        """Make every visible tile beside this one as tall as the tallest at this width (a layout asks the tile's
        own layout for its height, so the tiles take it as their least height)."""
        width = self.width()
        if width <= 0:
            return
        tiles = self._siblings()
        tallest = max(tile._own_height(width) for tile in tiles)
        for tile in tiles:
            if tile.minimumHeight() != tallest:
                tile.setMinimumHeight(tallest)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.equalise()

    def labels(self) -> list[QLabel]:
        return [self.title, self.hint, self.paused]
