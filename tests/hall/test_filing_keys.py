"""The key file of filed ID numbers: made once, owner-only, shared by processes that start together; what it
seals opens only under the same key and for the same filing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import stat
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common.errors import ConfigError
from common.sealing import SM4_GCM
from hall.filing_keys import FilingKeys, load_or_create_key
from tests.support.filings import ID_NUMBER, OTHER_ID_NUMBER


def test_the_key_file_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "filing-id.key"
    key = load_or_create_key(path)
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["filing-id.key"]  # no temporary file left behind


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "filing-id.key"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_or_create_key(path), range(32)))
    assert len(keys) == 1 and bytes.fromhex(path.read_text().strip()) in keys


def test_a_key_file_others_may_read_or_a_damaged_one_stops_the_hall(tmp_path: Path) -> None:
    path = tmp_path / "filing-id.key"
    load_or_create_key(path)
    path.chmod(0o640)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_or_create_key(path)
    path.chmod(0o600)
    path.write_text("not hex\n")
    with pytest.raises(ConfigError, match="64 hex digits"):
        load_or_create_key(path)


def test_a_sealed_number_opens_only_under_its_key_and_for_its_filing(tmp_path: Path) -> None:
    keys = FilingKeys(load_or_create_key(tmp_path / "a.key"))
    filing = uuid.uuid4()
    sealed = keys.seal(ID_NUMBER, filing.bytes)
    assert ID_NUMBER not in sealed and sealed.startswith("v2:sm4:" if SM4_GCM else "v2:aes:")
    assert keys.seal(ID_NUMBER, filing.bytes) != sealed  # a fresh nonce each time
    assert keys.open(sealed, filing.bytes) == ID_NUMBER
    with pytest.raises(ValueError, match="another row"):
        keys.open(sealed, uuid.uuid4().bytes)
    with pytest.raises(ValueError, match="another key"):
        FilingKeys(load_or_create_key(tmp_path / "b.key")).open(sealed, filing.bytes)


def test_a_number_sealed_by_the_first_format_still_opens(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "a.key")
    filing, nonce = uuid.uuid4(), bytes(range(12))
    # What this module wrote before SM4: "v1:" and AES-256-GCM under the derived id-number key.
    first_format = AESGCM(hmac.new(key, b"hall-filings:id-number", hashlib.sha256).digest())
    v1 = "v1:" + base64.b64encode(nonce + first_format.encrypt(nonce, ID_NUMBER.encode(), filing.bytes)).decode()
    assert FilingKeys(key).open(v1, filing.bytes) == ID_NUMBER


def test_lookup_hashes_and_digests_depend_on_the_key(tmp_path: Path) -> None:
    one = FilingKeys(load_or_create_key(tmp_path / "a.key"))
    two = FilingKeys(load_or_create_key(tmp_path / "b.key"))
    assert one.lookup_hash(ID_NUMBER) == one.lookup_hash(ID_NUMBER.lower() + " ")
    assert one.lookup_hash(ID_NUMBER) != one.lookup_hash(OTHER_ID_NUMBER)
    assert one.lookup_hash(ID_NUMBER) != two.lookup_hash(ID_NUMBER)
    assert one.digest(b"{}") != two.digest(b"{}") and len(one.digest(b"{}")) == 64
