"""A served hall with a kiosk's token, and the calls the phone upload tests make on it."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from PIL import Image

from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.hall import served

SESSIONS = "/api/v1/upload-sessions"


def photo(color: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (64, 48), kind: str = "JPEG") -> bytes:
    """A real picture's bytes (a JPEG unless ``kind`` says PNG)."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return out.getvalue()


@dataclass
class PhoneHall:
    url: str
    hall: Hall
    kiosk: dict[str, str]

    def open(self, material: str | None = "身份证正反面", kiosk_id: str = "K01") -> dict[str, Any]:
        body: dict[str, Any] = {"kiosk_id": kiosk_id}
        if material is not None:
            body["material"] = material
        answer = requests.post(self.url + SESSIONS, json=body, headers=self.kiosk, timeout=10)
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    def local(self, session: dict[str, Any]) -> str:
        """The session's address on this served hall (its public address is the config's)."""
        return self.url + urlsplit(str(session["url"])).path

    def send(
        self, session: dict[str, Any], data: bytes | Iterator[bytes], name: str = "IMG_0001.jpg", **kw: Any
    ) -> requests.Response:
        return requests.put(self.local(session) + "/files", params={"name": name}, data=data, timeout=30, **kw)

    def files(self, session: dict[str, Any]) -> dict[str, Any]:
        answer = requests.get(f"{self.url}{SESSIONS}/{session['id']}", headers=self.kiosk, timeout=10)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def end(self, session: dict[str, Any]) -> requests.Response:
        return requests.delete(f"{self.url}{SESSIONS}/{session['id']}", headers=self.kiosk, timeout=10)

    def renew(self, session: dict[str, Any]) -> requests.Response:
        return requests.post(f"{self.url}{SESSIONS}/{session['id']}/renew", headers=self.kiosk, timeout=10)


@contextlib.contextmanager
def serving_phone(hall: Hall) -> Iterator[PhoneHall]:
    token = create_token(hall.sessions, "kiosk-01", Role.KIOSK, source="K01")
    with served(hall.app) as url:
        yield PhoneHall(url, hall, {"Authorization": f"Bearer {token}"})
