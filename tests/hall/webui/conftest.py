"""Fixtures of the staff's and supervisors' web: tokens of each role, a client signed in, a page in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from hall.server import Hall
from hall.tokens import Role, create_token
from tests.support.browser import browser_page


def token_for(hall: Hall, name: str, role: Role) -> str:
    return create_token(hall.sessions, name, role)


@pytest.fixture
def supervisor_token(hall: Hall) -> str:
    return token_for(hall, "supervisor-zhang", Role.SUPERVISOR)


@pytest.fixture
def staff_token(hall: Hall) -> str:
    """The token of the staff member at window 2 (hall.toml's [[web.staff]]: social insurance items)."""
    return token_for(hall, "staff-1002", Role.STAFF)


@pytest.fixture
def web_page() -> Iterator[Page]:
    with browser_page() as page:
        yield page
