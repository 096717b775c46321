"""Resumable attachment uploads over real HTTP: an upload cut off mid-body is resumed from where the hall's
bytes end, uploads of one name at once (two server processes' worth, on one directory) never mix, and a full
disk is refused without a file under a name it does not match."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from devtools.ports import free_port
from hall import attachments_api
from hall.attachments import AttachmentStore
from hall.database import open_hall_database
from hall.server import build_hall
from hall.tokens import Role, create_token
from tests.hall.uploads import MB, Served, as_type, cut_off, hall_config, jpeg, put, serving_uploads, sha
from tests.support.clocks import FrozenClock
from tests.support.hall import MONDAY_10AM, served, sqlite_url
from tests.support.paths import SHIPPED_CONFIG
from tests.support.processes import KIOSK, Running
from tests.support.waiting import wait_for


@pytest.fixture
def upload_hall(config_dir: Path, tmp_path: Path) -> Iterator[Served]:
    with serving_uploads(config_dir, tmp_path) as served_hall:
        yield served_hall


def cut_off_ended(store: AttachmentStore, sha256: str) -> bool:
    """Whether the hall holds bytes of ``sha256`` and no upload of it holds the store's lock now (the lock taken
    and given back at once): the cut-off upload began, was cut off, and ended."""
    if store.held(sha256) == 0:
        return False
    upload = store.begin_upload(sha256)
    if upload is None:
        return False
    upload.close()
    return True


def test_a_dropped_upload_resumes_from_its_offset_without_resending_the_first_part(upload_hall: Served) -> None:
    data = jpeg(5 * MB)
    path = f"/api/v1/attachments/{sha(data)}"
    headers = as_type(upload_hall.kiosk, "image/jpeg")
    store = upload_hall.hall.app.state.hall.attachments
    cut_off(upload_hall.url, path, data, 3 * MB, headers)  # the link drops after 3 MB of 5
    wait_for(lambda: cut_off_ended(store, sha(data)), "the cut-off upload to end")

    state = requests.head(upload_hall.at(sha(data)), headers=upload_hall.kiosk)
    assert state.status_code == 404
    held = int(state.headers["upload-offset"])
    assert 2 * MB <= held <= 3 * MB  # what arrived before the link dropped is kept
    assert store.held(sha(data)) == held

    rest = put(upload_hall.url, path, data[held:], {**headers, "Upload-Offset": str(held)})
    assert rest.status == 201, rest.body
    # The second PUT carried only the rest of the file (and its request line and headers).
    assert len(data) - held <= rest.bytes_sent < len(data) - held + 1024
    assert store.path_for(sha(data)).read_bytes() == data  # hashed over the whole file, held prefix included
    assert upload_hall.held_files() == []


def test_a_resume_from_another_offset_is_told_the_right_one(upload_hall: Served) -> None:
    data = jpeg(2 * MB)
    path = f"/api/v1/attachments/{sha(data)}"
    headers = as_type(upload_hall.kiosk, "image/jpeg")
    store = upload_hall.hall.app.state.hall.attachments
    cut_off(upload_hall.url, path, data, MB, headers)
    wait_for(lambda: cut_off_ended(store, sha(data)), "the cut-off upload to end")
    held = store.held(sha(data))
    assert held > 0

    for wrong in (held - 1, held + 1, len(data)):
        refused = put(upload_hall.url, path, data[wrong:], {**headers, "Upload-Offset": str(wrong)})
        assert refused.status == 409, refused.body
        assert refused.headers["upload-offset"] == str(held) and b"wrong_offset" in refused.body
    assert store.held(sha(data)) == held  # a refused resume leaves the held bytes alone

    # Nothing held at all: any offset but 0 is wrong.
    other = jpeg(1000)
    refused = put(upload_hall.url, f"/api/v1/attachments/{sha(other)}", other[10:], {**headers, "Upload-Offset": "10"})
    assert refused.status == 409 and refused.headers["upload-offset"] == "0"


def test_a_whole_upload_from_offset_zero_replaces_what_is_held(upload_hall: Served) -> None:
    """A client that does not resume (or lost track) sends everything again; the held part is started over."""
    data = jpeg(2 * MB)
    path = f"/api/v1/attachments/{sha(data)}"
    headers = as_type(upload_hall.kiosk, "image/jpeg")
    cut_off(upload_hall.url, path, data, MB, headers)
    store = upload_hall.hall.app.state.hall.attachments
    wait_for(lambda: cut_off_ended(store, sha(data)), "the cut-off upload to end")
    assert put(upload_hall.url, path, data, headers).status == 201
    assert store.path_for(sha(data)).read_bytes() == data


def test_a_resumed_upload_whose_whole_does_not_hash_to_the_name_keeps_nothing(upload_hall: Served) -> None:
    data = jpeg(2 * MB)
    path = f"/api/v1/attachments/{sha(data)}"
    headers = as_type(upload_hall.kiosk, "image/jpeg")
    store = upload_hall.hall.app.state.hall.attachments
    cut_off(upload_hall.url, path, data, MB, headers)
    wait_for(lambda: cut_off_ended(store, sha(data)), "the cut-off upload to end")
    held = store.held(sha(data))
    tampered = bytes(b ^ 0xFF for b in data[held:])
    refused = put(upload_hall.url, path, tampered, {**headers, "Upload-Offset": str(held)})
    assert refused.status == 422 and b"hash_mismatch" in refused.body
    assert not store.has(sha(data)) and store.held(sha(data)) == 0


def test_a_resume_over_the_limit_counts_the_held_bytes(upload_hall: Served) -> None:
    data = jpeg(9 * MB)  # over the 8 MB of upload_hall; each part alone is under it
    path = f"/api/v1/attachments/{sha(data)}"
    headers = as_type(upload_hall.kiosk, "image/jpeg")
    store = upload_hall.hall.app.state.hall.attachments
    cut_off(upload_hall.url, path, data[: 5 * MB], 5 * MB - 1, headers)  # 5 MB declared, so it is let in
    wait_for(lambda: cut_off_ended(store, sha(data)), "the cut-off upload to end")
    held = store.held(sha(data))
    refused = put(upload_hall.url, path, data[held:], {**headers, "Upload-Offset": str(held)})
    assert refused.status == 413 and b"body_too_large" in refused.body
    assert store.held(sha(data)) == 0


@pytest.fixture
def second_hall(config_dir: Path, tmp_path: Path, upload_hall: Served) -> Iterator[Served]:
    """Another hall server on the same attachment directory (its own database): a second server process."""
    folder = tmp_path / "second"
    folder.mkdir()
    built = build_hall(config_dir / "hall.toml", sqlite_url(folder), clock=FrozenClock(MONDAY_10AM))
    assert built.app.state.hall.attachments.root == upload_hall.hall.app.state.hall.attachments.root
    kiosk = {"Authorization": f"Bearer {create_token(built.sessions, 'kiosk-02', Role.KIOSK)}"}
    try:
        with served(built.app) as url:
            yield Served(url, built, kiosk, kiosk)
    finally:
        built.close()


def test_identical_uploads_at_once_on_two_servers_store_one_whole_file(
    upload_hall: Served, second_hall: Served
) -> None:
    data = jpeg(5 * MB)
    targets = [upload_hall, second_hall] * 3

    def upload(server: Served) -> int:
        path = f"/api/v1/attachments/{sha(data)}"
        return put(server.url, path, data, as_type(server.kiosk, "image/jpeg")).status

    with ThreadPoolExecutor(len(targets)) as pool:
        statuses = list(pool.map(upload, targets))
    assert statuses.count(201) == 1 and statuses.count(200) == len(targets) - 1, statuses
    store = upload_hall.hall.app.state.hall.attachments
    assert store.path_for(sha(data)).read_bytes() == data
    assert upload_hall.held_files() == []


def test_an_upload_waits_for_another_of_its_name_then_finds_it_stored(upload_hall: Served) -> None:
    data = jpeg(MB)
    store: AttachmentStore = upload_hall.hall.app.state.hall.attachments
    holder = store.begin_upload(sha(data))  # another process is uploading it
    assert holder is not None
    path, headers = f"/api/v1/attachments/{sha(data)}", as_type(upload_hall.kiosk, "image/jpeg")
    with ThreadPoolExecutor(1) as pool:
        with holder:
            waiting = pool.submit(put, upload_hall.url, path, data, headers)
            holder.start(0)
            holder.write(data)
            assert holder.finish()
        assert waiting.result().status == 200


def test_an_upload_still_held_by_another_is_refused_as_busy(
    upload_hall: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request a dropped client left behind may hold the lock a while: the retry is told to come back."""
    monkeypatch.setattr(attachments_api, "LOCK_WAIT_SECONDS", 0.2)
    data = jpeg(1000)
    store: AttachmentStore = upload_hall.hall.app.state.hall.attachments
    holder = store.begin_upload(sha(data))
    assert holder is not None
    with holder:
        holder.start(0)
        holder.write(data[:100])
        holder.keep()
        busy = put(upload_hall.url, f"/api/v1/attachments/{sha(data)}", data, as_type(upload_hall.kiosk, "image/jpeg"))
    assert busy.status == 409 and b"upload_busy" in busy.body and busy.headers["upload-offset"] == "100"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB filesystem (tmpfs), for the hall's attachment directory to fill up."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.e2e
def test_a_full_disk_refuses_the_upload_and_keeps_nothing(config_dir: Path, tmp_path: Path, small_disk: Path) -> None:
    config = hall_config(config_dir, attachments_dir=small_disk)
    built = build_hall(config, sqlite_url(tmp_path), clock=FrozenClock(MONDAY_10AM))
    headers = as_type({"Authorization": f"Bearer {create_token(built.sessions, 'k', Role.KIOSK)}"}, "image/jpeg")
    try:
        store: AttachmentStore = built.app.state.hall.attachments
        assert store.root == small_disk
        with served(built.app) as url:
            big = jpeg(3 * MB)
            full = requests.put(f"{url}/api/v1/attachments/{sha(big)}", data=big, headers=headers)
            assert full.status_code == 507 and full.json()["error"] == "disk_full"
            assert "磁盘已满" in full.json()["message"] and "disk is full" in full.json()["message"]
            assert not store.has(sha(big)) and store.held(sha(big)) == 0
            assert [p for p in small_disk.rglob("*") if p.is_file()] == []  # nothing installed, nothing held
            small = jpeg(100 * 1024)  # the space the refused upload took is free again
            assert (
                requests.put(f"{url}/api/v1/attachments/{sha(small)}", data=small, headers=headers).status_code == 201
            )
    finally:
        built.close()


@pytest.mark.e2e
def test_identical_uploads_at_once_on_two_server_processes_store_one_whole_file(tmp_path: Path) -> None:
    """Two `kiosk hall serve` processes (each its own database) on one data dir, so one attachment directory."""
    servers: list[tuple[str, dict[str, str]]] = []
    with contextlib.ExitStack() as stack:
        for name in ("one", "two"):
            (tmp_path / name).mkdir()
            db_url = sqlite_url(tmp_path / name)
            engine, sessions = open_hall_database(db_url)
            token = create_token(sessions, f"kiosk-{name}", Role.KIOSK)
            engine.dispose()
            port = free_port()
            command = [str(KIOSK), "hall", "serve", "--config", str(SHIPPED_CONFIG / "hall.toml"), "--db", db_url,
                       "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
            process = stack.enter_context(Running(command))
            url = f"http://127.0.0.1:{port}"
            process.wait_until(lambda url=url: answers(f"{url}/api/v1/health"), "the hall answering")
            servers.append((url, as_type({"Authorization": f"Bearer {token}"}, "image/jpeg")))
        data = jpeg(5 * MB)
        path = f"/api/v1/attachments/{sha(data)}"
        with ThreadPoolExecutor(6) as pool:
            statuses = list(pool.map(lambda server: put(server[0], path, data, server[1]).status, servers * 3))
        assert statuses.count(201) == 1 and statuses.count(200) == 5, statuses
        for url, headers in servers:
            assert requests.get(url + path, headers=headers).content == data
    store = AttachmentStore(Path(os.environ["KIOSK_DATA_DIR"]) / "attachments")
    assert store.path_for(sha(data)).read_bytes() == data
    assert [p.name for p in (store.root / ".partial").iterdir()] == []


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
