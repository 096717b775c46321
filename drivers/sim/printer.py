"""The virtual receipt printer: a peer on a pty or TCP port that prints ESC/POS to PNGs and fails on command."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PIL import Image

from devices.simulator import Action, Fault, FaultMode, Simulator, once
from drivers.escpos.interpreter import EscPosInterpreter, ReceiptCut, Skipped, StatusRequest
from drivers.escpos.render import render_receipt
from drivers.escpos.status import PrinterCondition
from drivers.sim.pty import close_pty, open_pty

log = logging.getLogger(__name__)

DOTS_PER_MM = 8  # 203 dpi print heads
# Receipts held in memory (``receipts``), newest last; older ones are dropped so a simulated printer that runs for
# days (the shipped demo station) does not hold every image it ever printed. ``printed`` counts them all.
KEEP_RECEIPTS = 100


@dataclass(frozen=True)
class PrintedReceipt:
    image: Image.Image
    path: Path | None
    truncated: bool  # the paper ran out part-way


Reply = Callable[[bytes], None]


PRINTER_FAULTS = (
    Fault("paper-out", "缺纸", "Paper out", technician=True),
    Fault("near-end", "纸将用完", "Paper low", technician=True),
    Fault("cover-open", "打开机盖", "Open cover", technician=True),
    Fault("refill-close", "装纸并关盖", "Refill, close", FaultMode.ONCE, technician=True),
    Fault("cutter-jam", "切刀卡住", "Cutter jammed"),
    Fault("silent", "不回答状态查询", "No answer to status requests"),
)


class VirtualPrinter(Simulator):
    """Interprets what it receives like a printer with the given dot width; faults are set while it runs."""

    kind = "printer"

    def __init__(self, *, dots_per_line: int = 576, out_dir: Path | None = None) -> None:
        self.dots_per_line = dots_per_line
        self.out_dir = out_dir
        self.condition = PrinterCondition()
        self.silent = False
        self.baud: int | None = None
        self.paper_left_mm: float | None = None
        self.receipts: list[PrintedReceipt] = []  # the last KEEP_RECEIPTS
        self.printed = 0  # receipts printed since start
        self.skipped: list[Skipped] = []
        self.bytes_received = 0
        self._interpreter = EscPosInterpreter(dots_per_line)
        self._lock = threading.Condition()
        self._running = True
        self._threads: list[threading.Thread] = []
        self._pty: tuple[int, int] | None = None
        self._pty_thread: threading.Thread | None = None
        self._link: Path | None = None
        self.pty_path: str | None = None
        self._server: socket.socket | None = None
        self._clients: list[socket.socket] = []
        self.tcp_port: int | None = None

    # -- endpoints ------------------------------------------------------------------------------------------
    def start_pty(self, link: Path | None = None) -> str:
        """Open a virtual serial port; return its path (and point ``link`` at it)."""
        master, slave, self.pty_path = open_pty(link)
        self._pty = (master, slave)
        self._link = link if link is not None else self._link
        self._pty_thread = self._spawn(self._serve_pty, master)
        log.info("virtual printer on %s", self.pty_path)
        return self.pty_path

    def start_tcp(self, port: int = 0, host: str = "127.0.0.1") -> int:
        server = socket.create_server((host, port), reuse_port=False)
        server.settimeout(0.1)
        self._server = server
        self.tcp_port = server.getsockname()[1]
        self._spawn(self._accept, server)
        log.info("virtual printer on tcp://%s:%d", host, self.tcp_port)
        return self.tcp_port

    def stop(self) -> None:
        self._running = False
        self.drop_connection()
        if self._server is not None:
            self._server.close()
            self._server = None
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()

    # -- faults ---------------------------------------------------------------------------------------------
    def set_condition(self, **changes: bool) -> None:
        with self._lock:
            self.condition = replace(self.condition, **changes)

    def fault_list(self) -> tuple[Fault, ...]:
        return PRINTER_FAULTS

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        def condition(field: str) -> tuple[Action, Action]:
            return lambda _t: self.set_condition(**{field: True}), lambda _t: self.set_condition(**{field: False})

        def silent(on: bool) -> Action:
            return lambda _t: setattr(self, "silent", on)

        return {
            "paper-out": condition("paper_out"),
            "near-end": condition("paper_near_end"),
            "cover-open": condition("cover_open"),
            "refill-close": once(lambda _t: self._refill_and_close()),
            "cutter-jam": condition("cutter_error"),
            "silent": (silent(True), silent(False)),
        }

    def _refill_and_close(self) -> None:
        self.refill()
        self.set_condition(cover_open=False)

    def paper_out_after(self, millimetres: float) -> None:
        with self._lock:
            self.paper_left_mm = millimetres

    def refill(self) -> None:
        with self._lock:
            self.paper_left_mm = None
            self.condition = replace(self.condition, paper_out=False, paper_near_end=False)

    def drop_connection(self) -> None:
        """Pull the cable: the pty disappears (or TCP clients are cut off)."""
        pty, self._pty = self._pty, None
        thread, self._pty_thread = self._pty_thread, None
        if thread is not None and thread is not threading.current_thread():
            # Wait for the reader to notice before the descriptors are closed: a new pty may reuse their numbers.
            thread.join(timeout=2)
        if pty is not None:
            close_pty(pty, self._link)
        for client in list(self._clients):
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
            client.close()
        self._clients.clear()

    def replug(self) -> str:
        """Plug the cable back in: a new pty, the link pointed at it."""
        self.drop_connection()
        return self.start_pty(self._link)

    # -- waiting (tests, CLI) -------------------------------------------------------------------------------
    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> list[PrintedReceipt]:
        with self._lock:
            self._lock.wait_for(lambda: self.printed >= count, timeout)
            return list(self.receipts)

    # -- the printer itself ---------------------------------------------------------------------------------
    def _spawn(self, target: Callable[..., None], *args: object) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name="virtual-printer", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()
        return thread

    def _chunk_size(self) -> int:
        # Read about 10 ms of line time at once when throttled, so pacing stays close to the wire's.
        return 4096 if self.baud is None else max(1, self.baud // 1000)

    def _pace(self, size: int) -> None:
        if self.baud is not None:
            time.sleep(size * 10 / self.baud)

    def _serve_pty(self, master: int) -> None:
        def reply(data: bytes) -> None:
            os.write(master, data)

        while self._running and self._pty is not None and self._pty[0] == master:
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, self._chunk_size())
            except (OSError, ValueError):
                return
            if not data:
                return
            self._pace(len(data))
            with contextlib.suppress(OSError):
                self.receive(data, reply)

    def _accept(self, server: socket.socket) -> None:
        while self._running:
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._clients.append(client)
            self._spawn(self._serve_client, client)

    def _serve_client(self, client: socket.socket) -> None:
        client.settimeout(0.05)
        while self._running:
            try:
                data = client.recv(self._chunk_size())
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            self._pace(len(data))
            try:
                self.receive(data, client.sendall)
            except OSError:
                break
        with contextlib.suppress(OSError):
            client.close()
        if client in self._clients:
            self._clients.remove(client)

    def receive(self, data: bytes, reply: Reply) -> None:
        """Bytes from the host: answer status requests, print each cut receipt, report what it cannot parse."""
        with self._lock:
            self.bytes_received += len(data)
            events = self._interpreter.feed(data)
        for event in events:
            if isinstance(event, StatusRequest):
                if not self.silent:
                    reply(bytes([self.condition.status_byte(event.n)]))
            elif isinstance(event, ReceiptCut):
                self._print(render_receipt(event.receipt, self.dots_per_line))
            elif isinstance(event, Skipped):
                log.warning("virtual printer skipped %d byte(s) at %d: %s", len(event.data), event.offset, event.reason)
                self.skipped.append(event)

    def _print(self, image: Image.Image) -> None:
        with self._lock:
            if self.condition.offline:
                log.warning("virtual printer is offline (%s); receipt lost", self.condition)
                return
            length_mm = image.height / DOTS_PER_MM
            truncated = False
            if self.paper_left_mm is not None:
                if length_mm > self.paper_left_mm:
                    image = image.crop((0, 0, image.width, int(self.paper_left_mm * DOTS_PER_MM)))
                    truncated = True
                    self.paper_left_mm = 0
                    self.condition = replace(self.condition, paper_out=True)
                else:
                    self.paper_left_mm -= length_mm
            path = None
            if self.out_dir is not None:
                self.out_dir.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                path = self.out_dir / f"receipt-{self.printed + 1:04d}-{stamp}.png"
                image.save(path)
            self.printed += 1
            self.receipts.append(PrintedReceipt(image, path, truncated))
            del self.receipts[:-KEEP_RECEIPTS]
            self._lock.notify_all()
