"""What every screen gets: the kiosk's state, a way to run its jobs, the current theme and language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.words import Language, Words
from kiosk.flows.jobs import Job
from kiosk.flows.machine import Kiosk
from ui.theme import Orientation, Theme
from ui.workers import JobRunner


class UiContext:
    def __init__(self, kiosk: Kiosk, runner: JobRunner, orientation: Orientation) -> None:
        self.kiosk, self.runner, self.orientation = kiosk, runner, orientation
        self.quit: Callable[[], None] = lambda: None  # set by the window: the technician's "quit"

    @property
    def theme(self) -> Theme:
        return Theme(elder=self.kiosk.elder_mode, orientation=self.orientation)

    @property
    def language(self) -> Language:
        return self.kiosk.language

    def words(self, words: Words | None) -> str:
        return "" if words is None else words.pick(self.kiosk.language)

    def act(self, action: Callable[[], Job[Any] | None]) -> None:
        """A tap: do it, run the job it returns off the UI thread, show the new state."""
        self.runner.submit(action())
        self.kiosk.changed()

    def go(self, screen: str) -> None:
        self.act(lambda: self.kiosk.go(screen))

    def home(self) -> None:
        self.act(self.kiosk.home)
