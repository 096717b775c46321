"""The keyboard's look: its own roles on top of the kiosk's stylesheet, scaled like every text in elder mode."""

from __future__ import annotations

from ui.theme import MIN_TOUCH_PX, Theme, stylesheet


def page_size(theme: Theme) -> int:
    """Candidates on one page of the bar: fewer, bigger ones in elder mode."""
    return 5 if theme.elder else 7


def keyboard_sheet(theme: Theme) -> str:
    p, px = theme.palette, theme.px
    border = 3 if theme.elder else 1
    return (
        stylesheet(theme)
        + f"""
QFrame[role="keyboard"] {{ background: {p.background}; border-top: {border + 1}px solid {p.line}; }}
QFrame[role="candidates"] {{ background: {p.surface}; border: {border}px solid {p.line}; border-radius: 12px; }}
QLabel[role="pinyin"] {{ font-size: {px(30)}px; font-weight: 700; color: {p.primary}; }}
QLabel[role="keyboard-hint"] {{ font-size: {px(26)}px; color: {p.muted}; }}
QPushButton[role="candidate"] {{ font-size: {px(40)}px; font-weight: 600; min-height: {px(MIN_TOUCH_PX)}px;
    min-width: {MIN_TOUCH_PX}px; padding: 0 {px(12)}px; border-radius: 10px; background: {p.surface};
    color: {p.text}; border: {border}px solid {p.line}; }}
QPushButton[role="candidate"][first="true"] {{ color: {p.primary}; border: {border + 1}px solid {p.primary}; }}
QPushButton[role="candidate"]:pressed {{ background: #dbe8f8; }}
QPushButton[role="page"] {{ font-size: {px(32)}px; min-height: {px(MIN_TOUCH_PX)}px; min-width: {MIN_TOUCH_PX}px;
    padding: 0; border-radius: 10px; }}
QPushButton[role="key"] {{ font-size: {px(38)}px; min-height: {px(MIN_TOUCH_PX + 6)}px; min-width: 0; }}
QPushButton[role="key"][checked="true"], QPushButton[role="key"]:checked {{ background: #dbe8f8;
    border: {border + 1}px solid {p.primary}; }}
QPushButton[role="function"] {{ font-size: {px(28)}px; min-height: {px(MIN_TOUCH_PX + 6)}px;
    padding: 0 {px(8)}px; background: {p.disabled_bg}; color: {p.text}; border: {border}px solid {p.line}; }}
QPushButton[role="function"]:checked {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="pad"] {{ font-size: {px(64)}px; font-weight: 700; min-height: {px(MIN_TOUCH_PX + 50)}px;
    padding: 0; background: {p.surface}; color: {p.text}; border: {border + 1}px solid {p.line}; }}
QPushButton[role="pad"]:pressed {{ background: #dbe8f8; }}
QPushButton[role="pad"]:disabled {{ background: transparent; border: none; }}
QPushButton[role="pad-done"] {{ font-size: {px(44)}px; font-weight: 700; min-height: {px(MIN_TOUCH_PX + 50)}px;
    background: {p.primary}; color: {p.on_primary}; border: none; }}
"""
    )
