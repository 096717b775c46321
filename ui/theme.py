"""Look and size: big type, touch targets of at least 80 px at 1080p, and a high-contrast, larger elder mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtGui import QFont

Orientation = Literal["portrait", "landscape"]
FONT_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "sans-serif"]
MIN_TOUCH_PX = 80  # at 1080p; every button's minimum height


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    primary: str
    primary_dark: str
    on_primary: str
    text: str
    muted: str
    line: str
    warn_bg: str
    warn_text: str
    danger: str
    ok: str
    disabled_bg: str
    disabled_text: str
    disabled_line: str  # the dashed outline of a control that cannot be used now


CALM = Palette(
    background="#eef2f7", surface="#ffffff", primary="#0b4f9c", primary_dark="#083a73", on_primary="#ffffff",
    text="#1c2733", muted="#4f5d6b", line="#d3dbe5", warn_bg="#fff3dc", warn_text="#7a4300", danger="#b3261e",
    ok="#1b7a3d", disabled_bg="#e3e7ec", disabled_text="#6b7682", disabled_line="#8a96a3",
)  # fmt: skip
HIGH_CONTRAST = Palette(
    background="#ffffff", surface="#ffffff", primary="#00306b", primary_dark="#001f47", on_primary="#ffffff",
    text="#000000", muted="#1a1a1a", line="#000000", warn_bg="#ffe24d", warn_text="#000000", danger="#a00000",
    ok="#005a1e", disabled_bg="#d6d6d6", disabled_text="#4a4a4a", disabled_line="#4a4a4a",
)  # fmt: skip

# Tiles and their accent colours, by screen name; a new screen without one gets the primary colour.
ACCENTS = {
    "take_number": "#0b4f9c", "check_in": "#00796b", "guide": "#c25e00", "rate": "#ad1457", "filing": "#5e35b1",
    "progress": "#2e7d32", "booking": "#00838f", "payment": "#b26a00", "disclosure": "#455a64", "more": "#0b4f9c",
}  # fmt: skip


@dataclass(frozen=True)
class Theme:
    elder: bool = False
    orientation: Orientation = "portrait"

    @property
    def scale(self) -> float:
        return 1.3 if self.elder else 1.0

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.elder else CALM

    def px(self, size: float) -> int:
        return round(size * self.scale)

    @property
    def tile_columns(self) -> int:
        return 2 if self.orientation == "portrait" else 4

    @property
    def tile_title(self) -> int:
        return 54 if self.orientation == "portrait" else 44

    @property
    def list_columns(self) -> int:
        """Long choice lists (categories, guide items) in two columns on a wide screen."""
        return 1 if self.orientation == "portrait" else 2

    @property
    def spread(self) -> float:
        """Room between tap targets, as a multiple of the normal spacing: more in elder mode, against mis-taps."""
        return 1.8 if self.elder else 1.0

    @property
    def group_columns(self) -> int:
        """Departments and life events: one wide column in elder mode, so long names keep to a line or two."""
        return 1 if self.elder else 2

    @property
    def results_shown(self) -> int:
        """Search results shown under the search keyboard before "all results": fewer in elder mode."""
        return 2 if self.elder else 3

    @property
    def chip_columns(self) -> int:
        return 3 if self.elder else 4

    @property
    def list_page_size(self) -> int:
        """Guide items per page: fewer, bigger rows in elder mode and on a landscape screen."""
        rows = 6 if self.orientation == "portrait" else 4
        return rows - 2 if self.elder else rows

    def font(self) -> QFont:
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setPixelSize(self.px(30))
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font


def stylesheet(theme: Theme) -> str:
    p, px = theme.palette, theme.px

    def bar(size: float) -> int:
        # The header is on every screen and already large; it grows less, so the hall's name keeps one line.
        return round(size * (1.1 if theme.elder else 1.0))

    border = 3 if theme.elder else 1
    families = ", ".join(f'"{name}"' for name in FONT_FAMILIES[:-1]) + ", sans-serif"
    return f"""
* {{ font-family: {families}; color: {p.text}; }}
QWidget#Banners, QWidget#Screen, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {p.background}; }}
QLabel {{ font-size: {px(30)}px; background: transparent; }}
QLabel[role="title"] {{ font-size: {px(50)}px; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: {px(34)}px; font-weight: 600; }}
QLabel[role="body"] {{ font-size: {px(30)}px; }}
QLabel[role="muted"] {{ font-size: {px(26)}px; color: {p.muted}; }}
QLabel[role="section"] {{ font-size: {px(28)}px; font-weight: 700; color: {p.primary}; }}
QLabel[role="number"] {{ font-size: {px(200)}px; font-weight: 800; color: {p.primary}; }}
QLabel[role="pin"] {{ font-size: {px(64)}px; font-weight: 700; color: {p.primary}; }}
QLabel[role="message"] {{ font-size: {px(32)}px; font-weight: 600; color: {p.danger}; }}
QLabel[role="good"] {{ font-size: {px(32)}px; font-weight: 600; color: {p.ok}; }}
QLabel[role="good-small"] {{ font-size: {px(30)}px; font-weight: 600; color: {p.ok}; }}
QLabel[role="mono"] {{ font-family: "Noto Sans Mono CJK SC", monospace; font-size: {px(20)}px; }}
QFrame[role="header"] {{ background: {p.primary}; }}
QFrame[role="header"] QLabel {{ color: {p.on_primary}; }}
QLabel[role="hall"] {{ font-size: {bar(40)}px; font-weight: 700; }}
QLabel[role="station"] {{ font-size: {bar(22)}px; }}
QLabel[role="clock"] {{ font-size: {bar(46)}px; font-weight: 700; }}
QLabel[role="date"] {{ font-size: {bar(20)}px; }}
QFrame[role="footer"] {{ background: {p.surface}; border-top: {border}px solid {p.line}; }}
QFrame[role="card"] {{ background: {p.surface}; border: {border}px solid {p.line}; border-radius: 20px; }}
QFrame[role="warn"] {{ background: {p.warn_bg}; border: {border}px solid #e0a23a; border-radius: 14px; }}
QLabel[role="warn-text"] {{ color: {p.warn_text}; font-size: {px(28)}px; font-weight: 600; }}
QFrame[role="countdown"] {{ background: {p.primary_dark}; border-radius: 14px; }}
QLabel[role="countdown-text"] {{ color: {p.on_primary}; font-size: {px(32)}px; font-weight: 700; }}
QPushButton {{
    font-size: {px(34)}px; font-weight: 600; min-height: {px(MIN_TOUCH_PX + 16)}px; border-radius: 16px;
    padding: 0 {px(28)}px; background: {p.surface}; color: {p.primary}; border: {border + 1}px solid {p.primary};
}}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; border: none; }}
QPushButton[role="primary"]:pressed {{ background: {p.primary_dark}; }}
QPushButton[role="choice"] {{
    padding: 0; min-height: 0; background: {p.surface}; border: {border}px solid {p.line}; border-radius: 16px;
    qproperty-accent: {p.primary}; qproperty-accentOff: {p.disabled_line}; qproperty-bar: {px(12)};
    qproperty-radius: 16;
}}
QPushButton[role="choice"]:checked {{ background: #dbe8f8; border: {border + 2}px solid {p.primary}; }}
QLabel[role="choice-head"] {{ font-size: {px(34)}px; font-weight: 700; }}
QLabel[role="choice-detail"] {{ font-size: {px(26)}px; color: {p.muted}; }}
QLabel[role="level-head"] {{ font-size: {px(40)}px; font-weight: 700; color: {p.primary}; }}
QLabel[role="level-detail"] {{ font-size: {px(26)}px; color: {p.muted}; }}
QPushButton[role="chip"] {{ font-size: {px(30)}px; min-height: {px(MIN_TOUCH_PX)}px; border-radius: {px(40)}px; }}
QPushButton[role="key"] {{ font-size: {px(40)}px; min-height: {px(MIN_TOUCH_PX + 10)}px; min-width: {MIN_TOUCH_PX}px;
    padding: 0; background: {p.surface}; color: {p.text}; border: {border}px solid {p.line}; }}
QPushButton[role="key"]:pressed {{ background: #dbe8f8; }}
QPushButton[role="bar"] {{ background: transparent; color: {p.on_primary}; border: 2px solid {p.on_primary};
    font-size: {bar(28)}px; min-height: {MIN_TOUCH_PX}px; padding: 0 16px; }}
QPushButton[role="tab"] {{ background: {p.surface}; color: {p.primary}; }}
QPushButton[role="tab"]:checked {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="level"] {{ min-height: 0; padding: 0; }}
QPushButton[role="tile"] {{ background: {p.surface}; border: {border}px solid {p.line}; border-radius: 24px;
    padding: 0; min-height: 0; }}
QPushButton[role="tile"]:pressed {{ background: #e4edf8; }}
QLabel[role="tile-title"] {{ font-size: {px(theme.tile_title)}px; font-weight: 800; }}
QLabel[role="tile-title"][fit="small"] {{ font-size: {px(theme.tile_title * 0.8)}px; }}
QLabel[role="tile-hint"] {{ font-size: {px(28)}px; color: {p.muted}; }}
QLabel[role="tile-paused"] {{ font-size: {px(24)}px; font-weight: 600; color: {p.danger}; }}
QLineEdit {{ font-size: {px(38)}px; min-height: {px(MIN_TOUCH_PX + 16)}px; padding: 0 {px(20)}px;
    background: {p.surface}; border: {border + 1}px solid {p.line}; border-radius: 14px; }}
QLineEdit:focus {{ border: {border + 2}px solid {p.primary}; }}
QLabel[role="filing-number"] {{ font-size: {px(60)}px; font-weight: 800; color: {p.primary}; }}
QLabel[role="thumb"] {{ background: {p.surface}; border: {border}px solid {p.line}; }}
QLabel[role="preview"] {{ background: #1c2733; color: #ffffff; font-size: {px(28)}px; }}
QTableWidget {{ font-size: {px(26)}px; background: {p.surface}; gridline-color: {p.line}; border: none; }}
QHeaderView::section {{ font-size: {px(24)}px; font-weight: 700; background: {p.background}; padding: 8px;
    border: none; }}
QScrollBar:vertical {{ width: {px(24)}px; background: {p.background}; }}
QScrollBar::handle:vertical {{ background: #9fb3c8; border-radius: 10px; min-height: 80px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
QWidget[role="grid"], QWidget[role="actions"] {{ qproperty-spread: {theme.spread}; }}
QPushButton:disabled, QPushButton[role="tile"]:disabled, QPushButton[role="choice"]:disabled {{
    background: {p.disabled_bg}; color: {p.disabled_text}; border: {border + 1}px dashed {p.disabled_line}; }}
QPushButton[role="bar"]:disabled {{ background: transparent; border: 2px dashed {p.on_primary}; }}
QLabel[role="tile-title"]:disabled, QLabel[role="tile-hint"]:disabled, QLabel[role="choice-head"]:disabled,
QLabel[role="choice-detail"]:disabled, QLabel[role="level-head"]:disabled, QLabel[role="level-detail"]:disabled {{
    color: {p.disabled_text}; }}
"""
