"""The result document of a completed filing: uploaded by staff as a PDF, fetched and printed once by a kiosk, a
second print allowed by staff (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from hall.server import build_hall
from tests.support.clocks import FrozenClock
from tests.support.filings import MINIMAL_PDF, FilingApi, filing_api
from tests.support.hall import MONDAY_10AM
from tests.support.paths import SHIPPED_CONFIG


@pytest.fixture
def api(hall_db_url: str, tmp_path: Path) -> Iterator[FilingApi]:
    """The shipped hall with results of at most 1 MB."""
    config = tmp_path / "hall.toml"
    shipped = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    config.write_text(shipped.replace("max_attachment_mb = 20", "max_attachment_mb = 1"), encoding="utf-8")
    hall = build_hall(config, hall_db_url, clock=FrozenClock(MONDAY_10AM))
    try:
        with filing_api(hall) as opened:
            yield opened
    finally:
        hall.close()


def completed(api: FilingApi, sequence: int = 1) -> str:
    filing_id: str = api.filed(sequence)["id"]
    assert api.act(filing_id, "accept").status_code == 200
    assert api.act(filing_id, "approve").status_code == 200
    return filing_id


def test_a_result_is_uploaded_fetched_printed_once_and_again_when_staff_allow(api: FilingApi) -> None:
    filing_id = completed(api)
    document = MINIMAL_PDF + b"%" + b"x" * 400_000 + b"\n%%EOF\n"  # over the 64 KB of the hall's JSON routes
    uploaded = api.upload_result(filing_id, document)
    assert uploaded.status_code == 200 and uploaded.json()["result_ready"] is True
    fetched = api.client.get(f"/api/v1/filings/{filing_id}/result", headers=api.kiosk)
    assert fetched.status_code == 200 and fetched.headers["content-type"] == "application/pdf"
    assert fetched.content == document
    assert api.client.get(f"/api/v1/filings/{filing_id}/result", headers=api.staff).content == document
    assert api.hall.app.state.hall.attachments.has(hashlib.sha256(document).hexdigest())

    assert api.act(filing_id, "collect", role="kiosk").json()["collected"] is True
    again = api.act(filing_id, "collect", role="kiosk")
    assert again.status_code == 409 and again.json()["error"] == "already_collected"
    allowed = api.act(filing_id, "allow-reprint").json()
    assert (allowed["collected"], allowed["reprint_allowed"]) == (True, True)
    reprinted = api.act(filing_id, "collect", role="kiosk").json()
    assert (reprinted["collected"], reprinted["reprint_allowed"]) == (True, False)
    assert api.act(filing_id, "collect", role="kiosk").status_code == 409  # one more, not any number more


def test_a_newer_result_replaces_the_last(api: FilingApi) -> None:
    filing_id = completed(api)
    api.upload_result(filing_id)
    corrected = MINIMAL_PDF + b"% corrected\n"
    assert api.upload_result(filing_id, corrected).status_code == 200
    assert api.client.get(f"/api/v1/filings/{filing_id}/result", headers=api.kiosk).content == corrected


def test_no_result_before_the_filing_is_completed_nor_print_before_a_result(api: FilingApi) -> None:
    filing_id = api.filed()["id"]
    early = api.upload_result(filing_id)
    assert early.status_code == 409 and early.json()["error"] == "wrong_status"
    assert "已提交，等待受理" in early.json()["message"] and "given a result document" in early.json()["message"]
    api.act(filing_id, "accept")
    assert api.upload_result(filing_id).status_code == 409
    api.act(filing_id, "approve")
    missing = api.client.get(f"/api/v1/filings/{filing_id}/result", headers=api.kiosk)
    assert missing.status_code == 404 and missing.json()["error"] == "no_result"
    too_soon = api.act(filing_id, "collect", role="kiosk")
    assert too_soon.status_code == 409 and too_soon.json()["error"] == "no_result"
    not_printed = api.act(filing_id, "allow-reprint")
    assert not_printed.status_code == 409 and not_printed.json()["error"] == "not_collected"


def test_a_result_must_be_a_pdf_within_the_limit(api: FilingApi) -> None:
    filing_id = completed(api)
    wrong_type = api.upload_result(filing_id, MINIMAL_PDF, content_type="image/png")
    assert wrong_type.status_code == 415 and wrong_type.json()["error"] == "unsupported_type"
    not_pdf = api.upload_result(filing_id, b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert not_pdf.status_code == 422 and not_pdf.json()["error"] == "not_a_pdf"
    empty = api.upload_result(filing_id, b"")
    assert empty.status_code == 422 and empty.json()["error"] == "not_a_pdf"
    declared = api.upload_result(filing_id, MINIMAL_PDF + b"\0" * (1024 * 1024))
    assert declared.status_code == 413 and declared.json()["error"] == "body_too_large"

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield MINIMAL_PDF
        for _ in range(20):
            yield b"\0" * 64 * 1024

    headers = {**api.staff, "Content-Type": "application/pdf"}
    streamed = api.client.post(f"/api/v1/filings/{filing_id}/result", content=chunked(), headers=headers)
    assert streamed.status_code == 413 and streamed.json()["error"] == "body_too_large"
    assert api.get(filing_id)["result_ready"] is False


def test_only_staff_upload_and_allow_and_only_kiosks_collect(api: FilingApi) -> None:
    filing_id = completed(api)
    as_kiosk = api.client.post(
        f"/api/v1/filings/{filing_id}/result",
        content=MINIMAL_PDF,
        headers={**api.kiosk, "Content-Type": "application/pdf"},
    )
    assert as_kiosk.status_code == 403
    assert api.upload_result(filing_id).status_code == 200
    assert api.act(filing_id, "collect", role="staff").status_code == 403
    assert api.act(filing_id, "collect", role="kiosk").status_code == 200
    assert api.act(filing_id, "allow-reprint", role="kiosk").status_code == 403
    assert api.act(filing_id, "allow-reprint", role="supervisor").status_code == 200
    assert api.client.get(f"/api/v1/filings/{filing_id}/result").status_code == 401
