"""The attachment store's sweep of uploads left unfinished too long, on a real directory."""

from __future__ import annotations

import os
import time
from pathlib import Path

import requests

from hall.attachments import AttachmentStore
from hall.attachments_api import PARTIAL_KEEP_DAYS
from tests.hall.uploads import MB, as_type, jpeg, serving_uploads, sha

DAY = 86400.0


def held_upload(store: AttachmentStore, data: bytes, age_days: float) -> None:
    """An upload of ``data`` cut off after half its bytes, last written ``age_days`` ago."""
    upload = store.begin_upload(sha(data))
    assert upload is not None
    with upload:
        upload.start(0)
        upload.write(data[: len(data) // 2])
        upload.keep()
    then = time.time() - age_days * DAY
    os.utime(upload.partial, (then, then))


def test_the_sweep_removes_only_old_unfinished_uploads_that_nobody_holds(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "attachments")
    old, recent, resumed = jpeg(1000), jpeg(1000), jpeg(1000)
    held_upload(store, old, 8)
    held_upload(store, recent, 6)
    held_upload(store, resumed, 30)
    resuming = store.begin_upload(sha(resumed))  # a kiosk resumes it just now
    assert resuming is not None
    with resuming:
        assert store.sweep_partials(7 * DAY) == [sha(old)]
    assert store.held(sha(old)) == 0
    assert store.held(sha(recent)) == 500 and store.held(sha(resumed)) == 500
    assert sorted(p.name for p in (store.root / ".partial").iterdir()) == sorted([sha(recent), sha(resumed)])


def test_an_upload_sweeps_old_unfinished_ones_first(config_dir: Path, tmp_path: Path) -> None:
    with serving_uploads(config_dir, tmp_path) as hall:
        store: AttachmentStore = hall.hall.app.state.hall.attachments
        abandoned = jpeg(MB)
        held_upload(store, abandoned, PARTIAL_KEEP_DAYS + 1)
        data = jpeg(1000)
        assert requests.put(hall.at(sha(data)), data=data, headers=as_type(hall.kiosk, "image/jpeg")).status_code == 201
        state = requests.head(hall.at(sha(abandoned)), headers=hall.kiosk)
        assert state.status_code == 404 and state.headers["upload-offset"] == "0"
