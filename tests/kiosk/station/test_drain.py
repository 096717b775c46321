"""Out of service, the outbox keeps draining to a remote hall; with an embedded hall, or a store that does not open,
there is no drain and nothing breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import KioskConfig, load_kiosk_config
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.hallclient import HallClient
from kiosk.station.drain import open_outbox_drain
from kiosk.store import open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, filing, filing_store, photo
from tests.support.hall import served
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e  # a hall served over HTTP


def remote(config_dir: Path, url: str, token: str) -> KioskConfig:
    config = load_kiosk_config(config_dir / "kiosk.toml")
    hall = config.hall.model_copy(update={"embedded": False, "url": url, "token": token})
    station = config.station.model_copy(update={"id": KIOSK_ID})
    return config.model_copy(update={"hall": hall, "station": station})


def test_a_filing_saved_before_the_crashes_reaches_the_hall(hall: Hall, config_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "kiosk"
    data_dir.mkdir()
    store = open_store(data_dir)
    saved = filing_store(store, data_dir).save(filing(photo(10_000)))
    store.close()
    with served(hall.app) as url:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        drain = open_outbox_drain(remote(config_dir, url, token), data_dir, interval_s=0.2)
        assert drain is not None
        try:
            with HallClient(url, token) as client:

                def at_hall() -> bool:
                    listed = client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]
                    return [f["id"] for f in listed] == [str(saved.id)]

                assert wait_until(at_hall, 30)
        finally:
            drain.close()


def test_no_drain_with_an_embedded_hall_or_without_a_store(config_dir: Path, tmp_path: Path) -> None:
    embedded = load_kiosk_config(config_dir / "kiosk.toml")
    assert embedded.hall.embedded and open_outbox_drain(embedded, tmp_path) is None
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("", encoding="utf-8")
    assert open_outbox_drain(remote(config_dir, "http://127.0.0.1:1", "t" * 32), not_a_dir) is None
