"""Device fleet status over real HTTP on both backends, and the supervisors' page in headless Chromium."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from hall.server import Hall
from hall.tokens import REPORTING_ROLES, Role, create_token
from tests.support.chromium import CHROMIUM, Browser
from tests.support.clocks import FrozenClock
from tests.support.hall import served

PADS = {
    "devices": [
        {"device": "pad-1", "kind": "pad", "name": "1号窗口评价器", "state": "ready", "detail": {"crc_errors": 2}},
        {
            "device": "pad-2",
            "kind": "pad",
            "name": "2号窗口评价器",
            "state": "offline",
            "reasons": ["no_answer"],
            "message": "评价器无应答 / the pad does not answer",
            "last_seen": "2026-11-23T01:58:00Z",
        },
    ]
}


def auth(hall: Hall, role: Role) -> dict[str, str]:
    name = f"{role.value}-{uuid.uuid4().hex[:8]}"
    source = "hall-devices" if role in REPORTING_ROLES else None  # the source these tests report for
    return {"Authorization": f"Bearer {create_token(hall.sessions, name, role, source=source)}"}


def test_a_controller_reports_and_a_supervisor_sees_it(hall: Hall, clock: FrozenClock) -> None:
    pads, supervisor = auth(hall, Role.PADS), auth(hall, Role.SUPERVISOR)
    with served(hall.app) as url:
        answer = httpx.put(f"{url}/api/v1/devices/hall-devices", json=PADS, headers=pads)
        assert answer.status_code == 200 and answer.json()["devices"] == 2
        seen = httpx.get(f"{url}/api/v1/devices", headers=supervisor).json()["devices"]
        assert [(d["device"], d["state"], d["silent"]) for d in seen] == [
            ("pad-1", "ready", False),
            ("pad-2", "offline", False),
        ]
        assert seen[0]["detail"] == {"crc_errors": 2} and seen[1]["reasons"] == ["no_answer"]
        # The next report replaces the list; a source that then goes quiet is shown as silent.
        httpx.put(f"{url}/api/v1/devices/hall-devices", json={"devices": PADS["devices"][:1]}, headers=pads)
        clock.advance(minutes=3)
        seen = httpx.get(f"{url}/api/v1/devices", headers=supervisor).json()["devices"]
        assert [(d["device"], d["silent"]) for d in seen] == [("pad-1", True)]


def test_roles_and_bad_reports_are_refused(hall: Hall) -> None:
    with served(hall.app) as url:
        assert httpx.get(f"{url}/api/v1/devices", headers=auth(hall, Role.PADS)).status_code == 403
        assert httpx.put(f"{url}/api/v1/devices/x", json=PADS, headers=auth(hall, Role.STAFF)).status_code == 403
        bad = {"devices": [{**PADS["devices"][0], "state": "exploded"}]}
        answer = httpx.put(f"{url}/api/v1/devices/hall-devices", json=bad, headers=auth(hall, Role.KIOSK))
        assert answer.status_code == 422 and answer.json()["error"] == "invalid_request"
        spaced = httpx.put(f"{url}/api/v1/devices/no%20spaces", json=PADS, headers=auth(hall, Role.KIOSK))
        assert spaced.status_code == 422


@pytest.mark.parametrize("hall_db_url", ["sqlite"], indirect=True)
def test_the_page_shows_a_silent_pad(hall: Hall, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: make test installs it")
    supervisor = create_token(hall.sessions, "boss", Role.SUPERVISOR)
    with served(hall.app) as url:
        httpx.put(f"{url}/api/v1/devices/hall-devices", json=PADS, headers=auth(hall, Role.PADS))
        browser = Browser(f"{url}/devices#token={supervisor}", tmp_path / "profile", size=(1280, 600))
        try:
            text = browser.wait_for(
                "document.querySelector('tr.bad') && document.querySelector('tr.bad').innerText", timeout=30
            )
            assert "2号窗口评价器" in text and "无应答" in text
            browser.screenshot(tmp_path / "devices.png")
        finally:
            browser.close()
