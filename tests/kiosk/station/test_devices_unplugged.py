"""Each of the station's devices unplugged and plugged back in (the simulator's pty closed, then a new one at the
same link): the station reports it offline in words and in one log line, and takes it back by itself."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from common.settings import load_kiosk_config
from devices.state import DeviceState
from kiosk.station.devices import StationDevices
from kiosk.store import Store
from tests.support.waiting import wait_for

pytestmark = pytest.mark.e2e  # simulators on ptys


@pytest.fixture
def watched(config_dir: Path, store: Store, tmp_path: Path) -> Iterator[StationDevices]:
    """The shipped devices (all simulated), their health checked every 0.1 s instead of every 5."""
    config = load_kiosk_config(config_dir / "kiosk.toml")
    opened = StationDevices(config.devices, store, printed_dir=tmp_path / "printed", health_interval_s=0.1).open()
    yield opened
    opened.close()


def state_of(devices: StationDevices, kind: str) -> Any:
    return next(info for info in devices.infos() if info.kind == kind)


@pytest.mark.parametrize("kind", ["printer", "id_reader", "scanner"])
def test_unplugged_is_said_in_words_and_replugged_comes_back_by_itself(
    watched: StationDevices, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    simulator: Any = watched.simulators()[kind]
    assert state_of(watched, kind).state is DeviceState.READY
    with caplog.at_level(logging.INFO):
        simulator.drop_connection()
        gone = wait_for(lambda: (i := state_of(watched, kind)).state is DeviceState.OFFLINE and i, f"{kind} offline")
        assert gone.message is not None and gone.message.zh and gone.message.en.isascii()
        simulator.replug()
        wait_for(lambda: state_of(watched, kind).state is DeviceState.READY, f"{kind} ready again")
    changes = [r.getMessage() for r in caplog.records if "-> offline" in r.getMessage()]
    assert len(changes) == 1 and f"{gone.message.zh} / {gone.message.en}" in changes[0]
    assert not any(r.exc_info for r in caplog.records)
    if kind == "printer":
        assert watched.test_print() == (True, None)  # prints again, no restart
