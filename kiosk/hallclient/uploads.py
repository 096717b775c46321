"""Resumable attachment uploads (docs/filings.md, "Attachments"): ``HEAD`` asks how many bytes the hall holds,
``PUT`` with ``Upload-Offset`` sends the rest, streamed from the file. A dropped upload resumes where the hall's
copy ends, so a 5 MB photo on a poor link does not start from zero each time."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from common.hallapi.filings import UPLOAD_OFFSET
from devices.words import Words
from kiosk.hallclient.base import HallClient, answer_of
from kiosk.hallclient.errors import HallRefused, HallUnreachable

log = logging.getLogger(__name__)

CHUNK = 256 * 1024
IN_ONE_PIECE = 256 * 1024  # sent from memory up to this size; larger files stream in chunks a stop can end
MAX_OFFSET_RETRIES = 3  # a 409 names the offset the hall holds; more than this is not a race, it is broken


class UploadStopped(HallUnreachable):
    """The kiosk is stopping: the upload ends here, and the next start resumes it from the hall's offset."""


def upload(
    client: HallClient,
    path: Path,
    sha256: str,
    content_type: str,
    *,
    stopping: Callable[[], bool] = lambda: False,
) -> int:
    """Make sure the hall holds the file; the number of bytes sent (0 when it had them all)."""
    size = path.stat().st_size
    offset = held(client, sha256)
    if offset is None:
        return 0
    sent = 0
    for _ in range(MAX_OFFSET_RETRIES):
        if offset > size:
            offset = 0  # the hall holds more than the file: its partial copy is not ours to resume
        response = _request(
            client,
            "PUT",
            sha256,
            content=_content(path, offset, size, stopping),
            headers=_headers(content_type, size, offset),
        )
        sent += size - offset
        if response.status_code == 409 and _code(response) == "upload_busy":
            raise HallUnreachable(
                Words("大厅正在接收同一文件，稍后再试", f"the hall is busy with {sha256[:12]}; later")
            )
        if response.status_code == 409 and UPLOAD_OFFSET in response.headers:
            offset = _offset(response)
            log.info("attachment %s: the hall holds %d bytes, resuming there", sha256[:12], offset)
            continue
        answer_of(response)  # 200/201 stored; 422, 413, 415 refuse the file itself; 401, 403 the kiosk
        return sent
    raise HallUnreachable(Words("附件上传未能续传", f"the upload of {sha256[:12]} could not resume"))


def held(client: HallClient, sha256: str) -> int | None:
    """None when the hall has the whole file, else the number of bytes it holds (to resume from)."""
    response = _request(client, "HEAD", sha256)
    if response.status_code == 200:
        return None
    if response.status_code == 404:
        return _offset(response)
    if response.status_code >= 500:
        raise HallUnreachable(Words("大厅服务暂时不可用", f"the hall is unavailable (HTTP {response.status_code})"))
    if response.status_code in (401, 403):
        words = Words("大厅拒绝了本机的令牌", f"the hall refused this kiosk's token (HTTP {response.status_code})")
        raise HallRefused(
            "unauthorized" if response.status_code == 401 else "forbidden", words, status=response.status_code
        )
    raise HallRefused(
        "refused",
        Words("大厅拒绝了附件", f"the hall refused the attachment (HTTP {response.status_code})"),
        status=response.status_code,
    )


def _headers(content_type: str, size: int, offset: int) -> dict[str, str]:
    headers = {"Content-Type": content_type, "Content-Length": str(size - offset)}
    if offset:
        headers[UPLOAD_OFFSET] = str(offset)
    return headers


def _code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


def _offset(response: httpx.Response) -> int:
    try:
        return max(int(response.headers.get(UPLOAD_OFFSET, "0")), 0)
    except ValueError:
        return 0


def _content(path: Path, offset: int, size: int, stopping: Callable[[], bool]) -> bytes | Iterator[bytes]:
    if size - offset <= IN_ONE_PIECE:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read()
    return _chunks(path, offset, stopping)


def _chunks(path: Path, offset: int, stopping: Callable[[], bool]) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(offset)
        while chunk := handle.read(CHUNK):
            if stopping():
                raise UploadStopped(
                    Words("本机正在停止，上传稍后续传", "the kiosk is stopping; the upload resumes later")
                )
            yield chunk


def _request(client: HallClient, method: str, sha256: str, **kwargs: object) -> httpx.Response:
    try:
        return client.http.request(method, f"/api/v1/attachments/{sha256}", **kwargs)  # type: ignore[arg-type]
    except httpx.TimeoutException:
        raise HallUnreachable(Words("大厅服务无响应", f"the hall did not answer in time ({client.base_url})")) from None
    except httpx.HTTPError as error:
        raise HallUnreachable(
            Words("无法连接大厅服务", f"cannot reach the hall at {client.base_url} ({type(error).__name__})")
        ) from None
