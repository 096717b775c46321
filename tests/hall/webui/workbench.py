"""Filings for the workbench's tests: filings of window 2's social-insurance items and of an item outside them,
attachments uploaded as a kiosk does, documents made on the spot (a PNG, a PDF of a few pages)."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import pypdfium2 as pdfium
from fastapi.testclient import TestClient
from PIL import Image

from hall.audit import AuditLog
from hall.server import Hall
from tests.support.filings import FilingApi, filing_body

SOCIAL_CARD = "339900-002-GG-00101-002"  # 社会保障卡补领: window 2 (staff-1002); promised 0, statutory 20 days
UNEMPLOYMENT = "339900-002-JF-00401-001"  # 失业保险金申领: window 2; materials 本人居民身份证, 解除…证明
SEEN = re.compile(r'name="seen" value="(\d+)"')


def social_card_body(sequence: int, name: str = "李四", **changes: Any) -> dict[str, Any]:
    form = {
        "applicant_name": name,
        "id_number": "110101199003071233",
        "reason": "丢失",
        "delivery": "邮寄到付",
        "mail_address": "杭州市西湖区文三路 1 号",
        "phone": "13800138000",
    }
    body = filing_body(sequence, item_code=SOCIAL_CARD, form=form, materials_to_bring=[])
    body["applicant"]["name"] = name
    body.update(changes)
    return body


def unemployment_body(sequence: int, name: str = "赵六") -> dict[str, Any]:
    form = {
        "applicant_name": name,
        "id_number": "110101199003071233",
        "last_employer": "某某科技有限公司",
        "separation_date": "2026-10-31",
        "separation_reason": "劳动合同期满终止",
        "phone": "13800138000",
    }
    body = filing_body(sequence, item_code=UNEMPLOYMENT, form=form, materials_to_bring=[])
    body["applicant"]["name"] = name
    return body


def filed(api: FilingApi, body: dict[str, Any]) -> str:
    answer = api.file(body)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "red").save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(pages: int = 2) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def attached(api: FilingApi, data: bytes, content_type: str, name: str, material: str) -> dict[str, Any]:
    """Upload ``data`` as the kiosk does; the filing's reference to it."""
    sha256 = hashlib.sha256(data).hexdigest()
    headers = {**api.kiosk, "Content-Type": content_type}
    answer = api.client.put(f"/api/v1/attachments/{sha256}", content=data, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    return {"sha256": sha256, "name": name, "size": len(data), "content_type": content_type, "material": material}


def seen_of(page: str) -> str:
    found = SEEN.search(page)
    assert found, "the page carries the history row it shows"
    return found.group(1)


def audit_actions(hall: Hall) -> list[tuple[str, str, int]]:
    log: AuditLog = hall.app.state.audit
    return [(e.actor, e.action, e.outcome) for e in log.all()]


def web_client(hall: Hall) -> TestClient:
    return TestClient(hall.app)
