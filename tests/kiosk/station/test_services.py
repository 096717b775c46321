"""The whole station on one machine, as `kiosk run` starts it: embedded hall, simulated devices, ports."""

from __future__ import annotations

import socket
import stat
import threading
from pathlib import Path

import pytest

from common.errors import KioskError
from devices.pads import PadKey
from devtools.ports import free_port
from drivers.sim.pads import SimPads
from drivers.sim.printer import VirtualPrinter
from hall.fleet import Fleet
from kiosk.hallclient import HallClient
from kiosk.station.services import open_station_services
from tests.kiosk.hallclient.filing_fixtures import filing, photo
from tests.support.waiting import wait_until


def use_port(config_dir: Path, port: int, **replace: str) -> Path:
    path = config_dir / "kiosk.toml"
    text = path.read_text(encoding="utf-8").replace("http://127.0.0.1:8700", f"http://127.0.0.1:{port}")
    for old, new in replace.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def test_embedded_station_up_and_down_with_no_threads_left(config_dir: Path, data_dir: Path) -> None:
    before = set(threading.enumerate())
    port = free_port()
    config = use_port(config_dir, port)
    with open_station_services(config) as services:
        assert services.embedded is not None and services.embedded.url == f"http://127.0.0.1:{port}"
        assert wait_until(lambda: services.hall.online)
        categories = services.hall.categories()
        assert {c.prefix for c in categories} >= {"A", "S"}
        ticket = services.hall.take_number("S")
        assert ticket.printed
        printer = services.devices.simulators()["printer"]
        assert isinstance(printer, VirtualPrinter) and printer.wait_for_receipts(1)
        assert services.printed_dir == data_dir / "printed" and list(services.printed_dir.glob("*.png"))
        assert {i.kind for i in services.devices.infos()} == {"printer", "id_reader", "scanner", "hall"}
        assert services.technician.check_pin("246810").ok
        assert services.hall.guide().items
        hall = services.embedded.hall
        assert hall is not None
        fleet = Fleet(hall.sessions)
        assert wait_until(lambda: {row.device for row, _ in fleet.devices() if row.source == "kiosk-01"} >= {"printer"})
        kiosk_token = (data_dir / "tokens" / "kiosk.token").read_text().strip()
        assert stat.S_IMODE((data_dir / "tokens" / "kiosk.token").stat().st_mode) == 0o600
        assert (data_dir / "tokens" / "pads.token").exists() and (data_dir / "hall.db").exists()
    with HallClient(f"http://127.0.0.1:{port}", kiosk_token, timeout_s=1) as client:
        assert not client.health()  # the hall went down with the kiosk
    left = [t.name for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == []
    # A second start keeps the numbering and the tokens.
    with open_station_services(config) as services:
        assert (data_dir / "tokens" / "kiosk.token").read_text().strip() == kiosk_token
        assert services.hall.take_number("S").number == "S002"


def test_a_taken_port_is_one_bilingual_line(config_dir: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        config = use_port(config_dir, squatter.getsockname()[1])
        with pytest.raises(KioskError) as error:
            open_station_services(config)
    message = error.value.message
    assert "端口" in message and "in use" in message and "\n" not in message and error.value.exit_code == 2


def test_a_remote_hall_without_a_token_is_refused(config_dir: Path) -> None:
    config = use_port(config_dir, free_port(), **{"embedded = true": "embedded = false"})
    with pytest.raises(KioskError) as error:
        open_station_services(config)
    assert "hall.token" in error.value.message and "kiosk hall token create" in error.value.message


def test_a_remote_hall_that_is_down_leaves_the_kiosk_running_offline(config_dir: Path) -> None:
    config = use_port(
        config_dir, free_port(), **{"embedded = true": "embedded = false", 'token = ""': 'token = "hk_x"'}
    )
    with open_station_services(config) as services:
        assert services.embedded is None and not services.hall.online
        hall_info = next(i for i in services.devices.infos() if i.kind == "hall")
        assert hall_info.message is not None and hall_info.message.zh.startswith("大厅服务无法连接")
        services.hall.rate(5, [], ticket_code="1.jwwqjlt9TB6aUy9tHgt8RHn2ZPVIzyQvl6R-bg")
        assert services.technician.outbox_status()[0] == 1


def test_the_embedded_hall_runs_its_pads_and_a_pad_calls_the_number(config_dir: Path, data_dir: Path) -> None:
    # The hall and hall-devices configs beside kiosk.toml are the ones used: window 1 also serves self-service.
    hall_toml = config_dir / "hall.toml"
    hall_toml.write_text(
        hall_toml.read_text(encoding="utf-8").replace(
            'categories = ["V", "Y", "A"]', 'categories = ["V", "Y", "A", "S"]'
        )
    )
    devices_toml = config_dir / "hall-devices.toml"
    devices_toml.write_text(devices_toml.read_text(encoding="utf-8").replace('backend = "espeak"', 'backend = "none"'))
    with open_station_services(use_port(config_dir, free_port())) as services:
        assert services.embedded is not None and services.embedded.controller is not None
        pads = services.devices.simulators()["pads"]
        assert isinstance(pads, SimPads) and pads.addresses == [1, 2, 3]
        assert "displays" in services.devices.simulators()
        ticket = services.hall.take_number("S")
        pads.press(1, PadKey.CALL_NEXT)
        assert services.client is not None
        client = services.client
        assert wait_until(lambda: client.get(f"/api/v1/tickets/{ticket.id}")["status"] == "called")
        assert client.get(f"/api/v1/tickets/{ticket.id}")["window"] == 1
    assert (data_dir / "tokens" / "pads.token").exists()


def test_the_station_syncs_a_filing_to_the_embedded_hall(config_dir: Path) -> None:
    """`kiosk run`'s services: a filing saved through services.filings reaches the hall by the sync worker."""
    config = use_port(config_dir, free_port())
    with open_station_services(config) as services:
        assert services.embedded is not None and services.embedded.hall is not None
        saved = services.filings.save(filing(photo(30_000)))
        assert saved.number.startswith("KIOSK01-")  # the station id's letters and digits
        services.sender.wake()
        assert wait_until(lambda: (mine := services.filings.get(saved.id)) is not None and mine.synced, timeout=30)
        pending, words = services.technician.outbox_status()
        assert pending == 0 and words is None


def test_the_station_offers_the_filing_port_and_the_document_camera(config_dir: Path) -> None:
    """`kiosk run`'s services hand the filing flows their two ports; the document camera stays closed until used,
    and its simulator's faults are on the technician page."""
    config = use_port(config_dir, free_port())
    with open_station_services(config) as services:
        camera = services.document_camera
        assert camera is not None and "document_camera" in services.devices.simulators()
        assert camera.available()
        items = services.filing_port.items()
        assert items and all(item.form for item in items)
        assert (services.data_dir / "receipt-key.json").exists()
