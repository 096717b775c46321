"""The production pad bus master against simulated pads, over a pty (RS-485 adapter) and over TCP (gateway)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devices.pads import EventGap, KeyEvent, PadEvent
from drivers.pads.master import PadBus
from drivers.sim.pads import SimPads

TIMEOUT_S = 0.1  # simulated pads answer within a millisecond or two; a loaded machine still makes this easily

BusFactory = Callable[..., tuple[PadBus, SimPads]]


@pytest.fixture(params=["pty", "tcp"])
def medium(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def pad_bus(medium: str) -> Iterator[BusFactory]:
    """Start N simulated pads and the production PadBus on the medium's URL (serial:// or socket://)."""
    opened: list[tuple[PadBus, SimPads]] = []

    def start(
        count: int = 4, *, retries: int = 2, seed: int = 7, timeout_s: float = TIMEOUT_S
    ) -> tuple[PadBus, SimPads]:
        sim = SimPads(count, seed=seed)
        if medium == "pty":
            url = f"serial://{sim.start_pty()}?baudrate=115200"
        else:
            host, port = sim.start_tcp()
            url = f"socket://{host}:{port}"
        bus = PadBus(url, sim.addresses, timeout_s=timeout_s, retries=retries)
        bus.open()
        opened.append((bus, sim))
        return bus, sim

    yield start
    for bus, sim in opened:
        bus.close()
        sim.stop()


def keys_of(events: list[PadEvent]) -> list[tuple[int, int, int]]:
    assert not [e for e in events if isinstance(e, EventGap)], f"unexpected gap in {events}"
    return [(e.address, e.seq, e.key) for e in events if isinstance(e, KeyEvent)]
