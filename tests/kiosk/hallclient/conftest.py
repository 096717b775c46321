"""Fixtures of the hall client's tests: the previous release, extracted once per session (version skew)."""

from __future__ import annotations

import pytest

from tests.kiosk.hallclient.skew_release import Release, extract_previous_release


@pytest.fixture(scope="session")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """The newest ``v*`` tag older than HEAD, extracted; its code runs with this tree's python."""
    return extract_previous_release(tmp_path_factory.mktemp("previous-release"))
