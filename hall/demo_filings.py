"""The demo day's filings (hall/demo_day.py): filed through the hall's own API as a kiosk would (attachments first,
then the filing), then moved on by a staff token, each at its own moment, so that their deadlines fall near, on
and past today. A small JPEG and a small PDF are drawn here with Pillow; every form is filled from its item's
form in the catalog."""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw

from common.hallapi.forms import FormField
from hall.catalog import Catalog

with warnings.catch_warnings():  # Starlette's note on its httpx dependency: not for the person running the demo
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_client(app: Any) -> TestClient:
    """The hall's app reached in-process, as a kiosk and a staff member would over HTTP."""
    return TestClient(app)


KIOSK = "kiosk-01"
KIOSK_CODE = "K01"
APPLICANTS = (  # fictional people; their ID numbers get a valid check character below
    ("张伟", "11010119850307123"),
    ("王秀英", "33010219780512204"),
    ("李娜", "44030419920101002"),
    ("刘洋", "11010519880615001"),
    ("陈静", "31011519900909232"),
    ("杨磊", "51010719751130101"),
)
SAMPLE_TEXT = {  # fields with a pattern, and a few the page shows
    "baby_name": "张小宝",
    "birth_certificate": "Q123456789",
    "bank_account": "6222021234567890123",
}


def id_number(first17: str) -> str:
    """A GB 11643 number: the 17 digits and their check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def sample_jpeg(title: str) -> bytes:
    """A small photographed page: a grey sheet with a few lines. ``title`` in ASCII: Pillow's built-in font has
    no Chinese glyphs, and the hall does not look for a Chinese font (the drivers do, for receipts)."""
    image = Image.new("RGB", (480, 640), (236, 236, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 450, 610), fill=(252, 252, 248), outline=(180, 180, 170))
    draw.text((60, 60), title, fill=(30, 30, 30))
    for y in range(120, 560, 28):
        draw.line((60, y, 420 - (y % 90), y), fill=(150, 150, 150), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def sample_pdf(title: str) -> bytes:
    """A small one-page PDF (a page image, as a document camera's scan is)."""
    image = Image.new("RGB", (420, 594), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.text((40, 40), title, fill=(0, 0, 0))
    for y in range(100, 540, 24):
        draw.line((40, y, 380, y), fill=(170, 170, 170), width=2)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=72)
    return out.getvalue()


def sample_form(
    fields: list[FormField], applicant: tuple[str, str], filed: date, extra: dict[str, str]
) -> dict[str, Any]:
    """A valid form for ``fields``: the applicant's name and number, the first choice, plausible text."""
    name, number = applicant
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.name in extra:
            values[spec.name] = extra[spec.name]
        elif spec.type == "id_number":
            values[spec.name] = number
        elif spec.type == "phone":
            values[spec.name] = "13800138000"
        elif spec.type == "date":
            values[spec.name] = (filed - timedelta(days=20)).isoformat()
        elif spec.type == "choice":
            values[spec.name] = (spec.choices or [""])[0]
        elif spec.type == "bool":
            values[spec.name] = True
        elif spec.type == "number":
            values[spec.name] = spec.min if spec.min is not None and spec.min > 0 else 1
        elif spec.name in SAMPLE_TEXT:
            values[spec.name] = SAMPLE_TEXT[spec.name]
        elif "name" in spec.name:
            values[spec.name] = name
        elif spec.required:
            values[spec.name] = f"{spec.label}（示例）"[: spec.max_length or 60]
    return values


@dataclass(frozen=True)
class PlannedFiling:
    """One filing: its item, when it came (days back, local hour), what staff did and when, and extra form text."""

    item: str
    days_back: int
    hour: int
    actions: tuple[tuple[str, int, dict[str, Any] | None], ...] = ()  # (action, hours after intake, body)
    attachments: bool = False
    extra: tuple[tuple[str, str], ...] = ()


class DemoFilings:
    """Files and acts on ``plan`` through ``client`` (the hall's app), moving ``set_clock`` to each moment."""

    def __init__(
        self,
        client: TestClient,
        catalog: Catalog,
        kiosk: dict[str, str],
        staff: dict[str, str],
        set_clock: Callable[[datetime], None],
    ) -> None:
        self.client, self.catalog, self.kiosk, self.staff = client, catalog, kiosk, staff
        self.set_clock = set_clock
        self.sequence = 0

    def put_attachment(self, data: bytes, name: str, content_type: str, material: str | None) -> dict[str, Any]:
        sha256 = hashlib.sha256(data).hexdigest()
        reply = self.client.put(
            f"/api/v1/attachments/{sha256}", content=data, headers={**self.kiosk, "Content-Type": content_type}
        )
        if reply.status_code not in (200, 201):
            raise RuntimeError(f"attachment refused: {reply.status_code} {reply.text}")
        return {"sha256": sha256, "name": name, "size": len(data), "content_type": content_type, "material": material}

    def file(self, planned: PlannedFiling, at: datetime, applicant: tuple[str, str]) -> dict[str, Any]:
        item = self.catalog.get(planned.item)
        if item is None or not item.fileable:
            raise RuntimeError(f"the demo's item {planned.item} is not fileable in this catalog")
        self.sequence += 1
        self.set_clock(at)
        attachments = []
        if planned.attachments:
            materials = [m.name for m in item.materials]
            first = materials[0] if materials else None
            attachments.append(
                self.put_attachment(sample_jpeg(f"SAMPLE PHOTO  {item.code}"), "材料照片.jpg", "image/jpeg", first)
            )
            attachments.append(
                self.put_attachment(sample_pdf(f"SAMPLE SCAN  {item.code}"), "扫描件.pdf", "application/pdf", first)
            )
        local_day = at.date()
        name, number = applicant
        body = {
            "id": str(uuid.uuid4()),
            "number": f"{KIOSK_CODE}-{local_day:%Y%m%d}-{self.sequence:04d}",
            "item_code": item.code,
            "kiosk_id": KIOSK,
            "created_at": (at - timedelta(minutes=3)).isoformat(),
            "applicant": {"name": name, "id_number": number, "phone": "138 0013 8000"},
            "form": sample_form(list(item.form), applicant, local_day, dict(planned.extra)),
            "attachments": attachments,
            "materials_to_bring": [],
            "delivery": {"method": "hall"},
        }
        reply = self.client.post("/api/v1/filings", json=body, headers=self.kiosk)
        if reply.status_code != 201:
            raise RuntimeError(f"filing refused: {reply.status_code} {reply.text}")
        filed: dict[str, Any] = reply.json()
        for action, hours, action_body in planned.actions:
            self.set_clock(at + timedelta(hours=hours))
            sent = action_body
            if action == "request-materials" and sent is not None and not sent["materials"]:
                sent = {**sent, "materials": [item.materials[-1].name]}
            if action == "result":
                headers = {**self.staff, "Content-Type": "application/pdf"}
                path = f"/api/v1/filings/{filed['id']}/result"
                acted = self.client.post(path, content=sample_pdf(f"SAMPLE RESULT  {item.code}"), headers=headers)
            else:
                path = f"/api/v1/filings/{filed['id']}/{action}"
                acted = self.client.post(path, json=sent, headers=self.staff)
            if acted.status_code != 200:
                raise RuntimeError(f"{action} refused: {acted.status_code} {acted.text}")
            filed = acted.json()
        return filed
