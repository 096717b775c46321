"""The kiosk's sync worker as a process of its own, for the SIGKILL test: ``python -m
tests.kiosk.hallclient.sync_process DATA_DIR HALL_URL TOKEN``. It prints ``started``, delivers until the outbox
is empty, prints ``drained`` and goes on running until it is killed or stopped."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.hallclient import HallClient
from kiosk.hallclient.filings import sync_worker
from kiosk.store import open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, RETENTION, filing_store


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(data_dir: Path, url: str, token: str) -> None:
    store = open_store(data_dir)
    client = HallClient(url, token, timeout_s=10)
    worker = sync_worker(store, client, filing_store(store, data_dir), KIOSK_ID, retention=RETENTION, interval_s=0.05)
    worker.start()
    say("started")
    while worker.pending():
        time.sleep(0.05)
        worker.wake(everything=True)  # a test: no back-off between tries after the link comes back
    say("drained")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        worker.stop()
        client.close()
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
