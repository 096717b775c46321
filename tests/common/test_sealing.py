"""Sealing at rest: SM4-GCM where OpenSSL offers it, AES-256-GCM otherwise; each value names its cipher, is bound to
its row, and opens under the same key only; the format written before SM4 still opens."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from common import sealing
from common.sealing import SM4_GCM, Sealer

KEY, OTHER_KEY = bytes(range(32)), bytes(range(1, 33))
ID_NUMBER = "11010119900307123X"


def test_sm4_gcm_is_offered_by_this_machines_cryptography() -> None:
    assert SM4_GCM, "cryptography with OpenSSL 3 offers SM4-GCM; the fallback is for builds without it"
    assert Sealer(KEY).seal(ID_NUMBER, b"row-1").startswith("v2:sm4:")


@pytest.mark.parametrize("prefer_sm4", [True, False])
def test_a_sealed_value_opens_only_under_its_key_and_for_its_row(prefer_sm4: bool) -> None:
    sealer = Sealer(KEY, prefer_sm4=prefer_sm4)
    sealed = sealer.seal(ID_NUMBER, b"row-1")
    assert sealed.startswith("v2:sm4:" if prefer_sm4 else "v2:aes:") and ID_NUMBER not in sealed
    assert sealer.seal(ID_NUMBER, b"row-1") != sealed  # a fresh nonce each time
    assert sealer.open(sealed, b"row-1") == ID_NUMBER
    assert Sealer(KEY, prefer_sm4=not prefer_sm4).open(sealed, b"row-1") == ID_NUMBER  # either reads both
    with pytest.raises(ValueError, match="another row"):
        sealer.open(sealed, b"row-2")
    with pytest.raises(ValueError, match="another key"):
        Sealer(OTHER_KEY).open(sealed, b"row-1")
    tampered = sealed[:-6] + ("AAAA" if sealed[-6:-2] != "AAAA" else "BBBB") + sealed[-2:]
    with pytest.raises(ValueError):
        sealer.open(tampered, b"row-1")


@pytest.mark.parametrize("garbage", ["", "v9:abc", "v2:sm4:not base64!", "v2:sm4:", "plain 11010119900307123X"])
def test_what_is_not_a_sealed_value_is_a_value_error(garbage: str) -> None:
    with pytest.raises(ValueError):
        Sealer(KEY).open(garbage, b"row-1")


def test_the_first_format_still_opens() -> None:
    nonce = bytes(12)
    v1 = "v1:" + base64.b64encode(nonce + AESGCM(KEY).encrypt(nonce, ID_NUMBER.encode(), b"row-1")).decode()
    assert Sealer(KEY).open(v1, b"row-1") == ID_NUMBER


def test_without_sm4_new_values_are_aes_and_sm4_ones_say_why_they_do_not_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sm4_sealed = Sealer(KEY).seal(ID_NUMBER, b"row-1")
    monkeypatch.setattr(sealing, "SM4_GCM", False)
    assert Sealer(KEY).seal(ID_NUMBER, b"row-1").startswith("v2:aes:")
    with pytest.raises(ValueError, match="does not offer"):
        Sealer(KEY).open(sm4_sealed, b"row-1")
