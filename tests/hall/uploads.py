"""Clients for the attachment tests that show what went over the wire: a PUT that counts the bytes it sent, an
upload cut off mid-body, and chunked bodies of any size made on the fly."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, served, sqlite_url

JPEG = b"\xff\xd8\xff\xe0"
PNG = b"\x89PNG\r\n\x1a\n"
PDF = b"%PDF-1.7\n"
MB = 1024 * 1024


def jpeg(size: int) -> bytes:
    """``size`` bytes that start as a JPEG does (random after the magic, so every file has its own hash)."""
    return JPEG + os.urandom(size - len(JPEG))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Sent:
    status: int
    headers: dict[str, str]
    body: bytes
    bytes_sent: int  # request line, headers and body: everything this client wrote to the socket


class _Counting(http.client.HTTPConnection):
    """Counts what it sends; like urllib3 and httpx, a body the server stopped reading (it answered early and
    closed) ends the sending, and the answer is read."""

    sent = 0
    cut = False

    def send(self, data: object) -> None:
        assert isinstance(data, bytes)
        if self.cut:
            return
        try:
            super().send(data)
        except (BrokenPipeError, ConnectionResetError):
            self.cut = True
            return
        self.sent += len(data)


def put(base: str, path: str, body: bytes, headers: dict[str, str]) -> Sent:
    """PUT ``body`` with http.client, counting every byte written to the socket."""
    where = urlsplit(base)
    connection = _Counting(where.hostname or "127.0.0.1", where.port, timeout=60)
    try:
        connection.request("PUT", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        return Sent(response.status, {k.lower(): v for k, v in response.getheaders()}, answer, connection.sent)
    finally:
        connection.close()


def cut_off(base: str, path: str, body: bytes, sent: int, headers: dict[str, str]) -> None:
    """Start a PUT of ``body`` (its whole length declared), send only its first ``sent`` bytes, and hang up, as a
    kiosk does when its link drops mid-upload."""
    where = urlsplit(base)
    lines = [f"PUT {path} HTTP/1.1", f"Host: {where.netloc}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection((where.hostname or "127.0.0.1", where.port or 80), timeout=60) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        sock.sendall(body[:sent])


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """A body of ``total`` bytes made as it is sent (requests sends a generator with chunked framing)."""
    piece = b"{" + b" " * (size - 1)
    for _ in range(total // size):
        yield piece


MAX_MB = 8


@dataclass
class Served:
    url: str
    hall: Hall
    kiosk: dict[str, str]
    staff: dict[str, str]

    def at(self, sha256: str) -> str:
        return f"{self.url}/api/v1/attachments/{sha256}"

    def held_files(self) -> list[str]:
        """Everything in the store but the fan-out of complete files: partial files and locks."""
        partial = self.hall.app.state.hall.attachments.root / ".partial"
        return sorted(path.name for path in partial.iterdir()) if partial.exists() else []


def hall_config(config_dir: Path, max_mb: int = MAX_MB, attachments_dir: Path | None = None) -> Path:
    """The private copy of the shipped hall.toml, its attachments up to ``max_mb`` (and in ``attachments_dir``)."""
    path = config_dir / "hall.toml"
    text = path.read_text(encoding="utf-8").replace("max_attachment_mb = 20", f"max_attachment_mb = {max_mb}")
    if attachments_dir is not None:
        text = text.replace("[filings]\n", f'[filings]\nattachments_dir = "{attachments_dir}"\n', 1)
    path.write_text(text, encoding="utf-8")
    return path


@contextlib.contextmanager
def serving_uploads(config_dir: Path, tmp_path: Path) -> Iterator[Served]:
    """A hall on SQLite with attachments up to ``MAX_MB``, served on loopback, with a kiosk's and staff's token."""
    built = build_hall(hall_config(config_dir), sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))
    kiosk = {"Authorization": f"Bearer {create_token(built.sessions, 'kiosk-01', Role.KIOSK)}"}
    staff = {"Authorization": f"Bearer {create_token(built.sessions, 'staff-01', Role.STAFF)}"}
    try:
        with served(built.app) as url:
            yield Served(url, built, kiosk, staff)
    finally:
        built.close()


def as_type(headers: dict[str, str], content_type: str) -> dict[str, str]:
    return {**headers, "Content-Type": content_type}
