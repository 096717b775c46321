"""The ID number of a filing is never in a log line, an answer or a readable column, through a filing's whole
life and its refusals; the hall still holds it, sealed under the key file (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import json
import logging
import uuid

import pytest
from sqlalchemy import text

import common.logs
from common.receipts import sign_receipt
from hall.filing_keys import FilingKeys, key_file, load_or_create_key
from hall.filings import Filing
from hall.server import Hall
from tests.support.filings import ID_NUMBER, MINIMAL_PDF, FilingApi, filing_api, filing_body
from tests.support.hall import open_hall

WRONG_CHECK = ID_NUMBER[:-1] + "X"  # shaped like a number, with a wrong check character


def test_the_id_number_leaves_no_trace_but_its_sealed_copy(
    hall_db_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The log handlers' masking filter is a safety net; with it off, the log must have nothing to mask.
    monkeypatch.setattr(common.logs, "mask_id_numbers", lambda line: line)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL statements and their parameters too
    with open_hall(hall_db_url) as hall, filing_api(hall) as api:
        caplog.set_level(logging.DEBUG)  # every logger: the hall's start set the root's level from its config
        answers = _a_whole_life(api)
        leaked_in = [i for i, answer in enumerate(answers) if ID_NUMBER in answer or WRONG_CHECK in answer]
        assert leaked_in == []
        columns = _every_stored_value(hall)
        with hall.sessions() as session:
            stored = session.query(Filing).one()
    assert any("INSERT INTO filing " in r.getMessage() for r in caplog.records)  # the SQL was logged too
    lines = [record.getMessage() for record in caplog.records] + [
        str(record.args) for record in caplog.records if record.args
    ]
    assert [line for line in lines if ID_NUMBER in line or WRONG_CHECK in line] == []
    assert "110101********1233" in stored.form["applicant_id"] and ID_NUMBER not in columns
    keys = FilingKeys(load_or_create_key(key_file(hall.config)))
    assert keys.open(stored.id_number_sealed, stored.id.bytes) == ID_NUMBER
    assert stored.form_sealed is not None
    assert json.loads(keys.open(stored.form_sealed, stored.id.bytes))["applicant_id"] == ID_NUMBER


def _a_whole_life(api: FilingApi) -> list[str]:
    """Filing, its refusals, every staff action, the result, printing, progress by card and by receipt: the text of
    every answer."""
    answers: list[str] = []
    body = filing_body()
    for attempt in (
        filing_body(id_number=WRONG_CHECK),
        {**filing_body(), "form": {**body["form"], "applicant_id": WRONG_CHECK}},
        {**filing_body(), "applicant": {**body["applicant"], "id_number": ID_NUMBER + "0"}},
        filing_body(attachments=[{"sha256": "a" * 64, "name": ID_NUMBER, "size": 3, "content_type": "image/png"}]),
        body,
        body,
        {**body, "applicant": {**body["applicant"], "name": "李四"}},  # id_conflict
    ):
        answers.append(api.file(attempt).text)
    filing_id = body["id"]
    answers.append(api.act(filing_id, "request-materials", {"materials": ["父母结婚证"], "note": "补交"}).text)
    answers.append(api.act(filing_id, "approve").text)  # refused: wrong status
    answers.append(api.act(filing_id, "accept").text)
    answers.append(api.act(filing_id, "approve").text)
    answers.append(api.upload_result(filing_id, MINIMAL_PDF).text)
    answers.append(api.client.get(f"/api/v1/filings/{filing_id}/result", headers=api.kiosk).text)
    answers.append(api.act(filing_id, "collect", role="kiosk").text)
    answers.append(api.act(filing_id, "collect", role="kiosk").text)
    lookup = api.client.post("/api/v1/filings/lookup", json={"id_number": ID_NUMBER}, headers=api.kiosk)
    assert len(lookup.json()["filings"]) == 1
    answers.append(lookup.text)
    key = api.client.get("/api/v1/filings/receipt-key", params={"kiosk_id": "kiosk-01"}, headers=api.kiosk).json()
    token = sign_receipt(base64.b64decode(key["key"]), uuid.UUID(filing_id), key["key_id"])
    answers.append(api.client.get(f"/api/v1/filings/receipt/{token}", headers=api.kiosk).text)
    answers.append(api.client.get("/api/v1/filings", headers=api.staff).text)
    answers.append(api.client.get(f"/api/v1/filings/{filing_id}/detail", headers=api.staff).text)
    return answers


def _every_stored_value(hall: Hall) -> str:
    """Every value of the filing tables and the event log, as text."""
    found: list[str] = []
    with hall.engine.connect() as connection:
        for table in ("filing", "filing_event", "hall_event"):
            found += [repr(tuple(row)) for row in connection.execute(text(f"SELECT * FROM {table}"))]
    return "\n".join(found)
