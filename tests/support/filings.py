"""Filings for the tests: a valid body for a fileable item of the shipped catalog, and a hall's API as the kiosk
and staff reach it (TestClient, one token of each role)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from hall.server import Hall
from hall.tokens import Role, create_token

BIRTH_ITEM = "339900-001-QR-00201-001"  # 出生登记: fileable, its form has an ID-number field
NOT_FILEABLE_ITEM = "339900-001-QR-00101-001"  # 居民身份证换领: only at the window
# Valid GB 11643 numbers (check characters computed), of fictional people.
ID_NUMBER = "110101199003071233"
OTHER_ID_NUMBER = "110105198506120026"
SPOUSE_ID_NUMBER = "440304199201010016"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def filing_body(
    sequence: int = 1,
    *,
    kiosk_id: str = "kiosk-01",
    id_number: str = ID_NUMBER,
    item_code: str = BIRTH_ITEM,
    **changes: Any,
) -> dict[str, Any]:
    """A filing of the birth registration as a kiosk sends it; ``changes`` replace top-level fields."""
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "number": f"K01-20261123-{sequence:04d}",
        "item_code": item_code,
        "kiosk_id": kiosk_id,
        "created_at": "2026-11-23T01:58:00Z",
        "applicant": {"name": "张三", "id_number": id_number, "phone": "138 0013 8000"},
        "form": {
            "applicant_name": "张三",
            "applicant_id": id_number,
            "relation": "父亲",
            "baby_name": "张小宝",
            "baby_sex": "男",
            "birth_date": "2026-11-01",
            "birth_certificate": "Q123456789",
            "phone": "13800138000",
        },
        "attachments": [],
        "materials_to_bring": ["入户地居民户口簿"],
        "delivery": {"method": "kiosk"},
    }
    body.update(changes)
    return body


class FilingApi:
    """The hall's API with a kiosk, a staff and a supervisor token."""

    def __init__(self, client: TestClient, hall: Hall) -> None:
        self.client, self.hall = client, hall
        self.kiosk = _auth(hall, Role.KIOSK, source="kiosk-01")
        self._kiosks = {"kiosk-01": self.kiosk}
        self.staff = _auth(hall, Role.STAFF)
        self.supervisor = _auth(hall, Role.SUPERVISOR)

    def kiosk_of(self, kiosk_id: str) -> dict[str, str]:
        """A token of the kiosk ``kiosk_id`` (a kiosk files under its own id only)."""
        if kiosk_id not in self._kiosks:
            self._kiosks[kiosk_id] = _auth(self.hall, Role.KIOSK, source=kiosk_id)
        return self._kiosks[kiosk_id]

    def file(self, body: dict[str, Any]) -> Response:
        headers = self.kiosk_of(str(body.get("kiosk_id", "kiosk-01")))
        return self.client.post("/api/v1/filings", json=body, headers=headers)

    def filed(self, sequence: int = 1, **changes: Any) -> dict[str, Any]:
        """A filing taken by the hall (201), as the hall answered it."""
        reply = self.file(filing_body(sequence, **changes))
        assert reply.status_code == 201, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def act(self, filing_id: str, action: str, body: dict[str, Any] | None = None, *, role: str = "staff") -> Response:
        headers = {"staff": self.staff, "supervisor": self.supervisor, "kiosk": self.kiosk}[role]
        return self.client.post(f"/api/v1/filings/{filing_id}/{action}", json=body, headers=headers)

    def get(self, filing_id: str) -> dict[str, Any]:
        reply = self.client.get(f"/api/v1/filings/{filing_id}", headers=self.kiosk)
        assert reply.status_code == 200, reply.text
        answer: dict[str, Any] = reply.json()
        return answer

    def upload_result(
        self, filing_id: str, data: bytes = MINIMAL_PDF, content_type: str = "application/pdf"
    ) -> Response:
        headers = {**self.staff, "Content-Type": content_type}
        return self.client.post(f"/api/v1/filings/{filing_id}/result", content=data, headers=headers)


@contextmanager
def filing_api(hall: Hall) -> Iterator[FilingApi]:
    with TestClient(hall.app) as client:
        yield FilingApi(client, hall)


def _auth(hall: Hall, role: Role, source: str | None = None) -> dict[str, str]:
    name = f"{role.value}-{uuid.uuid4().hex[:6]}"
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role, source=source)}"}
