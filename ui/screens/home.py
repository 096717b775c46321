"""Home: a greeting, one big tile per service (paused ones say why), and each category's hours and queue."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.flows.home import HomeFlow
from kiosk.station.ports import CategoryInfo
from ui.context import UiContext
from ui.i18n import translate
from ui.screens.base import FlowScreen
from ui.theme import ACCENTS
from ui.widgets.basics import frame, label, set_text, show_text
from ui.widgets.tile import Tile


class HomeScreen(FlowScreen[HomeFlow]):
    flow_type = HomeFlow

    def __init__(self, ui: UiContext) -> None:
        super().__init__(ui)
        column = self.page("home")
        self.tiles: dict[str, Tile] = {}
        grid_widget = QWidget()
        self.grid = QGridLayout(grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(28)
        for screen, _tile in ui.kiosk.registry.tiles():
            tile = Tile(screen, ACCENTS.get(screen, "#0b4f9c"), partial(ui.go, screen))
            tile.setVisible(False)
            self.tiles[screen] = tile
        self._placed: list[str] = []
        column.addWidget(grid_widget)
        hours_card, hours = frame("card", margins=32, spacing=14)
        self.hours_title = label("section")
        hours.addWidget(self.hours_title)
        rows = QWidget()
        self.rows = QGridLayout(rows)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setHorizontalSpacing(24)
        self.rows.setVerticalSpacing(10)
        self.rows.setColumnStretch(0, 2)
        self.rows.setColumnStretch(1, 5)
        self.rows.setColumnStretch(2, 2)
        hours.addWidget(rows)
        self.hours_note = label("message")
        hours.addWidget(self.hours_note)
        self.row_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        help_card, notes = frame("card", margins=32, spacing=12)
        self.room_note, self.help_line = label("muted"), label("subtitle")
        notes.addWidget(self.help_line)
        notes.addWidget(self.room_note)
        notes.addStretch(1)
        if ui.orientation == "portrait":
            column.addWidget(hours_card)
            column.addStretch(1)
            column.addWidget(help_card)
        else:  # side by side under the tiles
            row = QHBoxLayout()
            row.setSpacing(28)
            row.addWidget(hours_card, 3)
            row.addWidget(help_card, 2)
            column.addLayout(row)
            column.addStretch(1)

    def render_flow(self, flow: HomeFlow) -> None:
        ui = self.ui
        set_text(self.title, translate("Home", "您好！请选择要办理的业务"))
        offers = ui.kiosk.offers
        icon_px = ui.theme.px(96)
        shown = ui.kiosk.tiles()
        self._place([screen for screen, _info in shown])
        for screen, info in shown:
            tile = self.tiles[screen]
            tile.show_words(ui.words(info.title), ui.words(info.hint), ui.words(info.paused_because(offers)), icon_px)
        set_text(self.hours_title, translate("Home", "各业务办理时间"))
        self._show_categories(flow.categories)
        show_text(self.hours_note, ui.words(flow.message) if not flow.categories else "")
        set_text(self.room_note, translate("Home", "自助服务24小时开放；人工窗口按上表时间办理。"))
        phone = ui.kiosk.settings.help_hotline
        set_text(self.help_line, translate("Home", "需要帮助？请拨打服务热线 {phone}").format(phone=phone))

    def _place(self, screens: list[str]) -> None:
        """Lay out the tiles this kiosk shows, in order and without gaps (a kiosk without filing has no tile)."""
        if screens == self._placed:
            return
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.setVisible(False)
        columns = self.ui.theme.tile_columns
        for index, screen in enumerate(screens):
            self.grid.addWidget(self.tiles[screen], index // columns, index % columns)
            self.tiles[screen].setVisible(True)
        self._placed = screens

    def _show_categories(self, categories: list[CategoryInfo]) -> None:
        while len(self.row_labels) < len(categories):
            row = len(self.row_labels)
            cells = (label("body"), label("body"), label("body"))
            for column, cell in enumerate(cells):
                self.rows.addWidget(cell, row, column)
            self.row_labels.append(cells)
        zh = self.ui.language == "zh_CN"
        for index, cells in enumerate(self.row_labels):
            visible = index < len(categories)
            for cell in cells:
                cell.setVisible(visible)
            if not visible:
                continue
            category = categories[index]
            name, hours, state = cells
            set_text(name, category.name_zh if zh else category.name_en)
            set_text(hours, (category.hours_zh if zh else category.hours_en) or translate("Home", "见大厅公告"))
            if category.open:
                set_text(state, translate("Home", "等候 {n} 人").format(n=category.waiting))
            else:
                set_text(state, translate("Home", "暂停取号"))
            role = "good-small" if category.open else "muted"
            if state.property("role") != role:
                state.setProperty("role", role)
                state.style().unpolish(state)
                state.style().polish(state)
