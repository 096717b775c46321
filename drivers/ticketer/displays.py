"""The window displays' driver: one RS-485 line (serial:// or an Ethernet gateway's socket://), each display
addressed by its window, with retries on NAK and silence, a status per display, and content restored after a
display loses power. ``sim://`` puts virtual displays on a pty behind the same driver. Made, it holds nothing
open; ``open`` starts the simulator and the health checks, ``close`` stops them."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from devices.state import DeviceState, DeviceStatus, Listener, Reason, StatusBoard
from devices.ticketer import WindowDisplays
from devices.url import DISPLAY_SCHEMES, DeviceUrlError, parse_device_url
from drivers.ticketer.display_protocol import (
    BROADCAST,
    BadPayload,
    Command,
    Frame,
    FrameParser,
    NakReason,
    Problem,
    ShowContent,
    ShowFlags,
    StatusFlags,
    brightness_frame,
    clear_frame,
    parse_status,
    show_frame,
    status_frame,
)
from drivers.transports import SerialTransport, Transport, TransportError

if TYPE_CHECKING:
    from drivers.sim.displays import VirtualDisplayBus

log = logging.getLogger(__name__)

DEFAULT_BAUDRATE = 9600  # what RS-485 LED displays ship set to
ANSWER_TIMEOUT = 0.25  # plus the frames' wire time at the line's speed
RETRIES = 2
HEALTH_INTERVAL = 30.0
LED_FAULT_TEXT = "显示模块故障 / LED module fault"


def _simulator(simulated: bool, windows: Mapping[int, int]) -> VirtualDisplayBus | None:
    """The virtual displays for a ``sim://`` line, made but not started; None for real ones."""
    if not simulated:
        return None
    from drivers.sim.displays import VirtualDisplayBus  # noqa: PLC0415 - only simulated halls load it

    return VirtualDisplayBus(windows)


class _Outcome:
    """How one exchange ended: the answer, or the reason there was none."""

    def __init__(self, answer: Frame | None = None, reason: Reason | None = None, detail: str = "") -> None:
        self.answer, self.reason, self.detail = answer, reason, detail


class SerialWindowDisplays(WindowDisplays):
    """Window displays on one bus. Thread-safe: one exchange on the line at a time."""

    def __init__(
        self,
        url: str,
        windows: Mapping[int, int],
        *,
        answer_timeout: float = ANSWER_TIMEOUT,
        retries: int = RETRIES,
        health_interval: float = HEALTH_INTERVAL,
        name: str = "window_display",
    ) -> None:
        """``windows`` maps window number to bus address (1..247). ``health_interval`` seconds between STATUS
        rounds that find silent displays and restore what a restarted one lost; 0 turns them off."""
        if not windows:
            raise DeviceUrlError("没有配置窗口屏 / no window displays configured")
        if len(set(windows.values())) != len(windows) or not all(1 <= a <= 247 for a in windows.values()):
            raise DeviceUrlError("窗口屏地址须为 1-247 且不重复 / display addresses must be 1..247 and unique")
        self._parsed = parse_device_url(url, DISPLAY_SCHEMES)
        self.url = url
        self.windows = dict(windows)
        self.answer_timeout = answer_timeout
        self.retries = retries
        self.health_interval = health_interval
        self.simulator = self._simulated = _simulator(self._parsed.is_simulated, self.windows)
        # A real line opens on first use; a simulator's pty exists only once open() has started it.
        self._transport: Transport | None = (
            None if self._simulated else SerialTransport(self._parsed, default_baudrate=DEFAULT_BAUDRATE)
        )
        self.errors: dict[int, Counter[str]] = {window: Counter() for window in self.windows}
        self._boards = {window: StatusBoard(f"{name}_{window}") for window in self.windows}
        self._wanted: dict[int, ShowContent | None] = {}
        self._parser = FrameParser()
        self._seq = 0
        self._lock = threading.RLock()
        self._closed = threading.Event()
        self._health: threading.Thread | None = None
        self._opened = False

    def open(self) -> None:
        """Start the simulated displays behind ``sim://`` and the health checks; the line opens on first use."""
        with self._lock:
            if self._opened or self._closed.is_set():
                return
            self._opened = True
            if self._simulated is not None:
                path = self._simulated.start_pty()
                self._transport = SerialTransport(
                    parse_device_url(f"serial://{path}"), default_baudrate=DEFAULT_BAUDRATE
                )
            if self.health_interval > 0:
                self._health = threading.Thread(
                    target=self._check_every, args=(self.health_interval,), name="window-displays-health", daemon=True
                )
                self._health.start()

    @property
    def transport(self) -> Transport:
        """The line; TransportError (reported as disconnected) while a simulated one is not yet open."""
        if self._transport is None:
            raise TransportError(f"窗口屏未打开 / the window displays are not open: {self.url}")
        return self._transport

    # -- WindowDisplays -------------------------------------------------------------------------------------
    def show(self, window: int, number: str, text: str = "", *, blink: bool = True, recall: bool = False) -> None:
        flags = (ShowFlags.BLINK if blink else ShowFlags.NONE) | (ShowFlags.RECALL if recall else ShowFlags.NONE)
        content = ShowContent(number, text, flags)
        if self._address(window) is None:
            return
        with self._lock:
            self._wanted[window] = content
            self._send(window, lambda address, seq: show_frame(address, seq, content))

    def clear(self, window: int) -> None:
        if self._address(window) is None:
            return
        with self._lock:
            self._wanted[window] = None
            self._send(window, clear_frame)

    def clear_all(self) -> None:
        """One broadcast frame (address 0) blanks every display at once, as at the end of the service day.
        Broadcasts are never answered, so this says nothing about the displays' health."""
        with self._lock:
            self._wanted = dict.fromkeys(self.windows)
            self._seq = (self._seq + 1) & 0xFF
            try:
                if not self.transport.is_open:
                    self.transport.open()
                self.transport.write(clear_frame(BROADCAST, self._seq))
            except TransportError as error:
                log.warning("window displays: broadcast clear failed: %s", error)

    def brightness(self, window: int, level: int) -> None:
        """0..100; halls dim the displays after hours."""
        if self._address(window) is not None:
            self._send(window, lambda address, seq: brightness_frame(address, seq, level))

    def statuses(self) -> dict[int, DeviceStatus]:
        return {window: board.status for window, board in self._boards.items()}

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every display's status changes; returns the function that unsubscribes."""
        removers = [board.subscribe(listener) for board in self._boards.values()]

        def remove() -> None:
            for remover in removers:
                remover()

        return remove

    def close(self) -> None:
        self._closed.set()
        if self._health is not None and self._health is not threading.current_thread():
            self._health.join()
        with self._lock:
            if self._transport is not None:
                self._transport.close()
        if self._simulated is not None:
            self._simulated.stop()
        for board in self._boards.values():
            board.publish(DeviceStatus(DeviceState.OFFLINE))

    # -- health ---------------------------------------------------------------------------------------------
    def check(self) -> dict[int, DeviceStatus]:
        """Ask every display for its status; send a display that restarted or came back what it should show."""
        for window in self.windows:
            with self._lock:
                if self._closed.is_set():
                    break
                was_usable = self._boards[window].status.usable
                outcome = self._send(window, status_frame)
                if outcome.answer is None or outcome.answer.command != Command.ACK:
                    continue
                try:
                    state = parse_status(outcome.answer.payload)
                except BadPayload as error:
                    self._fail(window, Reason.PROTOCOL_ERROR, str(error))
                    continue
                if StatusFlags.LED_FAULT in state.flags:
                    self._boards[window].publish(DeviceStatus(DeviceState.DEGRADED, detail=LED_FAULT_TEXT))
                self._restore(window, state.number, StatusFlags.RESTARTED in state.flags or not was_usable)
        return self.statuses()

    def _restore(self, window: int, number_shown: str, lost: bool) -> None:
        if window not in self._wanted:
            return  # nothing sent yet: whatever it shows is not ours to fix
        wanted = self._wanted[window]
        if wanted is None and (lost or number_shown):
            self._send(window, clear_frame)
        elif wanted is not None and (lost or number_shown != wanted.number):
            log.info("window display %d: showing %s again", window, wanted.number)
            calm = ShowContent(wanted.number, wanted.text, wanted.flags & ~ShowFlags.BLINK)
            self._send(window, lambda address, seq: show_frame(address, seq, calm))

    def _check_every(self, interval: float) -> None:
        while not self._closed.is_set():
            try:
                self.check()
            except Exception:  # the health thread must outlive any surprise; the next round tries again
                log.exception("window display check failed")
            self._closed.wait(interval)

    # -- the line -------------------------------------------------------------------------------------------
    def _address(self, window: int) -> int | None:
        address = self.windows.get(window)
        if address is None:
            log.debug("window %d has no display configured", window)
        return address

    def _send(self, window: int, build: Callable[[int, int], bytes]) -> _Outcome:
        with self._lock:
            address = self.windows[window]
            self._seq = (self._seq + 1) & 0xFF
            request = build(address, self._seq)
            outcome = self._exchange(window, address, self._seq, request)
            if outcome.answer is not None and outcome.answer.command == Command.ACK:
                status = self._boards[window].status
                if not status.usable or status.reasons:
                    self._boards[window].publish(DeviceStatus(DeviceState.READY))
            elif outcome.reason is not None:
                self._fail(window, outcome.reason, outcome.detail)
            return outcome

    def _fail(self, window: int, reason: Reason, detail: str) -> None:
        log.warning("window display %d: %s", window, detail)
        self._boards[window].publish(DeviceStatus.from_reasons(frozenset({reason}), detail))

    def _exchange(self, window: int, address: int, seq: int, request: bytes) -> _Outcome:
        outcome = _Outcome(reason=Reason.NO_ANSWER, detail=f"地址 {address} 无应答 / no answer from address {address}")
        for attempt in range(self.retries + 1):
            if self._closed.is_set():
                return _Outcome(reason=Reason.DISCONNECTED, detail="closed")
            try:
                if not self.transport.is_open:
                    self.transport.open()
                self.transport.discard_input()
                self._parser.reset()
                self.transport.write(request)
                outcome = self._await(window, address, seq, len(request))
            except TransportError as error:
                self.errors[window]["disconnected"] += 1
                return _Outcome(reason=Reason.DISCONNECTED, detail=str(error))
            answer = outcome.answer
            if answer is not None and answer.command == Command.ACK:
                return outcome
            if answer is not None and answer.command == Command.NAK:
                reason = answer.payload[0] if answer.payload else 0
                if reason != NakReason.BUSY:
                    detail = f"地址 {address} 拒绝命令 / address {address} refused the command (NAK {reason:#04x})"
                    return _Outcome(answer, Reason.PROTOCOL_ERROR, detail)
            log.debug("window display %d: attempt %d failed: %s", window, attempt + 1, outcome.detail)
        return outcome

    def _await(self, window: int, address: int, seq: int, sent: int) -> _Outcome:
        deadline = time.monotonic() + self.answer_timeout + self.transport.seconds_to_send(sent + 16)
        garbled = damaged = False
        while (left := deadline - time.monotonic()) > 0 and not (damaged and self._parser.pending == 0):
            # A whole frame that came damaged ends the wait: nothing more is on its way, so ask again at once.
            for event in self._parser.feed(self.transport.read(256, left)):
                if not isinstance(event, Frame):
                    garbled = True
                    damaged |= event.kind is not Problem.GARBAGE
                    self.errors[window][event.kind.value] += 1
                elif event.address == address and event.seq == seq and event.command in {Command.ACK, Command.NAK}:
                    if event.command == Command.NAK:
                        self.errors[window]["nak"] += 1
                        busy = f"地址 {address} 忙 / address {address} busy (NAK)"
                        return _Outcome(event, Reason.PROTOCOL_ERROR, busy)
                    return _Outcome(event)
                else:
                    self.errors[window]["stray"] += 1  # an answer to someone else, or a late one: not ours
        if garbled:
            detail = f"地址 {address} 应答损坏 / garbled answer from address {address}"
            return _Outcome(reason=Reason.PROTOCOL_ERROR, detail=detail)
        self.errors[window]["timeout"] += 1
        return _Outcome(reason=Reason.NO_ANSWER, detail=f"地址 {address} 无应答 / no answer from address {address}")
