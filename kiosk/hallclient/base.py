"""One HTTP client for the hall: bearer token, timeouts, and errors sorted into "refused" and "unreachable"
(kiosk/hallclient/errors.py). Bodies are the contract's models (common/hallapi): ``fetch`` and ``send`` read the
hall's answer into the model the caller names, so no caller digs in raw JSON."""

from __future__ import annotations

import logging
import ssl
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from devices.words import Words
from kiosk.hallclient.errors import HallError, HallRefused, HallUnreachable

log = logging.getLogger(__name__)

JSON = dict[str, Any]
Model = TypeVar("Model", bound=BaseModel)
INVALID = "invalid_request"  # the hall's code for a body it cannot take


def body(model: type[Model], fields: JSON) -> Model:
    """A request body of the contract from its fields; a body the hall would refuse is refused here, as the hall
    would (HallRefused ``invalid_request``), without a request."""
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise HallRefused(INVALID, Words("请求无效", f"invalid request: {problems}")) from None


def wire(sent: BaseModel) -> JSON:
    """The JSON the hall receives: the fields the caller set, nothing added."""
    return sent.model_dump(mode="json", exclude_unset=True)


def read(model: type[Model], answer: JSON | None) -> Model:
    """The hall's answer as the contract's model; an answer that is not one counts as no answer."""
    try:
        return model.model_validate(answer)
    except ValidationError as error:
        log.warning("hall answer is not a %s: %s", model.__name__, str(error).splitlines()[0])
        raise HallUnreachable(
            Words("大厅的回答无法识别", f"the hall's answer is not understood ({model.__name__})")
        ) from None


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """Certificate checking for https to the hall: against ``ca_file`` when given (a hall with its own CA), else
    the system's CAs. Always on: there is no way to turn it off."""
    if ca_file is None:
        return ssl.create_default_context()
    try:
        return ssl.create_default_context(cafile=str(ca_file))
    except (OSError, ssl.SSLError) as error:
        zh = f"无法读取 CA 文件 hall.ca_file：{ca_file}"
        raise HallUnreachable(Words(zh, f"cannot read the CA file hall.ca_file {ca_file}: {error}")) from None


class HallClient:
    """Thread-safe (httpx.Client is); one per process and token. Over https it checks the hall's certificate
    against ``ca_file`` (the config's ``hall.ca_file``), else the system's CAs."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 5.0,
        transport: Any = None,
        ca_file: Path | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.ca_file = ca_file
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs: dict[str, Any] = {"transport": transport} if transport is not None else {}
        verify = tls_context(ca_file) if self.base_url.startswith("https:") else True
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout_s, verify=verify, **kwargs)

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

    def fetch(self, path: str, answer: type[Model], **params: Any) -> Model:
        """GET, read into ``answer``."""
        return read(answer, self.get(path, **params))

    def send(self, path: str, sent: BaseModel | None, answer: type[Model]) -> Model | None:
        """POST ``sent`` (an empty body when None), read into ``answer``; None for 204 (nothing to do)."""
        reply = self.post(path, wire(sent) if sent is not None else None)
        return None if reply is None else read(answer, reply)

    def request(self, method: str, path: str, **kwargs: Any) -> JSON | None:
        return answer_of(self._send(method, path, **kwargs))

    def get_bytes(self, path: str, *, timeout: float) -> bytes:
        """A file the hall keeps (an attachment, a result document): its bytes on 200. Any 4xx is HallRefused with
        the hall's words; no answer or any other status is HallUnreachable."""
        response = self._send("GET", path, timeout=timeout)
        if response.status_code == 200:
            return response.content
        if 400 <= response.status_code < 500:
            try:
                answer = response.json()
            except ValueError:
                answer = None
            fields = answer if isinstance(answer, dict) else {}
            code = str(fields.get("error", "refused"))
            raise HallRefused(code, refusal_words(fields, code), status=response.status_code)
        raise HallUnreachable(Words("大厅服务暂时不可用", f"the hall is unavailable (HTTP {response.status_code})"))

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise HallUnreachable(
                Words("大厅服务无响应", f"the hall did not answer in time ({self.base_url})")
            ) from None
        except httpx.HTTPError as error:
            if untrusted_certificate(error):
                raise HallUnreachable(self.untrusted_words()) from None
            raise HallUnreachable(
                Words("无法连接大厅服务", f"cannot reach the hall at {self.base_url} ({type(error).__name__})")
            ) from None

    def untrusted_words(self) -> Words:
        where = f"（现为 {self.ca_file}）" if self.ca_file else "（未设置）"
        now = f" (now {self.ca_file})" if self.ca_file else " (not set)"
        return Words(
            f"大厅的证书未通过验证：请在配置的 hall.ca_file 中指定签发它的 CA 证书文件{where}",
            f"the hall's certificate at {self.base_url} is not trusted: set hall.ca_file in the config to the CA "
            f"certificate file that signed it{now}",
        )

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


def untrusted_certificate(error: BaseException) -> bool:
    """Whether ``error`` (from httpx) is a certificate the client could not verify."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def answer_of(response: httpx.Response) -> JSON | None:
    """The hall's JSON answer, or HallRefused (4xx) / HallUnreachable (5xx, not the API's JSON)."""
    if response.status_code == 204:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 500 or not isinstance(body, dict):
        log.warning("hall answered %s to %s %s", response.status_code, response.request.method, response.url.path)
        raise HallUnreachable(Words("大厅服务暂时不可用", f"the hall is unavailable (HTTP {response.status_code})"))
    if response.status_code >= 400:
        code = str(body.get("error", "refused"))
        raise HallRefused(code, refusal_words(body, code), status=response.status_code)
    return body


def refusal_words(body: JSON, code: str) -> Words:
    """The hall's refusal in both languages. The hall's error body joins them in ``message`` ("中文 / English",
    docs/hall.md); this is the one place the kiosk splits a joined message, so everything past the client has
    Words."""
    if "message" in body:
        return Words.parse(str(body["message"]))
    return Words("大厅拒绝了请求", f"the hall refused the request ({code})")
