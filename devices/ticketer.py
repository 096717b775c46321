"""The ticketer's calling side as the application sees it: calls, their wording, the voice queue, window displays."""

from __future__ import annotations

import logging
import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol

from devices.simulator import Simulator
from devices.state import DeviceStatus, Listener

log = logging.getLogger(__name__)

_ZH_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Call:
    """A number called (or called again: ``recalls`` counts) to a window."""

    number: str  # "A017"
    window: int
    recalls: int = 0
    category: str = ""  # the category's prefix or name, for displays
    window_name: str = ""


def announcement_text(call: Call, lang: str = "zh") -> str:
    """What displays and logs show: ``请A017号到3号窗口办理`` / ``Number A017, please go to window 3``."""
    if lang == "en":
        return f"Number {call.number}, please go to window {call.window}"
    return f"请{call.number}号到{call.window}号窗口办理"


def zh_number(value: int) -> str:
    """A window number as a Mandarin speaker says it: 3 -> 三, 12 -> 十二, 20 -> 二十; 100 and up digit by digit."""
    if value < 0:
        raise ValueError("a window number is not negative")
    if value < 10:
        return _ZH_DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
    return "".join(_ZH_DIGITS[int(d)] for d in str(value))


def spell_number(number: str, lang: str = "zh") -> str:
    """A ticket number read one sign at a time: ``A017`` -> ``A零一七`` (zh) or ``A 0 1 7`` (en).

    Said as a whole, 017 would become 十七 (seventeen); halls read every digit, and letters by their names.
    """
    if lang == "en":
        return " ".join(number.upper())
    return "".join(_ZH_DIGITS[int(ch)] if ch.isdigit() else ch.upper() for ch in number if not ch.isspace())


def spoken_text(call: Call, lang: str = "zh") -> str:
    """The words the voice says, spelt so that a speech engine or a set of clips reads them right.

    ``请A零一七号，到三号窗口办理`` - only letters, Chinese numerals, the fixed words and one comma for the pause.
    """
    if lang == "en":
        return f"Number {spell_number(call.number, 'en')}, please go to window {call.window}"
    return f"请{spell_number(call.number)}号，到{zh_number(call.window)}号窗口办理"


class VoiceUnavailable(RuntimeError):
    """The voice cannot make sound here: a program is missing or failed. The message is for a technician."""


class VoiceBackend(Protocol):
    """Something that makes sound. Both calls block until the audio has played."""

    def speak(self, text: str) -> None: ...

    def chime(self) -> None: ...


QuietHours = Sequence[tuple[time, time]]


def in_quiet_hours(moment: time, quiet_hours: QuietHours) -> bool:
    """True when ``moment`` falls in one of the spans, start included, end excluded; 22:00-07:00 spans midnight."""
    for start, end in quiet_hours:
        if start <= end:
            if start <= moment < end:
                return True
        elif moment >= start or moment < end:
            return True
    return False


class Announcer:
    """Speaks calls one after another on one worker thread (started by ``open``): chime, then the words
    ``repeats`` times.

    ``announce`` only enqueues, so a caller (the pad bus, the event stream) never waits for audio, and a call
    never cuts off the one being spoken: the next starts when the backend returns. Calls that come in during
    quiet hours are logged and not spoken; showing them on the displays is the caller's business.
    """

    def __init__(
        self,
        backend: VoiceBackend,
        *,
        repeats: int = 2,
        quiet_hours: QuietHours = (),
        clock: Callable[[], datetime] = datetime.now,
        languages: Sequence[str] = ("zh",),
        pause: float = 0.5,
    ) -> None:
        if repeats < 1:
            raise ValueError("an announcement is said at least once")
        self.backend = backend
        self.repeats = repeats
        self.quiet_hours = list(quiet_hours)
        self.languages = tuple(languages)
        self.pause = pause  # seconds of silence between two repeats
        self._clock = clock
        self._queue: queue.Queue[Call | None] = queue.Queue()
        self._idle = threading.Condition()
        self._pending = 0
        self._closing = threading.Event()
        self.spoken = 0
        self.skipped_quiet = 0
        self.failed = 0
        self._last_failure = ""
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)

    def open(self) -> None:
        """Start the worker that speaks; calls announced before are spoken then."""
        with self._idle:
            if self._thread.ident is None and not self._closing.is_set():
                self._thread.start()

    @property
    def pending(self) -> int:
        """Calls queued or being spoken."""
        with self._idle:
            return self._pending

    def announce(self, call: Call) -> None:
        """Queue a call to be spoken after those before it. Never blocks."""
        if in_quiet_hours(self._clock().time(), self.quiet_hours):
            log.info("quiet hours: %s to window %d shown, not spoken", call.number, call.window)
            self.skipped_quiet += 1
            return
        with self._idle:  # the same lock as close(), so nothing is queued behind the worker's last look
            if self._closing.is_set():
                log.warning("announcer closed: %s to window %d not spoken", call.number, call.window)
                return
            self._pending += 1
            self._queue.put(call)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every queued call has been spoken; False if ``timeout`` ran out first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float | None = None) -> None:
        """Let the announcement being spoken finish, drop the queued ones (logged) and stop the worker."""
        with self._idle:
            if not self._closing.is_set():
                self._closing.set()
                self._queue.put(None)
            started = self._thread.ident is not None
        if started:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            call = self._queue.get()
            if call is None:
                self._drop_rest()
                return
            try:
                if self._closing.is_set():
                    log.warning("announcer closing: %s to window %d not spoken", call.number, call.window)
                    continue
                self._speak(call)
                self.spoken += 1
            except VoiceUnavailable as error:
                # No sound here (no sound card, a program missing): one line, and only when the reason changes.
                self.failed += 1
                level = logging.DEBUG if str(error) == self._last_failure else logging.WARNING
                self._last_failure = str(error)
                log.log(level, "could not speak %s to window %d: %s", call.number, call.window, error)
            except Exception:
                # A broken audio device must not stop later calls; the displays still show this one.
                self.failed += 1
                log.exception("could not speak %s to window %d", call.number, call.window)
            finally:
                self._done()

    def _speak(self, call: Call) -> None:
        log.info("announcing %s to window %d (recall %d)", call.number, call.window, call.recalls)
        self.backend.chime()
        for repeat in range(self.repeats):
            if repeat and self.pause > 0:
                self._closing.wait(self.pause)
            for lang in self.languages:
                self.backend.speak(spoken_text(call, lang))

    def _drop_rest(self) -> None:
        while True:
            try:
                call = self._queue.get_nowait()
            except queue.Empty:
                return
            if call is not None:
                log.warning("announcer closing: %s to window %d not spoken", call.number, call.window)
                self._done()

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()


class WindowDisplays(ABC):
    """The number displays above the windows, addressed by window number. Calls return once the display
    answered or was given up on; a display that does not answer shows in ``statuses`` and never stops the others.
    Made from its URL by the driver registry; ``open`` starts it (and the simulator behind ``sim://``).
    """

    simulator: Simulator | None = None  # the simulated displays behind a sim:// URL

    @abstractmethod
    def open(self) -> None:
        """Start: the simulator for ``sim://``, and the health checks that restore what a display lost."""

    @abstractmethod
    def show(self, window: int, number: str, text: str = "") -> None:
        """Show ``number`` (big) and ``text`` (a scrolling line, e.g. ``请A017号到3号窗口办理``) on the window."""

    @abstractmethod
    def clear(self, window: int) -> None: ...

    @abstractmethod
    def statuses(self) -> dict[int, DeviceStatus]:
        """Each window display's status by window number."""

    @abstractmethod
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every display's status changes; returns the function that unsubscribes."""

    @abstractmethod
    def close(self) -> None: ...
