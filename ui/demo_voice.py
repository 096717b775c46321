"""The demo's walk through the voice-guided mode, in each variant (zh, en, zh-elder): switched on at home, a first
tap that reads 取号 (the ring round it), the second that opens it, a category read and taken, the ticket said,
and the walk-away countdown said aloud. Taps are real mouse events, through the mode's event filter. What the
voice said for each picture is written beside them, in ``voice-said.txt``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from kiosk.flows.navigation import HOME
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from ui.demo_run import DemoRun, Variant, act
from ui.voice_reading import first_line, shown_buttons

SELF_SERVICE = "S"  # the category open around the clock: a number at any hour


def walk_voice(run: DemoRun, variants: tuple[Variant, ...]) -> None:
    said: list[str] = []
    for variant in variants:
        if run.ui.kiosk.voice.offered:
            _walk(run, variant, said)
    if said:
        (run.out / "voice-said.txt").write_text("\n".join(said) + "\n", encoding="utf-8")


def _tap(run: DemoRun, button: QPushButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    run.settle()


def _heard(run: DemoRun, said: list[str], picture: str) -> None:
    voice = run.services.voice
    run.shot(picture, _variant(run))
    if voice is not None:
        voice.wait_quiet()
        asked = voice.said[-1][0] if voice.said else ""
        said.append(f"{run.shots[-1].path.name}: {asked}")


def _variant(run: DemoRun) -> str:
    kiosk = run.ui.kiosk
    return ("zh" if kiosk.language == "zh_CN" else "en") + ("-elder" if kiosk.elder_mode else "")


def _button(run: DemoRun, words: str) -> QPushButton:
    screen = run.ui.window.screens[run.ui.kiosk.screen]
    for button in shown_buttons(screen, run.ui.window):
        if first_line(button) == words:
            return button
    raise RuntimeError(f"demo expected a button {words!r} on {run.ui.kiosk.screen}")


def _walk(run: DemoRun, variant: Variant, said: list[str]) -> None:
    kiosk = run.ui.kiosk
    act(run, kiosk.home)
    act(run, lambda: kiosk.set_language(variant.language))
    act(run, lambda: kiosk.set_elder_mode(variant.elder))
    _tap(run, run.ui.window.footer.voice.button)
    _heard(run, said, "voice-home-on")
    take = _button(run, "取号" if variant.language == "zh_CN" else "Take a number")
    _tap(run, take)
    _heard(run, said, "voice-read-before-tap")
    _tap(run, take)
    run.settle(lambda: isinstance(kiosk.flow, TakeNumberFlow) and kiosk.flow.step is TakeStep.CHOOSE)
    _heard(run, said, "voice-take-number")
    flow = kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    category = next(c for c in flow.categories if c.prefix == SELF_SERVICE)
    choice = _button(run, category.name_zh if variant.language == "zh_CN" else category.name_en)
    _tap(run, choice)
    _heard(run, said, "voice-category-read")
    _tap(run, choice)
    run.settle(lambda: flow.step is TakeStep.DONE)
    _heard(run, said, "voice-ticket")
    # The walk-away countdown, said aloud, with the mode's longer timeout.
    run.clock.offset += kiosk.idle.seconds_left - kiosk.voice.settings.countdown_s + 1
    run.settle(run.ui.window.countdown.isVisible)
    _heard(run, said, "voice-countdown")
    act(run, kiosk.touch)
    act(run, lambda: kiosk.set_voice_mode(False))
    act(run, kiosk.home)
    if kiosk.screen != HOME:
        raise RuntimeError("demo expected home after the voice walk")
