"""A filing's documents in the workbench's page: its attachments and its result document, images as they are and
PDFs rendered on the hall page by page to PNG (pypdfium2), so the office browser needs no PDF plugin. Every read
checks the person's scope and that the document belongs to the filing, and is in the audit log
(``PERSONAL_READS``)."""

from __future__ import annotations

import io
import logging
import uuid
from pathlib import Path

import pypdfium2 as pdfium
from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool

from common.hallapi.attachments import sniff
from common.pdfium import PDFIUM_LOCK
from hall.filings import Filing
from hall.webui.auth import WebRefused, web_user
from hall.webui.filings_base import BASE, Workbench, filing_id_of
from hall.webui.sessions import WebUser

log = logging.getLogger(__name__)
FILE_PATH = BASE + "/{filing_id}/files/{sha256}"
PAGE_PATH = FILE_PATH + "/pages/{page}"
MAX_PAGES = 50  # pages of one PDF shown in the page; a longer one says so
PAGE_WIDTH_PX = 1240  # about 150 dpi across an A4 page: readable on the office screen
IMAGE_TYPES = ("image/jpeg", "image/png")


def documents_of(filing: Filing) -> set[str]:
    """The SHA-256 names of the documents a filing holds: what the kiosk attached and the result document."""
    names = {str(ref.get("sha256")) for ref in filing.attachments if isinstance(ref, dict)}
    if filing.result_sha256:
        names.add(filing.result_sha256)
    return names


def pdf_page_count(path: Path) -> int | None:
    """How many pages the PDF at ``path`` has; None when it cannot be read (broken, locked, missing)."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(path)
        except (pdfium.PdfiumError, OSError):
            return None
        try:
            return len(document)
        finally:
            document.close()


def pdf_page_png(path: Path, index: int) -> bytes | None:
    """Page ``index`` (from 0) of the PDF at ``path`` as PNG; None when there is no such page or it cannot be read."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(path)
        except (pdfium.PdfiumError, OSError):
            return None
        try:
            if not 0 <= index < len(document):
                return None
            page = document[index]
            width, _height = page.get_size()
            bitmap = page.render(scale=PAGE_WIDTH_PX / max(width, 1.0))
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
            page.close()
        except pdfium.PdfiumError:
            return None
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def add_filing_file_routes(app: FastAPI, bench: Workbench) -> None:
    anyone = web_user()
    gone = WebRefused(404, "没有这份文件", "No such document for this filing")

    def document(user: WebUser, filing_id: str, sha256: str) -> tuple[uuid.UUID, Path]:
        filing = bench.visible(user, filing_id_of(filing_id))
        if sha256 not in documents_of(filing) or not bench.store.has(sha256):
            raise gone
        return filing.id, bench.store.path_for(sha256)

    @app.get(FILE_PATH, include_in_schema=False)
    async def filing_file(filing_id: str, sha256: str, user: WebUser = anyone) -> Response:
        """The document's bytes: an image shown in the page, a PDF downloaded (the page shows its rendered pages)."""
        _id, path = await run_in_threadpool(document, user, filing_id, sha256)
        with path.open("rb") as file:
            kind = sniff(file.read(16))
        disposition = "inline" if kind in IMAGE_TYPES else f'attachment; filename="{sha256[:12]}.pdf"'
        headers = {"Cache-Control": "no-store", "Content-Disposition": disposition}
        return FileResponse(path, media_type=kind or "application/octet-stream", headers=headers)

    @app.get(PAGE_PATH, include_in_schema=False)
    async def filing_pdf_page(filing_id: str, sha256: str, page: str, user: WebUser = anyone) -> Response:
        """Page ``page`` (from 1) of a PDF document, as PNG."""
        _id, path = await run_in_threadpool(document, user, filing_id, sha256)
        number = int(page) if page.isdigit() and len(page) < 4 else 0
        png = await run_in_threadpool(pdf_page_png, path, number - 1) if 0 < number <= MAX_PAGES else None
        if png is None:
            raise WebRefused(404, "这一页无法显示", "This page cannot be shown (no such page, or an unreadable PDF)")
        return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})
