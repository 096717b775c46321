"""Pad bus URLs: sim:// starts simulated pads for the production master; bad URLs say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.pads import KeyEvent, PadKey
from devices.state import DeviceState, Reason
from devices.url import DeviceUrlError
from drivers.registry import create_pad_bus


@pytest.mark.parametrize("medium", ["pty", "tcp"])
def test_sim_url_starts_pads_on_open_and_close_stops_them(medium: str) -> None:
    bus = create_pad_bus(f"sim://?count=3&medium={medium}", [1, 2, 3, 4], timeout_s=0.04)
    bus.open()
    try:
        assert bus.simulator is not None and bus.simulator.addresses == [1, 2, 3]
        bus.poll()
        bus.simulator.press(3, PadKey.INVITE_RATING)
        assert bus.poll() == [KeyEvent(3, 1, PadKey.INVITE_RATING)]
        states = {address: status.state for address, status in bus.statuses().items()}
        assert states == {1: DeviceState.READY, 2: DeviceState.READY, 3: DeviceState.READY, 4: DeviceState.OFFLINE}
    finally:
        bus.close()
    bus.close()  # closing twice is harmless


def test_sim_url_without_count_puts_a_pad_at_every_polled_address() -> None:
    bus = create_pad_bus("sim://", [2, 5], timeout_s=0.04)
    bus.open()
    try:
        assert bus.simulator is not None and bus.simulator.addresses == [2, 5]
        assert bus.wire_bytes_per_cycle() == 66
    finally:
        bus.close()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("usb://0x0416:0x5011", "not supported by this device"),
        ("socket://10.0.0.5", "no port"),
        ("serial://", "no port path"),
        ("sim://?count=x", "bad sim:// option"),
        ("sim://?colour=red", "bad sim:// option"),
        ("sim://?medium=radio", "medium must be pty or tcp"),
    ],
)
def test_bad_urls_are_refused_in_both_languages(url: str, words: str) -> None:
    with pytest.raises(DeviceUrlError, match=words) as error:
        create_pad_bus(url, [1])
    assert " / " in str(error.value)


def test_bad_addresses_are_refused() -> None:
    with pytest.raises(DeviceUrlError, match="1 to 247"):
        create_pad_bus("sim://", [0, 1])


def test_a_port_that_does_not_exist_cannot_connect_and_every_pad_is_disconnected(tmp_path: Path) -> None:
    bus = create_pad_bus(f"serial://{tmp_path}/ttyNOPE", [1, 2], timeout_s=0.04, retries=0)
    try:
        assert not bus.connect()
        assert bus.poll() == []
        assert {s.status.reasons for s in bus.statuses().values()} == {frozenset({Reason.DISCONNECTED})}
    finally:
        bus.close()
