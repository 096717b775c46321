"""A virtual serial cable to a TCP peer: bytes from a pty go to a socket and back, at a serial line's pace.

The pad simulator's pymodbus server listens on TCP with RTU framing; a driver opening ``serial:///dev/pts/N``
reaches it through this relay, the way an RS-485 adapter reaches the pads.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from drivers.sim.pty import close_pty, open_pty

log = logging.getLogger(__name__)


class PtyTcpRelay:
    """Relays between a fresh pty and ``(host, port)``; ``baud()`` (None: as fast as possible) paces the bytes."""

    def __init__(self, host: str, port: int, baud: Callable[[], int | None], link: Path | None = None) -> None:
        self._peer = (host, port)
        self._baud = baud
        self._link = link
        self._running = False
        self._fds: tuple[int, int] | None = None
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.path = ""

    def start(self) -> str:
        master, slave, self.path = open_pty(self._link)
        self._fds = (master, slave)
        self._socket = socket.create_connection(self._peer, timeout=2)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._running = True
        self._thread = threading.Thread(target=self._run, args=(master, self._socket), name="sim-pads-pty", daemon=True)
        self._thread.start()
        return self.path

    def stop(self) -> None:
        self._running = False
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=2)
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()
        fds, self._fds = self._fds, None
        if fds is not None:
            close_pty(fds, self._link)

    def _pace(self, size: int) -> None:
        baud = self._baud()
        if baud:
            time.sleep(size * 10 / baud)  # 8N1: ten bits a byte on the line

    def _run(self, master: int, sock: socket.socket) -> None:
        try:
            while self._running:
                ready, _, _ = select.select([master, sock.fileno()], [], [], 0.05)
                if master in ready:
                    data = os.read(master, 4096)
                    self._pace(len(data))
                    sock.sendall(data)
                if sock.fileno() in ready:
                    data = sock.recv(4096)
                    if not data:
                        return
                    self._pace(len(data))
                    with contextlib.suppress(BlockingIOError):
                        os.write(master, data)
        except OSError as error:
            if self._running:
                log.warning("pad simulator relay stopped: %s", error)
