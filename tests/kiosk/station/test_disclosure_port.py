"""政务公开 at the station over a real hall: the bundle fetched with its version (304 when unchanged), kept in the
data dir and served marked stale while the hall is away (also after a restart), notices printed on the virtual
printer; a kiosk that never had a copy says so."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devtools.ports import free_port
from drivers.sim.printer import VirtualPrinter
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.hallclient.errors import HallUnreachable
from kiosk.station.devices import StationDevices
from kiosk.station.disclosure import CACHE_FILE, StationDisclosure
from tests.hall.test_disclosure import notice
from tests.support.hall import SHANGHAI, served

LATER = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


@pytest.fixture
def supervisor(hall: Hall) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(hall.sessions, 'supervisor', Role.SUPERVISOR)}"}


@pytest.fixture
def clients(hall: Hall) -> Iterator[list[HallClient]]:
    made: list[HallClient] = []
    yield made
    for client in made:
        client.close()


def station(
    hall: Hall, url: str, data_dir: Path, devices: StationDevices, clients: list[HallClient]
) -> StationDisclosure:
    token = create_token(hall.sessions, f"kiosk-{len(clients)}", Role.KIOSK)
    client = HallClient(url, token, timeout_s=2)
    clients.append(client)
    seen = iter([datetime(2026, 12, 4, 2, 0, tzinfo=UTC)] + [LATER] * 10)
    return StationDisclosure(
        client, data_dir, devices, paper=devices.profile.paper, zone=SHANGHAI, clock=lambda: next(seen)
    )


def test_the_copy_is_kept_and_served_marked_stale_while_the_hall_is_away(
    hall: Hall,
    data_dir: Path,
    devices: StationDevices,
    clients: list[HallClient],
    supervisor: dict[str, str],
    printer_sim: VirtualPrinter,
) -> None:
    port = free_port()
    with served(hall.app, port) as url:
        with HallClient(url, "") as http:
            answer = http.http.post("/api/v1/disclosure/notices", json=notice(), headers=supervisor)
            assert answer.status_code == 201
        kiosk = station(hall, url, data_dir, devices, clients)
        fresh = kiosk.current()
        again = kiosk.current()  # a 304: the same content, confirmed now
        assert not fresh.stale and again.bundle == fresh.bundle and again.fetched_at == LATER
    assert [n.title for n in fresh.bundle.notices] == ["关于春节期间办公时间调整的通知"]
    assert (data_dir / CACHE_FILE).is_file()
    away = kiosk.current()
    assert away.stale and away.bundle == fresh.bundle and away.fetched_at == LATER
    assert [n.title for n in away.search("cjqj")] == ["关于春节期间办公时间调整的通知"]
    assert away.search("暂停对外办公") and not away.search("不存在的词")
    # Printed from the kept copy, saying its day.
    assert kiosk.print_notice(fresh.bundle.notices[0].id) == (True, None)
    [receipt] = printer_sim.wait_for_receipts(1)
    assert receipt.image.height > 600 and not receipt.truncated
    # A kiosk restarted while the hall is still away reads the copy in its data dir.
    restarted = station(hall, f"http://127.0.0.1:{port}", data_dir, devices, clients).current()
    assert restarted.stale and restarted.bundle == fresh.bundle


def test_a_kiosk_that_never_had_a_copy_says_so(
    hall: Hall, data_dir: Path, devices: StationDevices, clients: list[HallClient]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    kiosk = station(hall, f"http://127.0.0.1:{free_port()}", data_dir, devices, clients)
    with pytest.raises(HallUnreachable) as raised:
        kiosk.current()
    assert raised.value.message.zh.startswith("本机暂时连不上大厅的系统")
    assert kiosk.print_notice(1)[0] is False


def test_a_damaged_copy_is_ignored_not_served(
    hall: Hall, data_dir: Path, devices: StationDevices, clients: list[HallClient]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / CACHE_FILE).write_text("{not json", encoding="utf-8")
    kiosk = station(hall, f"http://127.0.0.1:{free_port()}", data_dir, devices, clients)
    with pytest.raises(HallUnreachable):
        kiosk.current()
