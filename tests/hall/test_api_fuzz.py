"""schemathesis against the hall's own OpenAPI spec over real HTTP: a bounded run must find no server error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from hall.server import build_hall
from hall.tokens import Role, create_token
from tests.support.hall import MONDAY_10AM, served
from tests.support.paths import SHIPPED_CONFIG

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
                    if case.path == "/api/v1/events":
                        status, body = _open_stream(case, base_url, headers)
                    else:
                        response = case.call(base_url=base_url, headers=headers)
                        failed = response.status_code >= 400 and case.method.upper() != "HEAD"
                        status, body = response.status_code, (response.json() if failed else None)
                    calls.append(status)
                    if status >= 500:
                        failures.append(f"{case.method} {case.formatted_path} -> {status}")
                    elif status >= 400 and case.method.upper() != "HEAD":  # an answer to HEAD has no body
                        assert set(body) == {"error", "message"} and body["message"], body

                call()
    finally:
        hall.close()
    assert failures == []
    assert len(calls) >= 5 * len(operations)  # the run really exercised every operation


def _open_stream(case: Any, base_url: str, headers: dict[str, str]) -> tuple[int, Any]:
    """The event stream never ends: take its status (and an error body) without reading the stream."""
    kwargs = case.as_transport_kwargs(base_url=base_url, headers=headers)
    with requests.request(**kwargs, stream=True, timeout=10) as response:
        return response.status_code, (response.json() if response.status_code >= 400 else None)
