"""The voice-guided mode on the real station (embedded hall, simulated printer), asserting what was spoken: a long
press on home switches it on, the first tap on a button reads it and a second presses it, each title and the
ticket's number (digit by digit) with where to wait are said; the keyboard path; elder mode with voice; the
walk-away countdown said aloud and the mode ended by it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.flows.navigation import HOME
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.flows.voice_words import spoken
from kiosk.station.services import StationServices
from tests.ui.conftest import MovableClock, find_button, settle, tap
from tests.ui.voice_support import VOICE, RecordingVoice, voice_ui
from ui.app import KioskUi

SELF_SERVICE = "自助服务"  # open around the clock in the shipped hall config


@pytest.fixture
def voice(tmp_path: Path) -> Iterator[RecordingVoice]:
    made = RecordingVoice(tmp_path)
    yield made
    made.close()


@pytest.fixture
def guided(qtbot: QtBot, services: StationServices, clock: MovableClock, voice: RecordingVoice) -> Iterator[KioskUi]:
    with voice_ui(qtbot, services, clock, voice) as made:
        yield made


def long_press(qtbot: QtBot, kiosk_ui: KioskUi, clock: MovableClock) -> None:
    """A finger held on home (on the greeting, away from the tiles) for longer than the long press."""
    screen = kiosk_ui.window.screens[HOME]
    spot = screen.title.mapTo(screen, QPoint(20, 10))
    qtbot.mousePress(screen, Qt.MouseButton.LeftButton, pos=spot)
    clock.advance(VOICE.long_press_s + 0.5)
    qtbot.waitUntil(lambda: kiosk_ui.kiosk.voice.on, timeout=5_000)
    qtbot.mouseRelease(screen, Qt.MouseButton.LeftButton, pos=spot)


def test_taking_a_number_by_voice(
    qtbot: QtBot, guided: KioskUi, voice: RecordingVoice, clock: MovableClock, services: StationServices
) -> None:
    kiosk, window = guided.kiosk, guided.window
    # A new citizen's first touch on home says how to switch the mode on.
    long_press(qtbot, guided, clock)
    assert "需要语音引导，请长按屏幕两秒，或点屏幕右下方、帮助按钮旁边的语音引导按钮" in voice.asked[0][0]
    assert voice.last.startswith("语音引导已打开")
    assert "项：" in voice.last and "取号" in voice.last
    assert window.footer.voice.button.text() == "语音引导：开"  # the visible indicator

    # Hear before tap: the first tap reads the tile, nothing opens; the second opens it and its title is said.
    take = find_button(window, "取号")
    tap(qtbot, take)
    assert voice.last.startswith("取号，") and voice.last.endswith("，按钮。再次点击确认。")  # title, hint, what
    assert kiosk.screen == HOME
    tap(qtbot, take)
    settle(qtbot, guided, lambda: isinstance(kiosk.flow, TakeNumberFlow) and kiosk.flow.step is TakeStep.CHOOSE)
    qtbot.waitUntil(lambda: "请点选您要办理的业务" in voice.last)
    assert voice.last.startswith("取号。")
    assert SELF_SERVICE in voice.last  # the choices are read out

    # The category the same way: read, then pressed; the number is said digit by digit with where to wait.
    category = find_button(window, SELF_SERVICE)
    tap(qtbot, category)
    assert voice.last.startswith(SELF_SERVICE) and voice.last.endswith("按钮。再次点击确认。")
    flow = kiosk.flow
    assert isinstance(flow, TakeNumberFlow) and flow.step is TakeStep.CHOOSE
    tap(qtbot, category)
    settle(qtbot, guided, lambda: flow.step is TakeStep.DONE)
    ticket = kiosk.session.ticket
    assert ticket is not None and ticket.printed
    digits = " ".join("零一二三四五六七八九"[int(ch)] if ch.isdigit() else ch for ch in ticket.number)
    qtbot.waitUntil(lambda: digits in voice.last)
    said = voice.last
    assert said.startswith("取号成功。您的排队号。")
    assert spoken(f"请到{ticket.area_zh}等候叫号", "zh_CN") in said
    assert "请取走排队小票，留意叫号" in said

    # 完成 ends the citizen's session, and the mode with it.
    done = find_button(window, "完成")
    tap(qtbot, done)
    assert voice.last == "完成，按钮。再次点击确认。"
    tap(qtbot, done)
    settle(qtbot, guided, lambda: kiosk.screen == HOME and not kiosk.voice.on)
    qtbot.waitUntil(lambda: voice.last.startswith("已完成。语音引导已关闭"))
    assert window.footer.voice.button.text() == "语音引导"
    # What was said was heard: espeak-ng made a WAV of it.
    assert voice.wait_quiet() and voice.player.wavs and all(wav[:4] == b"RIFF" for wav in voice.player.wavs)
    assert len(services.hall.recent_tickets()) == 1


def test_a_second_tap_too_late_reads_again(
    qtbot: QtBot, guided: KioskUi, voice: RecordingVoice, clock: MovableClock
) -> None:
    kiosk, window = guided.kiosk, guided.window
    tap(qtbot, window.footer.voice.button)  # the control switches at once, never read first
    assert kiosk.voice.on and voice.last.startswith("语音引导已打开")
    take = find_button(window, "取号")
    tap(qtbot, take)
    clock.advance(VOICE.confirm_s + 1)
    tap(qtbot, take)
    assert kiosk.screen == HOME and voice.last.endswith("按钮。再次点击确认。")
    # The same control switches it off, and says so.
    tap(qtbot, window.footer.voice.button)
    assert not kiosk.voice.on and voice.last == "语音引导已关闭。"


def test_the_keyboard_moves_reads_and_presses(qtbot: QtBot, guided: KioskUi, voice: RecordingVoice) -> None:
    kiosk, window = guided.kiosk, guided.window
    tap(qtbot, window.footer.language)  # English, the mode off: an ordinary tap
    assert kiosk.language == "en" and not kiosk.voice.on
    qtbot.keyClick(window, Qt.Key.Key_Tab)  # a tactile keypad's first key switches the mode on
    assert kiosk.voice.on and voice.last.startswith("Voice guide on.")
    for _ in range(8):  # the tiles' order follows the hours: what works now first
        qtbot.keyClick(window, Qt.Key.Key_Tab)
        if voice.last.startswith("Take a number, "):
            break
    assert voice.last.startswith("Take a number, ") and voice.last.endswith(", button. Press Enter to confirm.")
    assert guided.voice_guide.ring.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Return)
    settle(qtbot, guided, lambda: isinstance(kiosk.flow, TakeNumberFlow) and kiosk.flow.step is TakeStep.CHOOSE)
    qtbot.waitUntil(lambda: voice.last.startswith("Take a number."))
    flow = kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    names = [category.name_en for category in flow.categories]
    target = next(c.name_en for c in flow.categories if c.name_zh == SELF_SERVICE)
    for _ in range(len(names) + 2):
        qtbot.keyClick(window, Qt.Key.Key_Down)
        if voice.last.startswith(target):
            break
    assert voice.last.startswith(target) and voice.last.endswith("button. Press Enter to confirm.")
    qtbot.keyClick(window, Qt.Key.Key_Space)
    settle(qtbot, guided, lambda: flow.step is TakeStep.DONE)
    ticket = kiosk.session.ticket
    assert ticket is not None
    digits = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    number = " ".join(digits[int(ch)] if ch.isdigit() else ch for ch in ticket.number)
    qtbot.waitUntil(lambda: number in voice.last)
    assert voice.last.startswith("Here is your number. Your number.")
    assert f"Please wait in {ticket.area_en}" in voice.last


def test_elder_mode_with_voice_and_the_walk_away_said_aloud(
    qtbot: QtBot, guided: KioskUi, voice: RecordingVoice, clock: MovableClock
) -> None:
    kiosk, window = guided.kiosk, guided.window
    tap(qtbot, window.footer.elder)
    tap(qtbot, window.footer.voice.button)
    assert kiosk.elder_mode and kiosk.voice.on
    assert kiosk.idle.timeout_s == VOICE.idle_timeout_s  # more time than elder mode's
    take = find_button(window, "取号")
    tap(qtbot, take)
    tap(qtbot, take)
    settle(qtbot, guided, lambda: isinstance(kiosk.flow, TakeNumberFlow))
    # Near the end, the countdown is said; a touch anywhere continues.
    clock.advance(VOICE.idle_timeout_s - VOICE.countdown_s + 1)
    qtbot.waitUntil(lambda: voice.last.startswith("如果您还在，请触摸屏幕。"), timeout=5_000)
    qtbot.waitUntil(window.countdown.isVisible)
    tap(qtbot, window.countdown.button)  # read, and the citizen is still there
    assert not kiosk.counting_down and kiosk.screen != HOME
    # Nobody touches: the reset ends the mode, silently, with elder mode and the session.
    mark = len(voice.asked)
    clock.advance(VOICE.idle_timeout_s + 1)
    settle(qtbot, guided, lambda: kiosk.screen == HOME and not kiosk.voice.on)
    assert not kiosk.elder_mode
    assert "语音引导已关闭" not in voice.since(mark)


def test_a_long_press_on_a_tile_presses_nothing_and_the_hint_stops_for_a_sighted_citizen(
    qtbot: QtBot, guided: KioskUi, voice: RecordingVoice, clock: MovableClock
) -> None:
    kiosk, window = guided.kiosk, guided.window
    take = find_button(window, "取号")
    tap(qtbot, take)  # a sighted citizen: the hint starts, the tile opens, the hint stops
    assert voice.asked[0][0].startswith("需要语音引导")
    settle(qtbot, guided, lambda: isinstance(kiosk.flow, TakeNumberFlow))
    assert voice.stops >= 1 and not kiosk.voice.on
    tap(qtbot, window.footer.home)
    settle(qtbot, guided, lambda: kiosk.screen == HOME)
    take = find_button(window, "取号")
    spot = take.rect().center()
    qtbot.mousePress(take, Qt.MouseButton.LeftButton, pos=spot)
    clock.advance(VOICE.long_press_s + 0.5)
    qtbot.waitUntil(lambda: kiosk.voice.on, timeout=5_000)
    qtbot.mouseRelease(take, Qt.MouseButton.LeftButton, pos=spot)
    settle(qtbot, guided)
    assert kiosk.screen == HOME and not take.isDown()  # the held tile was not pressed
    assert voice.last.startswith("语音引导已打开")
