"""ID numbers typed into the hall's free-text fields are masked before they are stored, and so never come back in
an answer (SQLite and PostgreSQL): rating comments, follow-up notes, device reports, staff notes, materials,
addresses, attachment names and phone-upload names."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, Table, inspect, text

from common.schema import alembic_config
from hall.database import MIGRATIONS, create_hall_engine
from hall.server import Hall
from hall.tokens import Role, create_token
from tests.hall.phone import photo, serving_phone
from tests.support.filings import filing_api, filing_body
from tests.support.hall import open_hall

# The ways a person types an ID number, each with its own birth date so that a leak says which one it was.
TYPED = {
    "11010119800101123X": "19800101",
    "110101 19810202 1234": "19810202",
    "110101-19820303-1235": "19820303",
    "１１０１０１１９８３０４０４１２３６": "１９８３０４０４",
    "110101840505123": "840505",  # 15 digits
}
ALL_TYPED = " ".join(f"证号{typed}。" for typed in TYPED)
BIRTH_DATES = list(TYPED.values())


def auth(hall: Hall, role: Role, source: str | None = None) -> dict[str, str]:
    name = source or f"{role.value}-{uuid.uuid4().hex[:6]}"
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role)}"}


def leaks(text_: str) -> list[str]:
    return [date for date in BIRTH_DATES if date in text_]


def everything_stored(hall: Hall) -> str:
    """Every value of every row of every table, as text."""
    values: list[str] = []
    with hall.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(value) for value in row)
    return "\n".join(values)


def test_a_rating_comment_and_a_follow_up_note_are_stored_masked(hall: Hall) -> None:
    ticket = hall.queue.take_number("A", "kiosk").ticket
    hall.queue.call_next(2)
    pads, supervisor = auth(hall, Role.PADS), auth(hall, Role.SUPERVISOR)
    with TestClient(hall.app) as client:
        body = {
            "ticket_id": str(ticket.id),
            "level": 1,
            "channel": "pad",
            "reasons": ["其他"],
            "comment": ALL_TYPED[:200],
        }
        rated = client.post("/api/v1/ratings", json=body, headers=pads)
        assert rated.status_code == 201, rated.text
        assert "110101********123X" in rated.json()["comment"] and leaks(rated.text) == []
        listed = client.get("/api/v1/follow-ups", headers=supervisor)
        assert leaks(listed.text) == [] and "110101 ******** 1234" in listed.text
        [task] = listed.json()["follow_ups"]
        closed = client.post(f"/api/v1/follow-ups/{task['id']}/close", json={"note": ALL_TYPED}, headers=supervisor)
        assert closed.status_code == 200 and leaks(closed.text) == []
    assert leaks(everything_stored(hall)) == []


def test_a_device_report_is_stored_masked(hall: Hall) -> None:
    device = {
        "device": "id-reader",
        "kind": "id_reader",
        "name": "读卡器 11010119800101123X"[:60],
        "state": "fault",
        "message": f"读卡失败：{ALL_TYPED}",
        "detail": {"last_card": "110101-19820303-1235", "old_card": "110101840505123", "count": 3},
    }
    with TestClient(hall.app) as client:
        reporter = auth(hall, Role.KIOSK, source="kiosk-07")
        answer = client.put("/api/v1/devices/kiosk-07", json={"devices": [device]}, headers=reporter)
        assert answer.status_code == 200, answer.text
        seen = client.get("/api/v1/devices", headers=auth(hall, Role.SUPERVISOR))
    assert leaks(seen.text) == [] and "110101-********-1235" in seen.text
    assert leaks(everything_stored(hall)) == []


def test_filing_notes_materials_addresses_and_file_names_are_stored_masked(hall: Hall) -> None:
    with filing_api(hall) as api:
        body = filing_body(delivery={"method": "post", "address": f"北京市东城区 {ALL_TYPED}"[:200]})
        filed = api.file(body)
        assert filed.status_code == 201, filed.text
        asked = api.act(body["id"], "request-materials", {"materials": [f"户口簿 {ALL_TYPED}"], "note": ALL_TYPED})
        assert asked.status_code == 200, asked.text
        answers = [filed.text, asked.text, api.client.get(f"/api/v1/filings/{body['id']}", headers=api.staff).text]
    assert [leaks(answer) for answer in answers] == [[], [], []]
    assert leaks(everything_stored(hall)) == []


def test_a_phone_upload_keeps_no_id_number_in_its_names(hall: Hall) -> None:
    with serving_phone(hall) as phone:
        session = phone.open(material=f"身份证 {ALL_TYPED}"[:200])
        sent = phone.send(session, photo(), name="110101 19810202 1234.jpg")
        assert sent.status_code in (200, 201), sent.text
        listed: dict[str, Any] = phone.files(session)
    assert leaks(str(listed)) == []
    assert leaks(everything_stored(hall)) == []


def test_free_text_stored_in_clear_before_is_masked_by_the_migration(hall_db_url: str) -> None:
    engine = create_hall_engine(hall_db_url)
    config = alembic_config(MIGRATIONS)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0010")
        now = datetime(2026, 11, 23, 2, tzinfo=UTC)
        with engine.begin() as connection:
            tables = {name: Table(name, MetaData(), autoload_with=connection) for name in ("rating", "device_status")}
            connection.execute(
                tables["rating"]
                .insert()
                .values(
                    id=uuid.uuid4() if connection.dialect.name == "postgresql" else uuid.uuid4().hex,
                    filing_id="K01-20261123-0001",
                    stage="completion",
                    level=1,
                    reasons=["其他"],
                    channel="kiosk",
                    comment=ALL_TYPED[:200],
                    created_at=now,
                )
            )
            connection.execute(
                tables["device_status"]
                .insert()
                .values(
                    source="kiosk-07",
                    device="id-reader",
                    kind="id_reader",
                    name="读卡器",
                    state="fault",
                    reasons=[],
                    message=ALL_TYPED[:300],
                    detail={"last": "110101-19820303-1235"},
                    last_seen=None,
                    reported_at=now,
                )
            )
    finally:
        engine.dispose()
    with open_hall(hall_db_url) as hall:
        stored = everything_stored(hall)
    assert leaks(stored) == [] and "110101********123X" in stored and "110101-********-1235" in stored
    if hall_db_url.startswith("sqlite:///"):  # the copy the migration made first is masked too
        path = Path(hall_db_url.removeprefix("sqlite:///"))
        [backup] = path.parent.glob("hall.db.before-*")
        assert [date for date in BIRTH_DATES if date.encode() in backup.read_bytes()] == []
