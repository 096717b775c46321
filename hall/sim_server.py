"""The HTTP server of a simulator the hall talks to (the payment gateway's, the 12345 hotline's), served from a
thread of its own so the simulator's prompt (or a test) goes on beside it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ServedInThread:
    def __init__(self, name: str) -> None:
        self.name = name
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self, host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> int:
        """Serve ``handler`` on ``host``:``port``; the port bound (the free one chosen when 0 was asked)."""
        server = self._server = ThreadingHTTPServer((host, port), handler)
        server.daemon_threads = True
        server.block_on_close = False  # stopping never waits for a slow request's thread
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=self.name, daemon=True
        )
        self._thread.start()
        return int(server.server_address[1])

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
