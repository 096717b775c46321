"""A TCP relay on loopback between a client and a real server, to break a link the way a poor one breaks: it
counts the bytes sent towards the server and can cut every connection once a number of them has passed, or
slow them down. Real sockets both sides; only the link is bad."""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit


class Relay:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.cut_after: int | None = None  # upstream bytes, counted from when it was set
        self.delay_per_chunk_s = 0.0
        self.sent_upstream = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.loss_rate = 0.0  # the chance that a chunk, either way, is lost with its connection
        self.latency_s = 0.0  # added before every chunk, either way
        self.dropped = 0  # connections the loss has cut
        self._random = random.Random(0)

    def cut_after_bytes(self, count: int | None) -> None:
        with self._lock:
            self.cut_after, self.sent_upstream = count, 0

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            for source, target, upstream in ((client, server, True), (server, client, False)):
                thread = threading.Thread(target=self._pipe, args=(source, target, upstream), daemon=True)
                self._threads.append(thread)
                thread.start()

    def _pipe(self, source: socket.socket, target: socket.socket, upstream: bool) -> None:
        try:
            while not self._stop.is_set():
                data = source.recv(16384)
                if not data:
                    break
                if upstream:
                    with self._lock:
                        self.sent_upstream += len(data)
                        cut = self.cut_after is not None and self.sent_upstream > self.cut_after
                    if cut:
                        break
                    if self.delay_per_chunk_s:
                        time.sleep(self.delay_per_chunk_s)
                if self._lose():
                    break
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    end.close()

    def lossy(self, loss_rate: float, latency_s: float, seed: int) -> None:
        """A slow and lossy network, repeatable from ``seed``: each chunk waits ``latency_s``, and with chance
        ``loss_rate`` it is lost and its connection cut (a request that never arrived, or an answer that never came
        back after the server acted on it)."""
        with self._lock:
            self.loss_rate, self.latency_s, self._random = loss_rate, latency_s, random.Random(seed)

    def _lose(self) -> bool:
        with self._lock:
            latency, lost = self.latency_s, self.loss_rate > 0 and self._random.random() < self.loss_rate
            if lost:
                self.dropped += 1
        if latency:
            time.sleep(latency)
        return lost

    def start(self) -> Relay:
        thread = threading.Thread(target=self._accept, name="test-relay", daemon=True)
        self._threads.append(thread)
        thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        for end in self._sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=2)


@contextlib.contextmanager
def relayed(upstream_url: str) -> Iterator[Relay]:
    relay = Relay(upstream_url).start()
    try:
        yield relay
    finally:
        relay.stop()
