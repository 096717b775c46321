"""The kiosk's side of materials from the phone (docs/filings.md, "Materials from the phone").

The station's filing adapter opens a session when the citizen marks a material "from my phone" and shows
``PhoneUpload.url`` as a QR code; while the wizard shows it, it calls ``poll()`` every second or two (from a
worker, never the UI thread) and hands each arrived file's pages to ``FilingFlow.phone_pages``; it calls
``close()`` when the material is done or the citizen leaves. ``poll`` renews the session every
``RENEW_EVERY_S`` by itself, so the address works for as long as the wizard polls, and for at most 15 minutes
after it stopped.

Blocking, like every hall client call; one ``PhoneUpload`` is polled by one thread at a time.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from common.hallapi.uploads import PhoneFileOut, SessionState, UploadSessionFilesOut, UploadSessionIn, UploadSessionOut
from devices.words import Words
from kiosk.hallclient.base import HallClient, body
from kiosk.hallclient.errors import HallError, HallUnreachable
from kiosk.hallclient.phone_pages import PhonePage, UnreadableFile, convert

log = logging.getLogger(__name__)
SESSIONS = "/api/v1/upload-sessions"
RENEW_EVERY_S = 5 * 60.0  # well inside the hall's 15 minutes, so one failed renewal costs nothing
DOWNLOAD_TIMEOUT_S = 60.0  # a phone's file may be 20 MB
NOT_WHOLE = Words("文件传输不完整，请重新发送", "The file did not arrive whole. Please send it again.")


@dataclass(frozen=True)
class ArrivedFile:
    """One file from the phone: its pages for the wizard, or why it has none (``problem``)."""

    name: str
    sha256: str
    content_type: str
    pages: tuple[PhonePage, ...]
    note: Words | None = None  # a problem (no pages) or a remark (only the first pages of a long PDF)


@dataclass(frozen=True)
class Arrivals:
    state: SessionState  # "open" while the phone can still send
    files: list[ArrivedFile]  # new since the last poll, in the order they arrived


class PhoneUpload:
    """One open session: its address for the QR code, and the files not handed out yet."""

    def __init__(
        self, client: HallClient, opened: UploadSessionOut, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.client, self.clock = client, clock
        self.id: uuid.UUID = opened.id
        self.url = opened.url
        self.expires_at = opened.expires_at
        self._renewed = clock()
        self._taken: set[str] = set()  # files handed out (or found unreadable): never again
        self.closed = False

    def poll(self) -> Arrivals:
        """The session's state and the files that arrived since the last poll, each downloaded and converted.
        Raises HallUnreachable (try again at the next poll: nothing is lost) or HallRefused."""
        if self.clock() - self._renewed >= RENEW_EVERY_S:
            self.renew()
        listed = self.client.fetch(f"{SESSIONS}/{self.id}", UploadSessionFilesOut)
        arrived = []
        for entry in listed.files:
            if entry.sha256 in self._taken:
                continue
            arrived.append(self._take(entry))  # a download that fails raises: this and later files come next time
            self._taken.add(entry.sha256)
        return Arrivals(listed.state, arrived)

    def renew(self) -> None:
        """Keep the session open for another 15 minutes; a session that already ended stays ended (HallRefused)."""
        renewed = self.client.send(f"{SESSIONS}/{self.id}/renew", None, UploadSessionOut)
        if renewed is not None:
            self.expires_at = renewed.expires_at
        self._renewed = self.clock()

    def close(self) -> None:
        """End the session at once: the phone's page says so and takes nothing more. Never raises: a session the
        hall cannot be told about ends by itself when it expires."""
        if self.closed:
            return
        try:
            self.client.request("DELETE", f"{SESSIONS}/{self.id}")
            self.closed = True
        except HallError as error:
            log.warning("could not end phone upload session %s: %s", self.id, error)

    def _take(self, entry: PhoneFileOut) -> ArrivedFile:
        try:
            converted = convert(download(self.client, entry.sha256), entry.content_type)
        except UnreadableFile as unreadable:
            return ArrivedFile(entry.name, entry.sha256, entry.content_type, (), unreadable.message)
        return ArrivedFile(entry.name, entry.sha256, entry.content_type, converted.pages, converted.note)


class PhoneUploads:
    """Opens sessions for this kiosk."""

    def __init__(self, client: HallClient, kiosk_id: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.client, self.kiosk_id, self.clock = client, kiosk_id, clock

    def open(self, material: str | None = None) -> PhoneUpload:
        """A new session for ``material``. Raises HallUnreachable (the wizard then says phone upload is not
        offered now) or HallRefused."""
        sent = body(UploadSessionIn, {"kiosk_id": self.kiosk_id, "material": material})
        opened = self.client.send(SESSIONS, sent, UploadSessionOut)
        if opened is None:
            raise HallUnreachable(Words("大厅的回答无法识别", "the hall answered no session"))
        return PhoneUpload(self.client, opened, clock=self.clock)


def download(client: HallClient, sha256: str) -> bytes:
    """An attachment's bytes, checked against its name (UnreadableFile when they do not hash to it: the store's
    copy is damaged, and asking again would not help)."""
    data = client.get_bytes(f"/api/v1/attachments/{sha256}", timeout=DOWNLOAD_TIMEOUT_S)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UnreadableFile(NOT_WHOLE)
    return data
