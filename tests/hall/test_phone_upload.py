"""Materials from the phone over real HTTP, on SQLite and PostgreSQL: a kiosk opens a session, the phone sends
files to its signed address, the kiosk reads them back; expiry, renewal, ending, limits and forged tokens."""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
import requests

from common.signedcode import b64decode, b64encode
from hall.keyring import PHONE_UPLOAD
from hall.phone_files import sweep_phone_partials
from hall.server import Hall
from hall.timed_link import sign_link
from hall.tokens import Role, create_token
from tests.hall.phone import SESSIONS, PhoneHall, photo, serving_phone
from tests.support.clocks import FrozenClock


@pytest.fixture
def phone(hall: Hall) -> Iterator[PhoneHall]:
    with serving_phone(hall) as served_hall:
        yield served_hall


def phone_partials(phone: PhoneHall) -> list[str]:
    folder = phone.hall.app.state.hall.attachments.root / ".partial"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_files_sent_from_the_phone_are_stored_by_hash_and_listed_for_the_kiosk(
    phone: PhoneHall, clock: FrozenClock
) -> None:
    session = phone.open()
    assert session["url"].startswith(phone.hall.app.state.hall.public_url + "/m/")  # the public address
    assert datetime.fromisoformat(session["expires_at"]) == clock() + timedelta(minutes=15)
    page = requests.get(phone.local(session), timeout=10)
    assert page.status_code == 200 and "拍照" in page.text and "身份证正反面" in page.text
    assert 'capture="environment"' in page.text and "multiple" in page.text

    jpeg, png = photo(), photo((0, 90, 200), kind="PNG")
    first = phone.send(session, jpeg, "IMG_0001.jpg")
    assert first.status_code == 201, first.text
    assert first.json()["sha256"] == hashlib.sha256(jpeg).hexdigest() and first.json()["content_type"] == "image/jpeg"
    clock.advance(seconds=5)
    assert phone.send(session, png, "../../etc/屏幕截图.png").status_code == 201
    again = phone.send(session, jpeg, "IMG_0001 copy.jpg")  # the same photo twice: listed once
    assert again.status_code == 200 and again.json() == first.json()

    listed = phone.files(session)
    assert listed["state"] == "open" and listed["material"] == "身份证正反面"
    assert [(f["name"], f["content_type"], f["size"]) for f in listed["files"]] == [
        ("IMG_0001.jpg", "image/jpeg", len(jpeg)),
        ("屏幕截图.png", "image/png", len(png)),
    ]
    for entry, data in zip(listed["files"], (jpeg, png), strict=True):
        back = requests.get(f"{phone.url}/api/v1/attachments/{entry['sha256']}", headers=phone.kiosk, timeout=10)
        assert back.status_code == 200 and back.content == data
    assert phone_partials(phone) == []
    assert "IMG_0001.jpg" in requests.get(phone.local(session), timeout=10).text  # a reload shows what was sent


def test_a_session_expires_unless_the_kiosk_renews_it(phone: PhoneHall, clock: FrozenClock) -> None:
    session = phone.open()
    clock.advance(minutes=10)
    renewed = phone.renew(session)
    assert renewed.status_code == 200
    assert datetime.fromisoformat(renewed.json()["expires_at"]) == clock() + timedelta(minutes=15)
    clock.advance(minutes=10)  # past the first expiry: the first address still works, the session was renewed
    assert phone.send(session, photo()).status_code == 201

    clock.advance(minutes=6)
    page = requests.get(phone.local(session), timeout=10)
    assert page.status_code == 410 and "链接已失效，请在自助终端上重新扫码" in page.text
    refused = phone.send(session, photo((1, 2, 3)))
    assert refused.status_code == 410 and refused.json()["error"] == "link_expired"
    assert phone.files(session)["state"] == "expired" and len(phone.files(session)["files"]) == 1
    late = phone.renew(session)
    assert late.status_code == 410 and late.json()["error"] == "link_expired"
    english = requests.get(phone.local(session), params={"lang": "en"}, timeout=10)
    assert english.status_code == 410 and "This link has expired" in english.text


def test_ending_a_session_refuses_the_phone_at_once(phone: PhoneHall) -> None:
    session = phone.open()
    assert phone.send(session, photo()).status_code == 201
    assert phone.end(session).status_code == 204
    assert phone.end(session).status_code == 204  # again: nothing changes
    refused = phone.send(session, photo((9, 9, 9)))
    assert refused.status_code == 410 and refused.json()["error"] == "session_ended"
    assert "本次上传已结束" in refused.json()["message"]
    page = requests.get(phone.local(session), timeout=10)
    assert page.status_code == 410 and "本次上传已结束" in page.text
    listed = phone.files(session)
    assert listed["state"] == "ended" and len(listed["files"]) == 1  # what came before stays for the kiosk
    assert phone.renew(session).status_code == 410


def test_forged_altered_and_foreign_tokens_are_unknown(phone: PhoneHall, clock: FrozenClock) -> None:
    session = phone.open()
    token = urlsplit(session["url"]).path.removeprefix("/m/")
    payload, mac = token.split(".")
    altered = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB") + "." + mac
    hall_context = phone.hall.app.state.hall
    foreign = sign_link(b"another key" * 3, uuid.UUID(session["id"]), clock() + timedelta(minutes=5))
    # the payload's last character has 4 spare bits: the same bytes spelled otherwise, refused
    data = b64decode(payload)
    assert data is not None and b64encode(data) == payload
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    spare = alphabet.index(payload[-1]) & ~15
    respelled = [f"{payload[:-1]}{alphabet[spare + low]}.{mac}" for low in range(16)]
    respelled.remove(token)
    for forged in (altered, f"{payload}.{mac[::-1]}", foreign, "x" * 300, "abc", *respelled):
        page = requests.get(f"{phone.url}/m/{forged}", timeout=10)
        assert page.status_code == 404 and "链接无效" in page.text, forged
        put = requests.put(f"{phone.url}/m/{forged}/files", data=photo(), timeout=10)
        assert put.status_code == 404 and put.json()["error"] == "link_invalid"

    own_key = hall_context.ring.secret(PHONE_UPLOAD)
    unknown = sign_link(own_key, uuid.uuid4(), clock() + timedelta(minutes=5))  # genuine, but no such session
    assert requests.put(f"{phone.url}/m/{unknown}/files", data=photo(), timeout=10).status_code == 404
    purged = sign_link(own_key, uuid.uuid4(), clock() - timedelta(days=2))  # genuine, its row purged since
    answer = requests.put(f"{phone.url}/m/{purged}/files", data=photo(), timeout=10)
    assert answer.status_code == 410 and answer.json()["error"] == "link_expired"


@pytest.mark.parametrize(
    ("data", "label"),
    [(b"GIF89a" + b"\0" * 100, "gif"), (b"hello, this is text", "text"), (b"", "empty"), (b"\xff\xd8", "cut")],
)
def test_other_types_are_refused_by_their_bytes_and_nothing_is_kept(phone: PhoneHall, data: bytes, label: str) -> None:
    session = phone.open()
    refused = phone.send(session, data, f"{label}.jpg", headers={"Content-Type": "image/jpeg"})
    assert refused.status_code == 415 and refused.json()["error"] == "wrong_type"
    assert "JPEG、PNG" in refused.json()["message"] and "/" in refused.json()["message"]
    assert phone.files(session)["files"] == [] and phone_partials(phone) == []


def test_a_pdf_is_taken_and_a_session_takes_twenty_files(phone: PhoneHall) -> None:
    session = phone.open(material=None)
    pdf = b"%PDF-1.7\n" + b"1 0 obj\n" * 50
    answer = phone.send(session, pdf, "scan.pdf")
    assert answer.status_code == 201 and answer.json()["content_type"] == "application/pdf"
    for n in range(19):
        assert phone.send(session, photo((n * 13, n * 13, 60)), f"p{n}.jpg").status_code == 201
    refused = phone.send(session, photo((250, 250, 250)))
    assert refused.status_code == 409 and refused.json()["error"] == "too_many_files"
    assert "最多上传 20 个" in refused.json()["message"]
    assert len(phone.files(session)["files"]) == 20
    assert phone.send(phone.open(), photo((250, 250, 250))).status_code == 201  # another session: its own 20


def test_the_kiosk_routes_need_a_kiosk_token(phone: PhoneHall) -> None:
    session = phone.open()
    staff = {"Authorization": f"Bearer {create_token(phone.hall.sessions, 'staff-01', Role.STAFF)}"}
    for method, path in [
        ("POST", SESSIONS),
        ("GET", f"{SESSIONS}/{session['id']}"),
        ("DELETE", f"{SESSIONS}/{session['id']}"),
        ("POST", f"{SESSIONS}/{session['id']}/renew"),
    ]:
        body = {"kiosk_id": "K01"} if method == "POST" else None
        assert requests.request(method, phone.url + path, json=body, timeout=10).status_code == 401
        assert requests.request(method, phone.url + path, json=body, headers=staff, timeout=10).status_code == 403
    missing = requests.get(f"{phone.url}{SESSIONS}/{uuid.uuid4()}", headers=phone.kiosk, timeout=10)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    bad = requests.post(phone.url + SESSIONS, json={"kiosk_id": "K 01"}, headers=phone.kiosk, timeout=10)
    assert bad.status_code == 422


def test_uploads_at_once_never_take_a_session_past_twenty_files(phone: PhoneHall) -> None:
    session = phone.open()
    for n in range(18):
        assert phone.send(session, photo((n * 13, 0, 0)), f"p{n}.jpg").status_code == 201
    with ThreadPoolExecutor(5) as pool:
        statuses = list(
            pool.map(lambda n: phone.send(session, photo((0, n * 40 + 20, 90)), f"q{n}.jpg").status_code, range(5))
        )
    assert sorted(statuses) == [201, 201, 409, 409, 409]
    assert len(phone.files(session)["files"]) == 20


def test_a_phone_file_left_by_a_dead_server_process_is_swept_after_a_day(phone: PhoneHall) -> None:
    store = phone.hall.app.state.hall.attachments
    (store.root / ".partial").mkdir(exist_ok=True)
    old, fresh = store.root / ".partial" / "phone-old", store.root / ".partial" / "phone-fresh"
    old.write_bytes(b"\xff\xd8\xff" * 10)
    fresh.write_bytes(b"\xff\xd8\xff" * 10)
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    assert sweep_phone_partials(store) == 1
    assert not old.exists() and fresh.exists()


def test_the_page_s_state_check_follows_the_session(phone: PhoneHall, clock: FrozenClock) -> None:
    session = phone.open()
    state = phone.local(session) + "/state"
    assert requests.get(state, timeout=10).json() == {"state": "open"}
    clock.advance(minutes=16)
    expired = requests.get(state, timeout=10)
    assert expired.status_code == 410 and expired.json()["error"] == "link_expired"
    other = phone.open()
    phone.end(other)
    ended = requests.get(phone.local(other) + "/state", timeout=10)
    assert ended.status_code == 410 and ended.json()["error"] == "session_ended"
    assert requests.get(f"{phone.url}/m/forged.token/state", timeout=10).status_code == 404
