"""The attachment upload over real HTTP (a hall served by uvicorn on loopback): stored, again, refused for its
hash, size or type, and read back; the store's file appears under its name only when it is right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from hall.tokens import Role, create_token
from tests.hall.uploads import MAX_MB, MB, PDF, PNG, Served, as_type, chunks, jpeg, serving_uploads, sha


@pytest.fixture
def upload_hall(config_dir: Path, tmp_path: Path) -> Iterator[Served]:
    with serving_uploads(config_dir, tmp_path) as served_hall:
        yield served_hall


def test_a_file_is_stored_once_and_read_back_with_its_type(upload_hall: Served) -> None:
    data = jpeg(300 * 1024)
    first = requests.put(upload_hall.at(sha(data)), data=data, headers=as_type(upload_hall.kiosk, "image/jpeg"))
    assert first.status_code == 201
    assert first.json() == {"sha256": sha(data), "size": len(data), "content_type": "image/jpeg"}
    again = requests.put(upload_hall.at(sha(data)), data=data, headers=as_type(upload_hall.kiosk, "image/jpeg"))
    assert again.status_code == 200 and again.json() == first.json()

    for headers in (upload_hall.kiosk, upload_hall.staff):
        back = requests.get(upload_hall.at(sha(data)), headers=headers)
        assert back.status_code == 200 and back.content == data and back.headers["content-type"] == "image/jpeg"
    head = requests.head(upload_hall.at(sha(data)), headers=upload_hall.kiosk)
    assert head.status_code == 200 and head.headers["content-length"] == str(len(data))
    store = upload_hall.hall.app.state.hall.attachments
    assert store.path_for(sha(data)).read_bytes() == data
    assert upload_hall.held_files() == []  # no partial file, no lock left behind


@pytest.mark.parametrize(("content_type", "magic"), [("image/png", PNG), ("application/pdf", PDF)])
def test_png_and_pdf_are_taken_and_typed_by_their_bytes(upload_hall: Served, content_type: str, magic: bytes) -> None:
    data = magic + b"\x00" * 5000
    stored = requests.put(upload_hall.at(sha(data)), data=data, headers=as_type(upload_hall.kiosk, content_type))
    assert stored.status_code == 201 and stored.json()["content_type"] == content_type
    assert requests.get(upload_hall.at(sha(data)), headers=upload_hall.kiosk).headers["content-type"] == content_type


def test_bytes_that_do_not_hash_to_the_name_are_refused_and_not_kept(upload_hall: Served) -> None:
    data, other = jpeg(200 * 1024), jpeg(10)
    refused = requests.put(upload_hall.at(sha(other)), data=data, headers=as_type(upload_hall.kiosk, "image/jpeg"))
    assert refused.status_code == 422 and refused.json()["error"] == "hash_mismatch"
    assert "/" in refused.json()["message"]  # 中文 / English
    store = upload_hall.hall.app.state.hall.attachments
    assert not store.has(sha(other)) and not store.has(sha(data))
    assert upload_hall.held_files() == []
    head = requests.head(upload_hall.at(sha(other)), headers=upload_hall.kiosk)
    assert head.status_code == 404 and head.headers["upload-offset"] == "0"


def test_an_attachment_over_the_limit_is_stopped_at_the_limit(upload_hall: Served) -> None:
    data = jpeg((MAX_MB + 1) * MB)
    declared = requests.put(upload_hall.at(sha(data)), data=data, headers=as_type(upload_hall.kiosk, "image/jpeg"))
    assert declared.status_code == 413 and declared.json()["error"] == "body_too_large"
    assert f"{MAX_MB} MB" in declared.json()["message"]

    body = (piece for piece in [data[i : i + 256 * 1024] for i in range(0, len(data), 256 * 1024)])
    chunked = requests.put(upload_hall.at(sha(data)), data=body, headers=as_type(upload_hall.kiosk, "image/jpeg"))
    assert chunked.status_code == 413 and chunked.json()["error"] == "body_too_large"
    assert not upload_hall.hall.app.state.hall.attachments.has(sha(data))
    assert upload_hall.held_files() == []  # the partial is discarded
    assert requests.head(upload_hall.at(sha(data)), headers=upload_hall.kiosk).headers["upload-offset"] == "0"


def test_exactly_the_limit_is_taken(upload_hall: Served) -> None:
    data = jpeg(MAX_MB * MB)
    stored = requests.put(upload_hall.at(sha(data)), data=data, headers=as_type(upload_hall.kiosk, "image/jpeg"))
    assert stored.status_code == 201 and stored.json()["size"] == MAX_MB * MB


@pytest.mark.parametrize("content_type", [None, "image/gif", "text/plain", "application/octet-stream"])
def test_another_type_is_refused_before_a_byte_is_read(upload_hall: Served, content_type: str | None) -> None:
    data = jpeg(1000)
    headers = dict(upload_hall.kiosk) if content_type is None else as_type(upload_hall.kiosk, content_type)
    refused = requests.put(upload_hall.at(sha(data)), data=data, headers=headers)
    assert refused.status_code == 415 and refused.json()["error"] == "unsupported_type"
    assert "image/jpeg, image/png, application/pdf" in refused.json()["message"]
    assert upload_hall.held_files() == []


def test_a_type_with_parameters_and_capitals_is_the_type(upload_hall: Served) -> None:
    data = jpeg(1000)
    headers = as_type(upload_hall.kiosk, "Image/JPEG; name=page1.jpg")
    assert requests.put(upload_hall.at(sha(data)), data=data, headers=headers).status_code == 201


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("image/jpeg", PNG + b"\x00" * 100),  # a PNG sent as a JPEG
        ("image/png", b"\xff\xd8\xff" + b"\x00" * 100),
        ("application/pdf", b"<html>not a pdf</html>"),
        ("image/png", PNG[:4]),  # shorter than its magic
        ("image/jpeg", b""),
    ],
)
def test_bytes_not_of_the_declared_type_are_refused(upload_hall: Served, content_type: str, data: bytes) -> None:
    refused = requests.put(upload_hall.at(sha(data)), data=data, headers=as_type(upload_hall.kiosk, content_type))
    assert refused.status_code == 415 and refused.json()["error"] == "wrong_type"
    assert not upload_hall.hall.app.state.hall.attachments.has(sha(data))
    assert upload_hall.held_files() == []


def test_wrong_magic_in_a_chunked_body_stops_at_the_first_chunk(upload_hall: Served) -> None:
    """A body sent with chunked framing is refused on its first bytes, not after the limit."""
    refused = requests.put(
        upload_hall.at("0" * 64), data=chunks(50 * MB), headers=as_type(upload_hall.kiosk, "image/jpeg")
    )
    assert refused.status_code == 415 and refused.json()["error"] == "wrong_type"


def test_only_kiosks_upload_and_only_kiosks_and_staff_read(upload_hall: Served, tmp_path: Path) -> None:
    data = jpeg(1000)
    url = upload_hall.at(sha(data))
    assert requests.put(url, data=data, headers={"Content-Type": "image/jpeg"}).status_code == 401
    staff_put = requests.put(url, data=data, headers=as_type(upload_hall.staff, "image/jpeg"))
    assert staff_put.status_code == 403 and staff_put.json()["error"] == "forbidden"
    assert requests.get(url).status_code == 401
    pads = {"Authorization": f"Bearer {create_token(upload_hall.hall.sessions, 'pads-01', Role.PADS)}"}
    assert requests.get(url, headers=pads).status_code == 403
    missing = requests.get(url, headers=upload_hall.staff)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_a_name_that_is_not_a_sha256_is_refused(upload_hall: Served) -> None:
    for name in ("ABC", "0" * 63, "G" * 64, "0" * 64 + "0"):
        refused = requests.put(upload_hall.at(name), data=jpeg(100), headers=as_type(upload_hall.kiosk, "image/jpeg"))
        assert refused.status_code == 422 and refused.json()["error"] == "invalid_request"


def test_openapi_documents_the_upload(upload_hall: Served) -> None:
    spec = requests.get(f"{upload_hall.url}/openapi.json").json()
    operations = spec["paths"]["/api/v1/attachments/{sha256}"]
    assert set(operations) == {"put", "head", "get"}
    put = operations["put"]
    assert set(put["requestBody"]["content"]) == {"image/jpeg", "image/png", "application/pdf"}
    assert {"200", "201", "409", "413", "415", "422", "507"} <= set(put["responses"])
    assert "Upload-Offset" in put["responses"]["409"]["headers"]
    assert any(parameter["name"] == "upload-offset" for parameter in put["parameters"])
    assert "Upload-Offset" in operations["head"]["responses"]["404"]["headers"]
