"""The receipt's QR code (docs/filings.md): each kiosk's key to sign it with offline, the filing a genuine token
names for a kiosk, and the phone-sized progress page the code opens (``/f/{token}``)."""

from __future__ import annotations

import base64
import html
from typing import Annotated

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse

from common.hallapi.filings import FilingOut, FilingStatus, ReceiptKeyOut
from common.receipts import receipt_filing_id, receipt_key_id, verify_receipt
from hall.catalog import Catalog
from hall.codes import HallCodes
from hall.filing_desk import FilingDesk
from hall.filings import Filing, FilingError, filing_out
from hall.ownership import own_source
from hall.tokens import Role
from hall.web import ERRORS, HallContext, bearer, caller

KIOSK_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"
KioskId = Annotated[str, Query(pattern=KIOSK_ID, description="The kiosk's station id")]
Token = Annotated[str, Path(max_length=60, description="The token in the receipt's QR code")]


class Receipts:
    def __init__(self, desk: FilingDesk, codes: HallCodes) -> None:
        self.desk, self.codes = desk, codes

    def filing(self, token: str) -> Filing | None:
        """The filing a genuine token names; None for a malformed, forged or unknown one (never which)."""
        filing_id, key_id = receipt_filing_id(token), receipt_key_id(token)
        if filing_id is None or key_id is None:
            return None
        try:
            filing = self.desk.get(filing_id)
        except FilingError:
            return None
        key = self.codes.receipt_key_of(key_id, filing.kiosk_id)  # the key of the kiosk that signed it
        return filing if key is not None and verify_receipt(key, token) == filing.id else None


def add_receipt_routes(app: FastAPI, hall: HallContext, desk: FilingDesk, catalog: Catalog) -> None:
    receipts = Receipts(desk, hall.codes)
    kiosk = bearer(hall.sessions, Role.KIOSK)

    @app.get("/api/v1/filings/receipt-key", response_model=ReceiptKeyOut, responses=ERRORS)
    def receipt_key_of(request: Request, kiosk_id: KioskId, _role: Role = kiosk) -> ReceiptKeyOut:
        """The key a kiosk signs its receipts' QR codes with, offline, and its key id: derived from the hall's
        current signing key, so after a rotation a kiosk's next fetch gives it a new one. A kiosk gets its own
        kiosk's key only."""
        own_source(hall.sessions, caller(request), kiosk_id)
        key_id, key = hall.codes.receipt_key(kiosk_id)
        encoded = base64.b64encode(key).decode("ascii")
        return ReceiptKeyOut(kiosk_id=kiosk_id, key=encoded, key_id=key_id, public_url=hall.public_url)

    @app.get("/api/v1/filings/receipt/{token}", response_model=FilingOut, responses=ERRORS)
    def by_receipt(token: Token, _role: Role = kiosk) -> FilingOut:
        filing = receipts.filing(token)
        if filing is None:
            raise FilingError(404, "unknown_receipt", "无法识别此回执 / this receipt is not known here")
        return filing_out(filing)

    @app.get("/f/{token}", response_class=HTMLResponse, include_in_schema=False)
    def progress_page(token: Token) -> HTMLResponse:
        """What the receipt's QR code opens on a phone: the filing's progress in plain words, no personal data."""
        filing = receipts.filing(token)
        if filing is None:
            lines = [
                "无法识别此回执。刚提交的申报可能尚未送达大厅，请稍后再试。",
                "This receipt is not known here. A filing made just now may not have reached the hall yet.",
            ]
            return HTMLResponse(_page("申报进度 / Filing progress", lines), status_code=404)
        item = catalog.get(filing.item_code)
        status = FilingStatus(filing.status)
        lines = [item.name if item else filing.item_code, f"受理号 / number: {filing.number}"]
        lines.append(f"{status.zh} / {status.en}")
        if filing.missing_materials:
            lines.append("需补交 / still needed: " + "；".join(filing.missing_materials))
        if filing.note:
            lines.append(f"说明 / note: {filing.note}")
        if filing.paid_at is not None:
            lines.append("费用已缴纳 / the fee is paid")
        if filing.result_ready:
            lines.append("办理结果已出具 / the result document is ready")
        return HTMLResponse(_page(filing.number, lines), headers={"Cache-Control": "no-store"})


def _page(title: str, lines: list[str]) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em 1em}}p{{font-size:1.3em}}</style></head><body>{body}</body></html>"""
