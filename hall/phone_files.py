"""A file from a phone into the attachment store: its name (the SHA-256) is known only once its last byte arrived.

The body is streamed into ``.partial/phone-{random}`` beside the store's fan-out, hashed and counted as it
arrives and written a batch at a time (like the kiosk's uploads in hall/attachments_api.py), never held whole;
its type is read from its first bytes. Once complete and fsynced it is renamed to its SHA-256's place (or
dropped when the store holds that file already). A refused or cut-off upload leaves nothing: a phone sends the
whole file again.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from common.hallapi.attachments import MAGIC, MAGIC_LENGTH, sniff
from common.hallapi.filings import ContentType
from common.settings.paths import open_private, private_dir, sync_directory
from devices.words import Words
from hall.attachments import NO_SPACE, AttachmentStore
from hall.attachments_api import WRITE_BATCH
from hall.body_limit import BodyTooLarge, size_words
from hall.phone_upload import PhoneRefused

PREFIX = "phone-"
STALE_SECONDS = 86400.0  # a phone file left by a crashed server process is removed after a day
WRONG_TYPE = Words("只能上传照片（JPEG、PNG）或 PDF 文件", "Only photos (JPEG, PNG) or PDF files can be sent.")
DISK_FULL = Words("服务器暂时无法保存文件，请稍后再试", "The hall cannot store files right now. Please try later.")


def too_big(max_bytes: int) -> Words:
    size = size_words(max_bytes)
    return Words(f"文件太大，每个文件最大 {size}", f"The file is too large: at most {size} per file.")


@dataclass(frozen=True)
class Received:
    sha256: str
    size: int
    content_type: ContentType


def _could_be_accepted(head: bytes) -> bool:
    return any(magic.startswith(head[: len(magic)]) for magic in MAGIC.values())


class _Incoming:
    """The partial file of one phone upload. Blocking: called from worker threads."""

    def __init__(self, store: AttachmentStore) -> None:
        self.store = store
        folder = store.root / ".partial"
        folder.mkdir(mode=0o700, exist_ok=True)
        self.path = folder / f"{PREFIX}{uuid.uuid4().hex}"
        self.file: BinaryIO = os.fdopen(open_private(self.path), "wb")
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.hash.update(data)
        self.size += len(data)

    def install(self) -> str:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        sha256 = self.hash.hexdigest()
        target = self.store.path_for(sha256)
        if target.is_file():  # sent before, by this phone or a kiosk: the same bytes
            self.path.unlink(missing_ok=True)
            return sha256
        private_dir(target.parent)
        self.path.replace(target)
        sync_directory(target.parent)
        return sha256

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


async def receive_phone_file(store: AttachmentStore, request: Request, max_bytes: int) -> Received:
    """Stream the request's body into the store; PhoneRefused 413 (over ``max_bytes``), 415 (not a JPEG, PNG or
    PDF by its first bytes) or 507 (disk full), each keeping nothing. A phone that hangs up leaves nothing either
    (ClientDisconnect is raised on)."""
    try:
        incoming = await run_in_threadpool(_Incoming, store)
    except OSError as error:
        if error.errno in NO_SPACE:
            raise PhoneRefused(507, "disk_full", DISK_FULL) from None
        raise
    pending: list[bytes] = []
    head, received, written = b"", 0, 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes:
                raise BodyTooLarge(max_bytes)
            if len(head) < MAGIC_LENGTH:
                head = (head + chunk)[:MAGIC_LENGTH]
                if not _could_be_accepted(head):
                    raise PhoneRefused(415, "wrong_type", WRONG_TYPE)
            pending.append(chunk)
            if received - written >= WRITE_BATCH:
                await run_in_threadpool(incoming.write, b"".join(pending))
                pending.clear()
                written = received
        kind = sniff(head)
        if kind is None:  # ended before its magic did (an empty or tiny file)
            raise PhoneRefused(415, "wrong_type", WRONG_TYPE)
        await run_in_threadpool(incoming.write, b"".join(pending))
        sha256 = await run_in_threadpool(incoming.install)
        return Received(sha256, received, kind)
    except BodyTooLarge:
        await run_in_threadpool(incoming.discard)
        raise PhoneRefused(413, "body_too_large", too_big(max_bytes)) from None
    except OSError as error:
        await run_in_threadpool(incoming.discard)
        if error.errno in NO_SPACE:
            raise PhoneRefused(507, "disk_full", DISK_FULL) from None
        raise
    except (PhoneRefused, ClientDisconnect):
        await run_in_threadpool(incoming.discard)
        raise


def sweep_phone_partials(store: AttachmentStore, now: float | None = None) -> int:
    """Remove phone files left in ``.partial`` by a server process that died mid-upload; how many."""
    folder: Path = store.root / ".partial"
    now = time.time() if now is None else now
    removed = 0
    for path in folder.glob(f"{PREFIX}*") if folder.is_dir() else ():
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # finished or swept meanwhile
            continue
    return removed
