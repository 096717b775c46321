"""schemathesis against the hall's own OpenAPI spec over real HTTP: a bounded run must find no server error."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import schemathesis
from hypothesis import HealthCheck, given, settings

from kiosk.hall.server import build_hall
from kiosk.hall.tokens import Role, create_token
from tests.conftest import SHIPPED_CONFIG
from tests.hall.conftest import served

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
EXAMPLES_PER_OPERATION = 30


def test_no_input_makes_the_server_fail(tmp_path: Path) -> None:
    hall = build_hall(SHIPPED_CONFIG / "hall.toml", f"sqlite:///{tmp_path / 'hall.db'}", clock=lambda: MONDAY_10AM)
    headers = {"Authorization": f"Bearer {create_token(hall.sessions, 'fuzz', Role.SUPERVISOR)}"}
    failures: list[str] = []
    calls: list[int] = []
    try:
        with served(hall.app) as base_url:
            schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
            operations = [result.ok() for result in schema.get_all_operations()]
            assert len(operations) >= 10

            for operation in operations:

                @given(case=operation.as_strategy())
                @settings(
                    max_examples=EXAMPLES_PER_OPERATION,
                    deadline=None,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
                def call(case: Any) -> None:
                    response = case.call(base_url=base_url, headers=headers)
                    calls.append(response.status_code)
                    if response.status_code >= 500:
                        failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")
                    elif response.status_code >= 400:
                        body = response.json()
                        assert set(body) == {"error", "message"} and body["message"], body

                call()
    finally:
        hall.close()
    assert failures == []
    assert len(calls) >= 5 * len(operations)  # the run really exercised every operation
