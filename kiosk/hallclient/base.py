"""One HTTP client for the hall: bearer token, timeouts, and errors sorted into "refused" and "unreachable"
(kiosk/hallclient/errors.py)."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from kiosk.hallclient.errors import HallError, HallRefused, HallUnreachable

log = logging.getLogger(__name__)

JSON = dict[str, Any]


class HallClient:
    """Thread-safe (httpx.Client is); one per process and token."""

    def __init__(self, base_url: str, token: str, *, timeout_s: float = 5.0, transport: Any = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs: dict[str, Any] = {"transport": transport} if transport is not None else {}
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout_s, **kwargs)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HallClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, path: str, **params: Any) -> JSON:
        return self.request("GET", path, params=params or None) or {}

    def post(self, path: str, body: JSON | None = None) -> JSON | None:
        """POST a JSON body; None for 204 (nothing to do)."""
        return self.request("POST", path, json=body if body is not None else {})

    def request(self, method: str, path: str, **kwargs: Any) -> JSON | None:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise HallUnreachable(f"大厅服务无响应 / the hall did not answer in time ({self.base_url})") from None
        except httpx.HTTPError as error:
            raise HallUnreachable(
                f"无法连接大厅服务 / cannot reach the hall at {self.base_url} ({type(error).__name__})"
            ) from None
        return _answer(response)

    def health(self) -> bool:
        """True when the hall answers its health check; never raises."""
        try:
            self.get("/api/v1/health")
        except HallError:
            return False
        return True

    @property
    def http(self) -> httpx.Client:
        """The underlying client, for streaming (the event follower)."""
        return self._http


def _answer(response: httpx.Response) -> JSON | None:
    if response.status_code == 204:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 500 or not isinstance(body, dict):
        log.warning("hall answered %s to %s %s", response.status_code, response.request.method, response.url.path)
        raise HallUnreachable(f"大厅服务暂时不可用 / the hall is unavailable (HTTP {response.status_code})")
    if response.status_code >= 400:
        code = str(body.get("error", "refused"))
        message = str(body.get("message", f"大厅拒绝了请求 / the hall refused the request ({code})"))
        raise HallRefused(code, message, status=response.status_code)
    return body
