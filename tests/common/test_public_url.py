"""The address phones reach the hall at, and when no phone can."""

from __future__ import annotations

import pytest

from common.settings.public import phones_cannot_reach


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8700", "http://127.0.0.2", "http://localhost:8700", "http://[::1]:8700", "http://0.0.0.0"]
)
def test_an_address_of_this_machine_only_is_unreachable(url: str) -> None:
    assert phones_cannot_reach(url)


@pytest.mark.parametrize("url", ["http://192.168.1.20:8700", "https://hall.example.gov.cn", "http://10.0.0.5"])
def test_an_address_on_the_network_is_reachable(url: str) -> None:
    assert not phones_cannot_reach(url)
