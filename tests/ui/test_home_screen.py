"""The home screen on the real UI over the real station at a fixed moment: it fits the glass without scrolling in
every language, mode and orientation; out of hours what works now leads; with the hall away the paused tiles
look paused and the message is said once, with the hotline's number."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from common.refusals import hall_offline
from devices.words import Words
from kiosk.flows.home import HomeFlow
from kiosk.flows.navigation import HOME
from kiosk.station.services import StationServices
from tests.support.clocks import FrozenClock
from tests.ui.conftest import settle, tap, text_of, visible_texts
from tests.ui.home_support import MONDAY_MORNING, SATURDAY_EARLY, station_at, ui_at
from ui.app import KioskUi
from ui.screens.home import HomeScreen
from ui.screens.home_parts import phrase_lines
from ui.theme import Orientation
from ui.widgets.tile import Tile

MODES = [("zh_CN", False), ("en", False), ("zh_CN", True), ("en", True)]


def home_screen(kiosk_ui: KioskUi) -> HomeScreen:
    screen = kiosk_ui.window.screens[HOME]
    assert isinstance(screen, HomeScreen)
    return screen


def scroll_range(kiosk_ui: KioskUi) -> int:
    scroll = home_screen(kiosk_ui).scroll_area()
    assert isinstance(scroll, QScrollArea)
    return scroll.verticalScrollBar().maximum()


def inside_the_window(kiosk_ui: KioskUi, widget: QWidget) -> bool:
    """The widget is drawn whole inside the window (not below the fold, not cut)."""
    top_left = widget.mapTo(kiosk_ui.window, widget.rect().topLeft())
    bottom = top_left.y() + widget.height()
    return widget.isVisible() and top_left.y() >= 0 and bottom <= kiosk_ui.window.height()


def show_home(qtbot: QtBot, kiosk_ui: KioskUi, language: str, elder: bool) -> None:
    kiosk = kiosk_ui.kiosk
    kiosk_ui.ui.act(kiosk.home)
    kiosk_ui.ui.act(lambda: kiosk.set_language(language))  # type: ignore[arg-type]
    kiosk_ui.ui.act(lambda: kiosk.set_elder_mode(elder))
    settle(qtbot, kiosk_ui, lambda: kiosk.flow is not None and not kiosk.flow.busy)
    qtbot.wait(50)  # let Qt lay the screen out


def first_tile(screen: HomeScreen) -> QWidget | None:
    item = screen.grid.itemAtPosition(0, 0)
    return item.widget() if item is not None else None


def broken_words(tile: Tile) -> list[str]:
    """The Chinese lines on a tile that Qt would have to wrap between two characters of a word: wider than their
    label (a line break of our own after punctuation is fine)."""
    found = []
    for label in (tile.title, tile.hint, tile.paused):
        if not label.isVisible():
            continue
        metrics = QFontMetrics(label.font())
        found += [line for line in label.text().split("\n") if metrics.horizontalAdvance(line) > label.width()]
    return found


def paused_tiles(kiosk_ui: KioskUi) -> list[Tile]:
    return [tile for tile in home_screen(kiosk_ui).tiles.values() if tile.isVisible() and not tile.isEnabled()]


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_home_fits_the_glass_in_every_language_and_mode(
    qtbot: QtBot, station_config: Path, orientation: Orientation
) -> None:
    wall = FrozenClock(MONDAY_MORNING)
    with station_at(station_config, wall) as services, ui_at(qtbot, services, wall, orientation) as kiosk_ui:
        for moment in (MONDAY_MORNING, SATURDAY_EARLY):
            wall.moment = moment
            for language, elder in MODES:
                show_home(qtbot, kiosk_ui, language, elder)
                where = f"{orientation} {language} elder={elder} {moment:%a %H:%M}"
                assert scroll_range(kiosk_ui) == 0, f"home scrolls: {where}"
                screen = home_screen(kiosk_ui)
                for tile in [t for t in screen.tiles.values() if t.isVisible()]:
                    assert inside_the_window(kiosk_ui, tile), f"{where}: {text_of(tile)!r} is cut off"
                assert inside_the_window(kiosk_ui, screen.help.hotline), where
                assert len([t for t in screen.tiles.values() if t.isVisible()]) <= (4 if elder else 5), where
                if screen.tiles["more"].isVisible():
                    tap(qtbot, screen.tiles["more"])
                    qtbot.wait(50)
                    assert scroll_range(kiosk_ui) == 0 and inside_the_window(kiosk_ui, screen.back), where
                    kiosk_ui.ui.act(kiosk_ui.kiosk.back)
                    qtbot.wait(50)
                if language == "zh_CN":
                    for tile in [t for t in screen.tiles.values() if t.isVisible()]:
                        assert not broken_words(tile), f"{where}: {text_of(tile)!r} breaks inside a word"


def test_out_of_hours_home_leads_with_what_works_and_says_when_the_windows_open(
    qtbot: QtBot, station_config: Path
) -> None:
    wall = FrozenClock(SATURDAY_EARLY)
    with station_at(station_config, wall) as services, ui_at(qtbot, services, wall) as kiosk_ui:
        show_home(qtbot, kiosk_ui, "zh_CN", False)
        screen = home_screen(kiosk_ui)
        assert screen.title.text() == "您好！现在可以办理这些业务"
        assert screen.notice.isVisible() and screen.notice.text() == "人工窗口 今天 09:00 开始办理"
        first = first_tile(screen)
        assert isinstance(first, Tile) and first.screen_name == "guide", "the guide leads, not 取号"
        take = screen.tiles["take_number"]
        assert take.isEnabled() and "现在可取：自助服务" in text_of(take)
        texts = visible_texts(kiosk_ui.window)
        assert "周一 09:00 开始" in texts and "今天 09:00 开始" in texts  # 社保医保 and 不动产登记
        tap(qtbot, take)
        settle(qtbot, kiosk_ui)
        assert kiosk_ui.kiosk.screen == "take_number"
        show_home(qtbot, kiosk_ui, "en", False)
        assert screen.notice.text() == "Staffed windows open today 09:00"
        wall.moment = MONDAY_MORNING
        show_home(qtbot, kiosk_ui, "zh_CN", False)
        assert not screen.notice_card.isVisible() and screen.title.text() == "您好！请选择要办理的业务"
        first = first_tile(screen)
        assert isinstance(first, Tile) and first.screen_name == "take_number"


def test_home_shows_the_four_most_used_services_and_the_rest_behind_more_services(
    qtbot: QtBot, station_config: Path
) -> None:
    wall = FrozenClock(MONDAY_MORNING)
    with station_at(station_config, wall) as services, ui_at(qtbot, services, wall) as kiosk_ui:
        show_home(qtbot, kiosk_ui, "zh_CN", False)
        screen = home_screen(kiosk_ui)
        shown = [name for name, tile in screen.tiles.items() if tile.isVisible()]
        assert sorted(shown) == ["check_in", "filing", "guide", "more", "take_number"]
        more = screen.tiles["more"]
        assert more.width() > screen.tiles["take_number"].width(), "更多服务 takes its whole row"
        assert "办件查询" in text_of(more) and "服务评价" in text_of(more), "it names what is behind it"
        tap(qtbot, more)
        settle(qtbot, kiosk_ui)
        assert screen.title.text() == "更多服务"
        behind = [name for name, tile in screen.tiles.items() if tile.isVisible()]
        assert sorted(behind) == ["disclosure", "progress", "rate"]
        tap(qtbot, screen.tiles["progress"])
        settle(qtbot, kiosk_ui)
        assert kiosk_ui.kiosk.screen == "progress"


def test_elder_home_shows_four_tiles_and_the_rest_behind_more_services(qtbot: QtBot, station_config: Path) -> None:
    wall = FrozenClock(MONDAY_MORNING)
    with station_at(station_config, wall) as services, ui_at(qtbot, services, wall) as kiosk_ui:
        show_home(qtbot, kiosk_ui, "zh_CN", True)
        screen = home_screen(kiosk_ui)
        shown = [name for name, tile in screen.tiles.items() if tile.isVisible()]
        assert sorted(shown) == ["check_in", "guide", "more", "take_number"]
        tap(qtbot, screen.tiles["more"])
        settle(qtbot, kiosk_ui)
        assert screen.title.text() == "更多服务"
        behind = [name for name, tile in screen.tiles.items() if tile.isVisible()]
        assert sorted(behind) == ["disclosure", "filing", "progress", "rate"]
        hotline = kiosk_ui.window.footer.hotline  # behind 更多服务 too, the footer says the hotline
        assert inside_the_window(kiosk_ui, hotline) and "12345" in hotline.text()
        tap(qtbot, screen.tiles["rate"])
        settle(qtbot, kiosk_ui)
        assert kiosk_ui.kiosk.screen == "rate"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_with_the_hall_away_home_says_it_once_and_the_paused_tiles_look_paused(
    qtbot: QtBot, station_config: Path, language: str
) -> None:
    wall = FrozenClock(MONDAY_MORNING)
    with station_at(station_config, wall) as services, ui_at(qtbot, services, wall) as kiosk_ui:
        stop_the_hall(qtbot, kiosk_ui, services)
        show_home(qtbot, kiosk_ui, language, False)
        screen = home_screen(kiosk_ui)
        paused = paused_tiles(kiosk_ui)
        assert {tile.screen_name for tile in paused} == {"take_number", "check_in"}
        for tile in paused:
            assert tile.paused.isVisible() and tile.icon_widget.color.name() != "#0b4f9c"
            enabled = next(t for t in screen.tiles.values() if t.isVisible() and t.isEnabled())
            assert tile.grab().toImage().pixelColor(8, tile.height() // 2) != enabled.grab().toImage().pixelColor(
                8, enabled.height() // 2
            ), "a paused tile looks like a working one"
        texts = " ".join(visible_texts(kiosk_ui.window))
        what = ui_words(hall_offline().what, language)
        hotline = "拨打服务热线 12345" if language == "zh_CN" else "Call the hotline 12345"
        assert texts.count(what) == 1, texts  # once, in the help card; the tiles say why in a few words
        paused_because = "已暂停：连不上排队系统" if language == "zh_CN" else "Paused: not connected"
        assert all(paused_because in text_of(tile) for tile in paused)
        assert hotline in texts and "大厅服务" not in texts and "等候" not in texts and "waiting" not in texts
        assert inside_the_window(kiosk_ui, screen.help.hotline)
        assert not kiosk_ui.window.hall_banner.frame.isVisible(), "the banner would say it a second time"


def ui_words(words: Words, language: str) -> str:
    return words.zh if language == "zh_CN" else words.en


def stop_the_hall(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> None:
    assert services.embedded is not None
    settle(qtbot, kiosk_ui, lambda: isinstance(kiosk_ui.kiosk.flow, HomeFlow) and bool(kiosk_ui.kiosk.flow.categories))
    services.embedded.stop()
    settle(qtbot, kiosk_ui, lambda: not kiosk_ui.kiosk.offers.hall_online, timeout=20_000)


def test_chinese_hints_break_after_punctuation_not_inside_words(qapp: object) -> None:
    metrics = QFontMetrics(QFont("Noto Sans CJK SC", 36))
    hint = "扫描小票二维码，为服务打分"
    width = metrics.horizontalAdvance("扫描小票二维码，为服")  # one line cannot hold it all
    assert phrase_lines(hint, metrics, width) == "扫描小票二维码，\n为服务打分"
    assert phrase_lines(hint, metrics, 10_000) == hint  # it fits: left alone
