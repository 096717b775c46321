"""A real AF_UNIX datagram socket standing in for systemd's NOTIFY_SOCKET: what a service told systemd, read back.

A thread reads every datagram into a list; a test waits for a field (``READY=1``, ``WATCHDOG=1``) with a
deadline that only matters when something is wrong, and reads what came after a given point.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

ARRIVES_WITHIN_S = 120.0  # generous: a loaded machine starts the hall or Qt slowly; only a failure waits it


class NotifySocket:
    """Bound at ``path`` (or, with ``abstract``, at an abstract name); ``env`` is what to give the service."""

    def __init__(self, path: Path | None = None, *, abstract: str | None = None) -> None:
        # A socket's path has at most 107 bytes: pytest's tmp_path can be longer, so the default is short.
        self._dir = None if path is not None or abstract is not None else Path(tempfile.mkdtemp(prefix="notify-"))
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract is not None:
            self._sock.bind(b"\0" + abstract.encode())
            self.env_value = "@" + abstract
        else:
            where = path if path is not None else self._dir / "notify"  # type: ignore[operator]
            self._sock.bind(str(where))
            self.env_value = str(where)
        self._sock.settimeout(0.2)
        self.messages: list[list[str]] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._read, name="notify-socket", daemon=True)
        self._thread.start()

    def env(self, watchdog_usec: int | None = None) -> dict[str, str]:
        env = {"NOTIFY_SOCKET": self.env_value}
        if watchdog_usec is not None:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        return env

    def _read(self) -> None:
        while not self._closed.is_set():
            try:
                data = self._sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.messages.append(data.decode("utf-8").split("\n"))

    def fields(self, since: int = 0) -> list[str]:
        """Every line received, from message number ``since`` on."""
        with self._lock:
            return [field for message in self.messages[since:] for field in message]

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def wait_for(self, field: str, since: int = 0, timeout: float = ARRIVES_WITHIN_S) -> int:
        """Wait until a line starting with ``field`` arrived (from message ``since`` on); the message count then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(line.startswith(field) for line in self.fields(since)):
                return self.count()
            time.sleep(0.05)
        raise AssertionError(f"no {field!r} within {timeout:g} s; received: {self.fields()}")

    def close(self) -> None:
        self._closed.set()
        self._thread.join(5)
        self._sock.close()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> NotifySocket:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.close()
