"""Home: a greeting, one big tile per service (paused ones greyed with why), each category's hours and state, and
the hotline; all of it on one screen without scrolling (docs/ui.md, "The home screen fits without scrolling").

Out of hours, what works now leads and a line says when the staffed windows open; with the hall away, the paused
tiles say so on themselves and the help card says the rest once. The four most used services show (three in
elder mode), the rest behind 更多服务. Portrait puts the cards under the tiles; landscape beside them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLayout, QScrollArea, QVBoxLayout, QWidget

from devices.words import Words
from kiosk.flows.home import HomeFlow, HomeStep
from kiosk.flows.home_words import MORE_SERVICES, more_hint
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import MARGIN, FlowScreen, Page
from ui.screens.home_parts import HelpCard, HoursCard, phrase_lines
from ui.theme import ACCENTS
from ui.widgets.basics import button, frame, label, set_text, show_text
from ui.widgets.tile import Tile

MORE = "more"
SPACING = 24
SCREEN_WIDTH = {"portrait": 1080, "landscape": 1920}
TILE_SIDE = (36, 28)  # a tile's left and right margins (ui/widgets/tile.py)
TILE_ENDS = (32, 28)  # and its top and bottom ones
# How home makes room when its content is taller than the glass (long English words, elder mode, a hall with many
# categories), least loss first: the hours table without the hours (each state still says when it opens or how
# many wait); smaller icons and tile titles; tighter tiles; the tiles without their usual hints (a paused tile keeps
# its reason, and a tile its out-of-hours note); no icons; last, no hours table (the categories' hours and queues
# are one tap away, on 取号's list; landscape elder mode in English needs it).
FIT_LEVELS = 5
LAST_LEVEL = FIT_LEVELS + 1


class HomeScreen(FlowScreen[HomeFlow]):
    flow_type = HomeFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        self.column.setSpacing(SPACING)
        self.landscape = ui.orientation == "landscape"
        self._sides: tuple[QVBoxLayout, QVBoxLayout] | None = None
        column = self.page(HomeStep.MAIN)
        column.setSpacing(SPACING)
        self._main = column
        self.tiles: dict[str, Tile] = {}
        for screen, _tile in ui.kiosk.registry.tiles():
            self.tiles[screen] = self._tile(screen, partial(ui.go, screen))
        self.tiles[MORE] = self._tile(MORE, lambda: ui.act(self._show_more))
        self.notice_card, notice = frame("card", margins=24, spacing=4)
        self.notice = label("subtitle")
        notice.addWidget(self.notice)
        self.grid, grid_holder = self._grid()
        self.hours = HoursCard(stacked=self.landscape)
        self.help = HelpCard()
        if self.landscape:  # the tiles on the left; beside them when the windows open, the hours and the hotline
            row = QHBoxLayout()
            row.setSpacing(SPACING)
            left, right = QVBoxLayout(), QVBoxLayout()
            for side, parts in (
                (left, (grid_holder, None)),
                (right, (self.notice_card, self.hours.frame, None, self.help.frame)),
            ):
                side.setSpacing(SPACING)
                for part in parts:
                    if part is None:
                        side.addStretch(1)
                    else:
                        side.addWidget(part)
            row.addLayout(left, 3)
            row.addLayout(right, 2)
            self._sides = (left, right)
            column.addLayout(row)
        else:
            for part in (self.notice_card, grid_holder, self.hours.frame, None, self.help.frame):
                if part is None:
                    column.addStretch(1)
                else:
                    column.addWidget(part)
        more = self.page(HomeStep.MORE)
        more.setSpacing(SPACING)
        self.more_grid, more_holder = self._grid()
        more.addWidget(more_holder)
        self.back = button("secondary", lambda: ui.act(ui.kiosk.back))
        more.addWidget(self.back)
        more.addStretch(1)
        self._placed: tuple[list[str], list[str], int] = ([], [], 0)
        self.level = 0  # how much room home had to make (FIT_LEVELS, LAST_LEVEL)
        self._hours_wanted = False
        self._noted: set[str] = set()  # tiles showing an out-of-hours note instead of their hint: it always shows

    def _tile(self, screen: str, on_click: Callable[[], None]) -> Tile:
        tile = Tile(screen, ACCENTS.get(screen, "#0b4f9c"), on_click)
        tile.floor = 0  # as tall as its words: the whole home fits the glass
        tile.setParent(self)  # hidden until placed in a grid, and never a window of its own
        tile.setVisible(False)
        return tile

    @staticmethod
    def _grid() -> tuple[QGridLayout, QWidget]:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACING)
        return grid, holder

    def _show_more(self) -> None:
        flow = self.flow
        if flow is not None:
            flow.show_more()

    # -- rendering ------------------------------------------------------------------------------------------
    def render_flow(self, flow: HomeFlow) -> None:
        ui = self.ui
        shown = dict(ui.kiosk.tiles())
        main, behind = flow.split(list(shown), ui.kiosk.elder_mode)
        step = flow.step if behind else HomeStep.MAIN
        self.show_step(step)
        self._place(main + ([MORE] if behind else []), behind)
        if step is HomeStep.MORE:
            set_text(self.title, translate("Home", "更多服务"))
        elif flow.out_of_hours:
            set_text(self.title, translate("Home", "您好！现在可以办理这些业务"))
        else:
            set_text(self.title, translate("Home", "您好！请选择要办理的业务"))
        self._noted = {screen for screen in shown if flow.note(screen) is not None}
        for screen, info in shown.items():
            hint = flow.note(screen) or info.hint
            self._show_tile(screen, info.title, hint, flow.paused(screen, info))
        self._show_tile(MORE, MORE_SERVICES, more_hint([shown[screen].title for screen in behind]), None)
        show_text(self.notice, ui.words(flow.opening()))
        self.notice_card.setVisible(bool(self.notice.text()) and step is HomeStep.MAIN)
        note = ui.words(flow.message) if flow.online and not flow.categories else ""
        self.hours.show(ui, flow, note)
        self._hours_wanted = bool(flow.categories) or bool(note)
        self.hours.frame.setVisible(self._hours_wanted)
        self.help.show(ui, flow.online, self.hours.with_hours)
        set_text(self.back, translate("Home", "返回"))
        self._fit(flow)

    # -- fitting the glass ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        flow = self.flow
        if flow is not None and event.size() != event.oldSize():
            self._fit(flow)

    def _place_cards(self) -> None:
        """Landscape: when the windows open goes above the cards beside the tiles, the hotline below them; in
        elder mode (two rows of tiles, taller cards) when the windows open goes above the tiles instead."""
        if self._sides is None:
            return
        side = self._sides[0 if self.ui.kiosk.elder_mode else 1]
        if side.indexOf(self.notice_card) >= 0:
            return
        for other in self._sides:
            other.removeWidget(self.notice_card)
            other.removeWidget(self.help.frame)
        side.insertWidget(0, self.notice_card)
        self._sides[1].addWidget(self.help.frame)

    def _fit(self, flow: HomeFlow) -> None:
        """The least compact level at which the page's content fits its scroll area without scrolling."""
        self._place_cards()
        scroll = self.scroll_area()
        if scroll is None or scroll.height() < 200:  # not laid out yet
            self._compact(flow, 0)
            return
        content = scroll.widget()
        layout = content.layout() if content is not None else None
        for level in range(LAST_LEVEL + 1):
            self._compact(flow, level)
            self._forget_sizes(content)
            if self._needed(layout, scroll.width()) <= scroll.height():
                return

    def scroll_area(self) -> QScrollArea | None:
        """The scroll area of the page showing (a page's content scrolls; its actions stay)."""
        page = self.pages.currentWidget()
        scroll = page.content if isinstance(page, Page) else page
        return scroll if isinstance(scroll, QScrollArea) else None

    def _needed(self, layout: QLayout | None, width: int) -> int:
        """The page's height at this width. Side by side (landscape), each side is measured at its share of the
        width and the taller counts: Qt's estimate for the row as a whole shares the width by size hints, not by
        the sides' stretch, and asks for more than the sides take."""
        if layout is None:
            return 0
        if not self._sides or layout is not self._main:  # portrait, or the page behind 更多服务: one column
            return layout.totalHeightForWidth(width)
        left, right = self._sides
        share = width - SPACING
        sides = (left.totalHeightForWidth(share * 3 // 5), right.totalHeightForWidth(share * 2 // 5))
        others = layout.count() - 1  # the row is the page's only item
        return max(sides) + others * SPACING

    @staticmethod
    def _forget_sizes(content: QWidget | None) -> None:
        """Qt keeps each widget's height for a width until its layout runs again (after this render returns):
        drop those so the measure sees the words and widgets just changed."""
        if content is None:
            return
        for widget in content.findChildren(QWidget):
            widget.updateGeometry()
        for inner in content.findChildren(QLayout):
            inner.invalidate()

    def _compact(self, flow: HomeFlow, level: int) -> None:
        self.level = level
        ui = self.ui
        icon = ui.theme.px(64 if level >= 2 else 88 if self.landscape else 96)
        small = "small" if level >= 2 else ""
        for screen, tile in self.tiles.items():
            if tile.title.property("fit") != small:
                tile.title.setProperty("fit", small)
                tile.title.style().unpolish(tile.title)
                tile.title.style().polish(tile.title)
            tile.icon_widget.set_size(icon)
            tile.icon_widget.setVisible(level < FIT_LEVELS)
            tile.hint.setVisible((level < 4 or screen in self._noted) and bool(tile.hint.text()))
            inner = tile.layout()
            if inner is not None:
                top, bottom = (22, 20) if level >= 3 else TILE_ENDS
                inner.setContentsMargins(TILE_SIDE[0], top, TILE_SIDE[1], bottom)
                inner.setSpacing(6 if level >= 3 else 10)
        for grid in (self.grid, self.more_grid):  # tiles side by side stay the same height (ui/widgets/tile.py)
            first = grid.itemAt(0)
            widget = first.widget() if first is not None else None
            if isinstance(widget, Tile) and hasattr(widget, "equalise"):
                widget.equalise()
        if self.hours.compact != (level >= 1):
            self.hours.compact = level >= 1
            self.hours.show(ui, flow, self.hours.note.text())
            self.help.show(ui, flow.online, self.hours.with_hours)
        self.help.note.setVisible(level < 4 and bool(self.help.note.text()))
        self.hours.frame.setVisible(self._hours_wanted and level < LAST_LEVEL)

    def _show_tile(self, screen: str, title: Words, hint: Words, paused: Words | None) -> None:
        ui, tile = self.ui, self.tiles[screen]
        zh = ui.language == "zh_CN"
        width = self._tile_text_width()
        words = []
        for text, widget in ((ui.words(hint), tile.hint), (ui.words(paused), tile.paused)):
            widget.ensurePolished()
            words.append(phrase_lines(text, QFontMetrics(widget.font()), width) if zh else text)
        tile.show_words(ui.words(title), words[0], words[1], tile.icon_widget.width())
        # A paused tile is greyed through and through: its icon too, not only its background and words.
        accent = ui.theme.palette.disabled_text if paused else ACCENTS.get(screen, "#0b4f9c")
        if tile.icon_widget.color != QColor(accent):
            tile.icon_widget.color = QColor(accent)
            tile.icon_widget.update()

    def _columns(self) -> int:
        return 3 if self.landscape and not self.ui.kiosk.elder_mode else 2

    def _tile_text_width(self) -> int:
        """The width a tile's words have, from the screen's width (deterministic: before the first layout too)."""
        grid = SCREEN_WIDTH[self.ui.orientation] - 2 * MARGIN
        if self.landscape:
            grid = (grid - SPACING) * 3 // 5
        columns = self._columns()
        return (grid - (columns - 1) * SPACING) // columns - sum(TILE_SIDE) - 4

    def _place(self, main: list[str], behind: list[str]) -> None:
        """Lay out the tiles this kiosk shows, in order and without gaps (a kiosk without filing has no tile)."""
        columns = self._columns()
        if (main, behind, columns) == self._placed:
            return
        for tile in self.tiles.values():
            tile.setVisible(False)
            for grid in (self.grid, self.more_grid):
                grid.removeWidget(tile)
        for grid, screens in ((self.grid, main), (self.more_grid, behind)):
            for index, screen in enumerate(screens):
                # The last tile of a short row takes the rest of it: no hole where a tile would be.
                span = columns - index % columns if index == len(screens) - 1 else 1
                grid.addWidget(self.tiles[screen], index // columns, index % columns, 1, span)
                self.tiles[screen].setVisible(True)
            for column in range(4):
                grid.setColumnStretch(column, 1 if column < columns else 0)
        self._placed = (main, behind, columns)
