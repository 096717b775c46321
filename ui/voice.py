"""The voice-guided mode in the window (docs/accessible-mode.md): an application-wide event filter and a listener
on the kiosk's state, so every screen is spoken without code of its own.

- Switched on (and off) by the footer's 语音引导 control, a long press anywhere on home, or a navigation key on
  a tactile keypad; a new citizen's first touch on home says how.
- On: each screen's title and page are said when they show, every refusal, warning and result when it appears,
  the walk-away countdown aloud; hear-before-tap: the first tap on a button reads it, a second on the same button
  within ``confirm_s`` presses it; Tab and the arrow keys move a ring from item to item and read it, Enter or
  Space presses it.
- It ends with the citizen's session: a walk-away (kiosk/flows/machine.py) or the end of a flow (a FINISH button).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from devices.words import Words
from kiosk.flows.navigation import HOME
from kiosk.flows.voice import VoiceGuide
from kiosk.flows.voice_words import (
    BUTTON,
    COUNTDOWN,
    DISABLED,
    FINISHED,
    HOME_HINT,
    KEY_FOCUS,
    MODE_OFF,
    MODE_ON,
    seconds_words,
)
from ui.context import UiContext
from ui.screens.base import FINISH, NAV
from ui.voice_reading import button_of, joined, messages, screen_reading, shown_buttons, words_of
from ui.widgets.voice_control import FocusRing
from ui.window import KioskWindow

POLL_MS = 100
MOVE_CANCELS_PX = 40  # a finger that slides this far is not a long press
BURST_S = 0.1  # an Enter this soon after a printable key ends a wedge scanner's code, not a person's choice
PRESSES = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick}
NEXT = {Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Right}
PREVIOUS = {Qt.Key.Key_Backtab, Qt.Key.Key_Up, Qt.Key.Key_Left}
ACTIVATE = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select}


class VoiceGuideUi(QObject):
    def __init__(self, ui: UiContext, window: KioskWindow) -> None:
        super().__init__()
        self.ui, self.window = ui, window
        self.kiosk = ui.kiosk
        self.clock: Callable[[], float] = self.kiosk.context.clock
        self.ring = FocusRing(window)
        self._armed: tuple[QPushButton, float] | None = None  # read by a first tap, pressed by a second
        self._swallow_release = False
        self._finish_after: QPushButton | None = None
        self._press: tuple[QPoint, float] | None = None  # a finger down on home: where and since when
        self._last_key = 0.0
        self._was_on = False
        self._off_words: Words | None = None
        self._shown: tuple[str, str, int] | None = None  # the screen, title and page last said
        self._said_messages: list[str] = []
        self._counting = False
        self._hinted = False
        self.kiosk.on_change(self.after_change)  # after the window's own listener: the screen is drawn
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    @property
    def voice(self) -> VoiceGuide:
        return self.kiosk.voice

    # -- switching ----------------------------------------------------------------------------------------------
    def switch(self, on: bool, words: Words | None = None) -> None:
        self._off_words = words
        self.ui.act(lambda: self.kiosk.set_voice_mode(on))

    def after_change(self) -> None:
        """Say what changed: the mode itself, a new screen or step, a new message."""
        voice, language = self.voice, self.kiosk.language
        if voice.on != self._was_on:
            self._was_on = voice.on
            self._forget()
            if not voice.on:
                if not voice.ended:
                    voice.announce(self._off_words or MODE_OFF, language)
                self._off_words = None
                return
            self._shown = self._where()
            self._said_messages = self._messages()
            voice.say(joined([MODE_ON.pick(language), *self._reading()], language), language)
            return
        if self.kiosk.screen != HOME and not voice.on and self._hinted:
            self._hinted = False
            voice.stop()  # the hint stops when a sighted citizen goes on
        if not voice.on:
            return
        where = self._where()
        if where != self._shown:
            self._shown = where
            self._forget()
            self._said_messages = self._messages()
            voice.say(joined(self._reading(), language), language)
            return
        now = self._messages()
        new = [text for text in now if text not in self._said_messages]
        self._said_messages = now
        if new:
            voice.say(joined(new, language), language)
        self.ring.follow()

    def _where(self) -> tuple[str, str, int]:
        screen = self.window.screens[self.kiosk.screen]
        title = screen.title.text() if screen.title.isVisible() else ""
        page = getattr(screen, "pages", None)
        overlay = 1 if self.window.help.isVisible() else 0
        return (self.kiosk.screen + str(overlay), title, id(page.currentWidget()) if page is not None else 0)

    def _reading(self) -> list[str]:
        language = self.kiosk.language
        if self.window.help.isVisible():
            help_card = self.window.help.card
            return [words_of(label) for label in help_card.findChildren(QLabel) if label.text()]
        screen = self.window.screens[self.kiosk.screen]
        return screen_reading(self.kiosk.screen, screen, self.window, language)

    def _messages(self) -> list[str]:
        window = self.window
        return messages([window.warnings, window.screens[self.kiosk.screen]], window)

    def _forget(self) -> None:
        self._armed = None
        self.ring.show_on(None)

    # -- taps ---------------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if kind in PRESSES and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            return self._pressed(watched, event)
        if kind == QEvent.Type.MouseButtonRelease:
            self._press = None
            if self._swallow_release:
                self._swallow_release = False
                return True
            if self._finish_after is not None:
                finished, self._finish_after = self._finish_after, None
                QTimer.singleShot(0, lambda: self._finished(finished))
            return False
        if kind == QEvent.Type.MouseMove and self._press is not None and isinstance(event, QMouseEvent):
            if (event.globalPosition().toPoint() - self._press[0]).manhattanLength() > MOVE_CANCELS_PX:
                self._press = None
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._key(event)
        return False  # keys go on to the lockdown filter, which swallows them and feeds a wedge scanner

    def _pressed(self, watched: QWidget, event: QMouseEvent) -> bool:
        voice, kiosk = self.voice, self.kiosk
        if kiosk.screen == HOME and voice.offered:
            self._press = (event.globalPosition().toPoint(), self.clock())
            if not voice.on and voice.settings.home_hint and not self._hinted:
                self._hinted = True
                seconds = seconds_words(round(voice.settings.long_press_s), kiosk.language)
                voice.announce(HOME_HINT.pick(kiosk.language).format(seconds=seconds), kiosk.language)
        if not voice.on:
            return False
        target = button_of(watched, self.window)
        if target is None or target is self.window.footer.voice.button:
            if isinstance(watched, QLabel) and watched.text():
                voice.say(words_of(watched), kiosk.language)
            return False
        armed = self._armed
        if armed is not None and armed[0] is target and self.clock() - armed[1] <= voice.settings.confirm_s:
            self._armed = None
            if target.property(NAV) == FINISH:
                self._finish_after = target
            return False
        self._read(target, BUTTON)
        kiosk.touch()  # the lockdown filter will not see this tap
        self._swallow_release = True
        return True

    def _read(self, target: QPushButton, prompt: Words) -> None:
        language = self.kiosk.language
        text = words_of(target).replace("\n", "，" if language == "zh_CN" else ", ")
        said = (prompt if target.isEnabled() else DISABLED).pick(language).format(text=text)
        self._armed = (target, self.clock())
        self.ring.show_on(target)
        self.voice.say(said, language)

    def _finished(self, button: QPushButton) -> None:
        """A FINISH button was pressed: the citizen's session is over, and so is the mode."""
        if self.voice.on:
            self.switch(False, FINISHED)

    # -- long press and countdown -------------------------------------------------------------------------------
    def _poll(self) -> None:
        voice, kiosk = self.voice, self.kiosk
        if kiosk.screen == HOME and kiosk.idle.expired:
            self._hinted = False  # nobody has touched home for a while: the next touch is a new citizen's
        press = self._press
        if press is not None and self.clock() - press[1] >= voice.settings.long_press_s:
            self._press = None
            self._swallow_release = True  # the finger that held does not also press what it held
            self._release_buttons()
            self.switch(not voice.on)
        counting = voice.on and kiosk.counting_down
        if counting and not self._counting:
            seconds = max(1, round(kiosk.idle.seconds_left))
            text = COUNTDOWN.pick(kiosk.language).format(seconds=seconds)
            voice.say(text, kiosk.language)
        self._counting = counting

    def _release_buttons(self) -> None:
        for widget in self.window.findChildren(QPushButton):
            if widget.isDown():
                widget.setDown(False)

    # -- keys ---------------------------------------------------------------------------------------------------
    def _key(self, event: QKeyEvent) -> None:
        key, now = event.key(), time.monotonic()
        printable = bool(event.text()) and event.text().isprintable() and key != Qt.Key.Key_Space
        burst = now - self._last_key < BURST_S
        if printable:
            self._last_key = now
            return
        if key not in NEXT | PREVIOUS | ACTIVATE or burst or event.isAutoRepeat():
            return
        voice = self.voice
        self.kiosk.touch()
        if not voice.on:
            if voice.offered:
                self.switch(True)
            return
        if key in ACTIVATE:
            self._activate()
        else:
            self._move(1 if key in NEXT else -1)

    def focusables(self) -> list[QPushButton]:
        """What Tab moves through: the overlay's buttons when one shows, else the page's, then the footer's."""
        window = self.window
        for overlay in (window.countdown, window.help):
            if overlay.isVisible():
                return shown_buttons(overlay, window)
        screen = window.screens[self.kiosk.screen]
        return [*shown_buttons(screen, window), *shown_buttons(window.footer.frame, window)]

    def _move(self, step: int) -> None:
        items = self.focusables()
        if not items:
            return
        current = self._armed[0] if self._armed is not None else None
        index = items.index(current) + step if current in items else (0 if step > 0 else -1)
        self._read(items[index % len(items)], KEY_FOCUS)

    def _activate(self) -> None:
        armed = self._armed
        if armed is None or not armed[0].isVisible():
            self._move(1)
            return
        target = armed[0]
        if not target.isEnabled():
            self._read(target, KEY_FOCUS)
            return
        self._armed = None
        finish = target.property(NAV) == FINISH
        target.click()
        if finish:
            self._finished(target)

    # -- lifetime -----------------------------------------------------------------------------------------------
    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.voice.stop()
