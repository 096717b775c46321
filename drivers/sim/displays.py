"""Virtual window displays: a bus of displays on a pty (or a TCP port, as an RS-485 gateway) answering the
window-display protocol, keeping what each shows, with a silent display, NAKs and garbled answers on command."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from devices.listeners import Listeners
from devices.simulator import Action, Fault, FaultMode, Simulator, once, require_target
from drivers.sim.pty import close_pty, open_pty
from drivers.ticketer.display_protocol import (
    BROADCAST,
    BadPayload,
    Command,
    DisplayState,
    Frame,
    FrameParser,
    NakReason,
    ShowContent,
    StatusFlags,
    ack_frame,
    nak_frame,
    parse_show,
    status_payload,
)

log = logging.getLogger(__name__)


class DisplayFault(StrEnum):
    SILENT = "silent"  # unplugged or dead: no answers
    NAK = "nak"  # answers NAK BUSY
    GARBLED = "garbled"  # answers with a broken CRC, as noise on the line would
    LED = "led"  # works, but reports a failed LED module


@dataclass
class VirtualDisplay:
    """One display above a window: what it shows now, and each change it was asked to make."""

    address: int
    window: int
    shown: ShowContent | None = None
    brightness: int = 80
    restarted: bool = False
    history: list[ShowContent | None] = field(default_factory=list)
    faults: set[DisplayFault] = field(default_factory=set)
    fault_times: int | None = None  # None: the fault stays on; N: for the next N frames only
    frames: int = 0  # frames addressed to it that it saw


DISPLAY_FAULTS = (
    Fault(DisplayFault.SILENT, "窗口屏不应答", "Display stops answering", target="window"),
    Fault(DisplayFault.NAK, "窗口屏回答忙", "Display answers NAK (busy)", target="window"),
    Fault(DisplayFault.GARBLED, "窗口屏应答损坏", "Display's answers arrive with a broken CRC", target="window"),
    Fault(DisplayFault.LED, "窗口屏显示模块故障", "Display reports a failed LED module", target="window"),
    Fault("power", "窗口屏断电", "Power cut at the display: it comes back blank", FaultMode.ONCE, target="window"),
)


class VirtualDisplayBus(Simulator):
    """Displays on one RS-485 line. Every display hears every frame; only the one addressed answers."""

    kind = "displays"

    def __init__(self, windows: Mapping[int, int]) -> None:
        """``windows`` maps each window number to its display's bus address."""
        self.displays = {address: VirtualDisplay(address, window) for window, address in windows.items()}
        self._by_window = {window: self.displays[address] for window, address in windows.items()}
        self.changes: Listeners[VirtualDisplay] = Listeners("virtual displays")
        self._parser = FrameParser()
        self._lock = threading.RLock()
        self._running = False
        self._thread: threading.Thread | None = None
        self._pty: tuple[int, int] | None = None
        self._link: Path | None = None
        self._listener: socket.socket | None = None
        self._client: socket.socket | None = None
        self.pty_path: str | None = None
        self.tcp_port: int | None = None

    # -- test API -------------------------------------------------------------------------------------------
    def display(self, window: int) -> VirtualDisplay:
        """The display above ``window`` (or, when no window has that number, at that address)."""
        found = self._by_window.get(window) or self.displays.get(window)
        if found is None:
            raise KeyError(f"no display for window or address {window}")
        return found

    def shown(self, window: int) -> ShowContent | None:
        """What the display above ``window`` shows; None when it is clear."""
        with self._lock:
            return self.display(window).shown

    def inject(self, window: int, fault: DisplayFault, times: int | None = None) -> None:
        with self._lock:
            target = self.display(window)
            target.faults.add(fault)
            target.fault_times = times

    def clear_faults(self, window: int | None = None) -> None:
        with self._lock:
            for target in [self.display(window)] if window is not None else self.displays.values():
                target.faults.clear()
                target.fault_times = None

    def fault_list(self) -> tuple[Fault, ...]:
        return DISPLAY_FAULTS

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        def window_of(target: int | None, fault: Fault) -> int:
            return require_target(fault, target, set(self._by_window))

        def switch(fault: Fault) -> tuple[Action, Action]:
            kind = DisplayFault(fault.name)
            return (
                lambda t: self.inject(window_of(t, fault), kind),
                lambda t: self._clear(window_of(t, fault), kind),
            )

        power = DISPLAY_FAULTS[-1]
        actions = {fault.name: switch(fault) for fault in DISPLAY_FAULTS if fault is not power}
        return actions | {power.name: once(lambda t: self.power_cycle(window_of(t, power)))}

    def _clear(self, window: int, fault: DisplayFault) -> None:
        with self._lock:
            self.display(window).faults.discard(fault)

    def power_cycle(self, window: int) -> None:
        """A power cut at one display: it comes back blank and says so in its next STATUS answer."""
        with self._lock:
            target = self.display(window)
            target.shown, target.restarted = None, True
        self.changes.emit(target)

    # -- the bus --------------------------------------------------------------------------------------------
    def receive(self, data: bytes) -> bytes:
        """Bytes from the host; returns what the displays answer."""
        answers = b""
        for event in self._parser.feed(data):
            if isinstance(event, Frame):
                answers += self._handle(event)
            else:
                log.debug("virtual displays dropped %d byte(s): %s", event.size, event.kind)
        return answers

    def _handle(self, frame: Frame) -> bytes:
        if frame.address == BROADCAST:
            for each in list(self.displays.values()):
                self._apply(each, frame)
            return b""
        target = self.displays.get(frame.address)
        if target is None:
            return b""  # nobody at that address
        with self._lock:
            target.frames += 1
            faults = set(target.faults)
            if target.fault_times is not None:
                target.fault_times -= 1
                if target.fault_times <= 0:
                    target.faults.clear()
                    target.fault_times = None
        if DisplayFault.SILENT in faults:
            return b""
        if DisplayFault.NAK in faults:
            return nak_frame(frame.address, frame.seq, NakReason.BUSY)
        answer = self._apply(target, frame, led_fault=DisplayFault.LED in faults)
        if DisplayFault.GARBLED in faults:
            answer = answer[:-3] + bytes([answer[-3] ^ 0x5A]) + answer[-2:]
        return answer

    def _apply(self, target: VirtualDisplay, frame: Frame, *, led_fault: bool = False) -> bytes:
        address, seq = target.address, frame.seq
        with self._lock:
            if frame.command == Command.SHOW:
                try:
                    target.shown = parse_show(frame.payload)
                except BadPayload:
                    return nak_frame(address, seq, NakReason.BAD_PAYLOAD)
            elif frame.command == Command.CLEAR and not frame.payload:
                target.shown = None
            elif frame.command == Command.BRIGHTNESS and len(frame.payload) == 1 and frame.payload[0] <= 100:
                target.brightness = frame.payload[0]
            elif frame.command == Command.STATUS and not frame.payload:
                flags = (StatusFlags.LED_FAULT if led_fault else StatusFlags.NONE) | (
                    StatusFlags.RESTARTED if target.restarted else StatusFlags.NONE
                )
                number = target.shown.number if target.shown else ""
                target.restarted = False
                return ack_frame(address, seq, status_payload(DisplayState(flags, target.brightness, number)))
            elif frame.command in {Command.SHOW, Command.CLEAR, Command.BRIGHTNESS, Command.STATUS}:
                return nak_frame(address, seq, NakReason.BAD_PAYLOAD)
            else:
                return nak_frame(address, seq, NakReason.BAD_COMMAND)
            if frame.command != Command.BRIGHTNESS:
                target.history.append(target.shown)
        self.changes.emit(target)
        return ack_frame(address, seq)

    # -- endpoints ------------------------------------------------------------------------------------------
    def start_pty(self, link: Path | None = None) -> str:
        """A virtual serial port for the bus; returns its path (and points ``link`` at it)."""
        master, slave, self.pty_path = open_pty(link)
        self._pty, self._link = (master, slave), link
        self._start()
        log.info("virtual window displays on %s", self.pty_path)
        return self.pty_path

    def start_tcp(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Listen as an RS-485-to-Ethernet gateway does (one client at a time); returns the port."""
        listener = socket.create_server((host, port))
        self._listener = listener
        self.tcp_port = int(listener.getsockname()[1])
        self._start()
        log.info("virtual window displays on tcp %s:%d", host, self.tcp_port)
        return self.tcp_port

    def stop(self) -> None:
        self._running = False
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        pty, self._pty = self._pty, None
        if pty is not None:
            close_pty(pty, self._link)
        for sock in (self._client, self._listener):
            if sock is not None:
                sock.close()
        self._client = self._listener = None

    def _start(self) -> None:
        if self._thread is None:
            self._running = True
            self._thread = threading.Thread(target=self._serve, name="virtual-displays", daemon=True)
            self._thread.start()

    def _serve(self) -> None:
        while self._running:
            sources: list[int | socket.socket] = [s for s in (self._listener, self._client) if s is not None]
            if self._pty is not None:
                sources.append(self._pty[0])
            try:
                ready, _, _ = select.select(sources, [], [], 0.05)
            except (OSError, ValueError):
                return
            for source in ready:
                self._serve_one(source)

    def _serve_one(self, source: int | socket.socket) -> None:
        if source is self._listener and self._listener is not None:
            client, _ = self._listener.accept()
            if self._client is not None:
                self._client.close()  # a gateway serves one host; the newest wins
            self._client = client
            return
        reply: Callable[[bytes], object]
        try:
            if isinstance(source, socket.socket):
                data, reply = source.recv(4096), source.sendall
            else:
                data = os.read(source, 4096)
                reply = lambda answer: os.write(source, answer)  # noqa: E731 - one line, one port
        except OSError:
            data, reply = b"", len
        if not data:
            if isinstance(source, socket.socket):
                source.close()
                self._client = None
            return
        answer = self.receive(data)
        if answer:
            with contextlib.suppress(OSError):
                reply(answer)
