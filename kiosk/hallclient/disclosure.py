"""The hall's 政务公开 bundle and attachments (docs/disclosure.md): ``GET /api/v1/disclosure`` with the version the
kiosk holds (``If-None-Match``; 304 when it is current), ``GET /api/v1/disclosure/attachments/{sha256}``."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
from pydantic import ValidationError

from common.hallapi.disclosure import DisclosureOut
from devices.words import Words
from kiosk.hallclient.base import HallClient
from kiosk.hallclient.errors import HallRefused, HallUnreachable

log = logging.getLogger(__name__)
BUNDLE = "/api/v1/disclosure"
NOT_FETCHED = Words("政务公开内容暂时取不到", "the disclosure content cannot be fetched from the hall")
NO_FILE = Words("没有此附件，或所属公告已撤回", "no such attachment, or its notice was withdrawn")


class DisclosureClient:
    """Blocking; ``reached`` hears whether each request got an answer (the station's HallLink)."""

    def __init__(self, client: HallClient, *, reached: Callable[[bool], None] | None = None) -> None:
        self._client = client
        self._reached = reached or (lambda _ok: None)

    def bundle(self, version: str | None = None) -> DisclosureOut | None:
        """The hall's bundle; None when ``version`` is still current (304). HallUnreachable otherwise."""
        headers = {"If-None-Match": f'"{version}"'} if version else {}
        response = self._get(BUNDLE, headers)
        if response.status_code == 304:
            return None
        if response.status_code != 200:
            log.warning("disclosure bundle answered HTTP %s", response.status_code)
            raise HallUnreachable(NOT_FETCHED)
        try:
            return DisclosureOut.model_validate_json(response.content)
        except ValidationError as error:
            log.warning("disclosure bundle unusable: %s", str(error).splitlines()[0])
            raise HallUnreachable(NOT_FETCHED) from None

    def attachment(self, sha256: str) -> bytes:
        """A published notice's attachment; HallRefused (404) when there is none by that name."""
        response = self._get(f"{BUNDLE}/attachments/{sha256}", {})
        if response.status_code == 404:
            raise HallRefused("not_found", NO_FILE, status=404)
        if response.status_code != 200:
            raise HallUnreachable(NOT_FETCHED)
        return response.content

    def _get(self, path: str, headers: dict[str, str]) -> httpx.Response:
        try:
            response = self._client.http.get(path, headers=headers)
        except httpx.HTTPError as error:
            log.info("%s not fetched: %s", path, type(error).__name__)
            self._reached(False)
            raise HallUnreachable(NOT_FETCHED) from None
        self._reached(response.status_code < 500)
        return response
