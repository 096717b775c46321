"""The outbox's drain while the kiosk is out of service (kiosk/station/crash_record.py): the sync worker alone,
sending what the kiosk still owes a remote hall (ratings, filings), with none of the citizen services.

Opened only when the hall is remote (an embedded hall does not run out of service: nothing to send to) and the
store opens; any failure here is one log line and the out-of-service screen shows all the same.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common.settings import KioskConfig
from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.hallclient.outbox import OutboxSender
from kiosk.store import Store, open_store
from kiosk.store.filings import FilingStore

log = logging.getLogger(__name__)


class OutboxDrain:
    """The store, the hall client and the sync worker over them; ``close`` stops the worker, then the rest."""

    def __init__(self, store: Store, client: HallClient, sender: OutboxSender) -> None:
        self.store, self.client, self.sender = store, client, sender

    def close(self) -> None:
        for part in (self.sender.stop, self.client.close, self.store.close):
            try:
                part()
            except Exception:
                log.exception("stopping the outbox drain: %s failed", getattr(part, "__qualname__", part))


def open_outbox_drain(config: KioskConfig, data_dir: Path, *, interval_s: float = 2.0) -> OutboxDrain | None:
    """The sync worker, started; None when the hall is embedded or has no token, or the store does not open."""
    hall = config.hall
    if hall.embedded or not hall.token:
        return None
    try:
        store = open_store(data_dir, key_file=config.filings.id_key_file)
    except Exception as error:
        log.warning("out of service: the store does not open, the outbox waits (%s)", error)
        return None
    client = HallClient(hall.url, hall.token, timeout_s=hall.timeout_s, ca_file=hall.ca_file)
    try:
        filings = FilingStore(
            store,
            data_dir,
            config.station.filing_code,
            ZoneInfo(config.station.timezone),
            max_attachment_bytes=config.filings.max_attachment_mb * 1024 * 1024,
        )
        retention = timedelta(hours=config.filings.retention_hours)
        sender = sync_worker(store, client, filings, config.station.id, retention=retention, interval_s=interval_s)
        sender.start()
    except Exception as error:
        log.warning("out of service: the outbox's sync worker does not start (%s)", error)
        client.close()
        store.close()
        return None
    log.info("out of service: the outbox keeps draining to %s", hall.url)
    return OutboxDrain(store, client, sender)
