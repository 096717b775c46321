"""A hall device controller on its production drivers: simulated pads over a pty or TCP, virtual window displays,
a voice that records what it would say, and a real hall server over HTTP that can be taken away and brought back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from common.settings.hall_devices import HallDevicesConfig
from devices.pads import PadMode, PadView
from devtools.ports import free_port
from drivers.sim.displays import VirtualDisplayBus
from drivers.sim.pads import SimPads
from hall.ratings import Rating
from hall.server import Hall, build_hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.halldevices import HallDeviceController
from tests.support.hall import MONDAY_10AM, served
from tests.support.paths import SHIPPED_CONFIG
from tests.support.waiting import wait_for

PADS = 3  # pad n sits at window n (windows 1 and 2 serve category A, window 3 serves B)


class RecordingVoice:
    """A voice backend that keeps what it was asked to say (and each chime) instead of playing it."""

    def __init__(self) -> None:
        self.heard: list[str] = []

    def speak(self, text: str) -> None:
        self.heard.append(text)

    def chime(self) -> None:
        self.heard.append("<chime>")


class Rig:
    def __init__(self, hall: Hall, port: int, sim: SimPads, controller: HallDeviceController, voice: RecordingVoice):
        self.hall, self.port, self.sim, self.controller, self.voice = hall, port, sim, controller, voice
        self.kiosk_token = create_token(hall.sessions, "kiosk-01", Role.KIOSK)
        self.supervisor_token = create_token(hall.sessions, "boss", Role.SUPERVISOR)
        self._serving: contextlib.ExitStack | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def displays(self) -> VirtualDisplayBus:
        assert self.controller.displays is not None
        simulator = getattr(self.controller.displays, "simulator", None)
        assert isinstance(simulator, VirtualDisplayBus)
        return simulator

    def hall_up(self) -> None:
        self._serving = contextlib.ExitStack()
        self._serving.enter_context(served(self.hall.app, self.port))

    def hall_down(self) -> None:
        if self._serving is not None:
            self._serving.close()
            self._serving = None

    def take(self, category: str = "A", count: int = 1) -> list[str]:
        numbers = []
        with HallClient(self.url, self.kiosk_token) as client:
            for _ in range(count):
                ticket = client.post("/api/v1/tickets", {"category": category})
                assert ticket is not None
                numbers.append(str(ticket["number"]))
        return numbers

    def press(self, address: int, *keys: int) -> None:
        for key in keys:
            self.sim.press(address, key)

    def view(self, address: int) -> PadView:
        return self.sim.view(address)

    def wait_view(self, address: int, mode: PadMode, number: str | None = None) -> PadView:
        def matches() -> PadView | None:
            view = self.sim.view(address)
            return view if view.mode is mode and (number is None or view.number == number) else None

        return wait_for(matches, f"pad {address} to show {mode.name} {number or ''}")  # type: ignore[no-any-return]

    def tickets(self) -> dict[str, str]:
        """Every ticket's number and status at the hall."""
        from hall.models import Ticket  # noqa: PLC0415

        with self.hall.sessions() as session:
            return {t.number: t.status for t in session.scalars(select(Ticket))}

    def ratings(self) -> list[Rating]:
        with self.hall.sessions() as session:
            return list(session.scalars(select(Rating).order_by(Rating.created_at)))

    def get(self, path: str) -> Any:
        with HallClient(self.url, self.supervisor_token) as client:
            return client.get(path)

    def ready(self) -> None:
        """The controller has heard every pad, reached the hall, and the pads show idle."""
        wait_for(lambda: all(s.answering for s in self.controller.statuses().values()), "every pad to answer")
        wait_for(lambda: self.controller.hall_up, "the hall link")
        wait_for(lambda: self.controller.calls.window_names, "the hall's first snapshot")
        for address in self.sim.addresses:
            self.wait_view(address, PadMode.IDLE)


def controller_config(pads_url: str, **pads: Any) -> HallDevicesConfig:
    return HallDevicesConfig.model_validate(
        {
            "hall": {"url": "http://127.0.0.1:1", "timeout_s": 2.0},  # replaced per rig
            "pads": {
                "url": pads_url,
                "timeout_s": 0.05,
                "retries": 2,
                "poll_interval_s": 0.01,
                "rating_timeout_s": pads.pop("rating_timeout_s", 5.0),
                "thanks_s": pads.pop("thanks_s", 0.3),
                "pad": [{"address": a, "window": a, "staff": f"100{a}"} for a in range(1, PADS + 1)],
                **pads,
            },
            "displays": {"url": "sim://", "windows": {"1": 1, "2": 2, "3": 3}},
            "voice": {"backend": "none", "repeats": 1},
        }
    )


@pytest.fixture(params=["pty", "tcp"])
def medium(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def rig(tmp_path: Path, medium: str) -> Iterator[Rig]:
    hall = build_hall(SHIPPED_CONFIG / "hall.toml", f"sqlite:///{tmp_path / 'hall.db'}", clock=lambda: MONDAY_10AM)
    sim = SimPads(PADS, seed=11)
    if medium == "pty":
        pads_url = f"serial://{sim.start_pty()}?baudrate=115200"
    else:
        host, sim_port = sim.start_tcp()
        pads_url = f"socket://{host}:{sim_port}"
    port = free_port()
    config = controller_config(pads_url)
    config = config.model_copy(update={"hall": config.hall.model_copy(update={"url": f"http://127.0.0.1:{port}"})})
    token = create_token(hall.sessions, "pads", Role.PADS, source=config.hall.source)
    voice = RecordingVoice()
    controller = HallDeviceController(config, tmp_path / "devices", token=token, voice=voice)
    rig = Rig(hall, port, sim, controller, voice)
    rig.hall_up()
    try:
        controller.start()
        rig.ready()
        yield rig
    finally:
        controller.stop()
        rig.hall_down()
        sim.stop()
        hall.close()
