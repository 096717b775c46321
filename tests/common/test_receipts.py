"""Receipt tokens: a kiosk's signature is checked with the key the hall derives for that kiosk, and nothing else."""

from __future__ import annotations

import uuid

from common.receipts import receipt_filing_id, receipt_key, receipt_key_id, sign_receipt, verify_receipt
from common.signedcode import derive, respellings

SECRET = b"s" * 32


def test_a_token_signed_by_a_kiosk_verifies_with_its_derived_key_only() -> None:
    filing_id = uuid.uuid4()
    key = receipt_key(SECRET, "kiosk-01")
    token = sign_receipt(key, filing_id)
    assert len(token) == 39 and token.count(".") == 1
    assert verify_receipt(key, token) == filing_id
    assert receipt_filing_id(token) == filing_id
    assert verify_receipt(receipt_key(SECRET, "kiosk-02"), token) is None
    assert verify_receipt(receipt_key(b"t" * 32, "kiosk-01"), token) is None


def test_a_changed_or_malformed_token_is_refused() -> None:
    key = receipt_key(SECRET, "kiosk-01")
    token = sign_receipt(key, uuid.uuid4())
    other = sign_receipt(key, uuid.uuid4())
    spliced = token.split(".")[0] + "." + other.split(".")[1]
    malformed = ("", ".", "x" * 39, token.replace(".", "!"), "é" * 22 + "." + "a" * 16)
    for bad in (spliced, token[:-1], token + "A", *malformed):
        assert verify_receipt(key, bad) is None, bad


def test_a_receipt_with_a_key_id_verifies_and_its_respellings_do_not() -> None:
    filing_id = uuid.uuid4()
    key = derive(b"m" * 32, "receipt:kiosk-01")
    token = sign_receipt(key, filing_id, "3")
    assert token.startswith("3.") and receipt_key_id(token) == "3" and receipt_filing_id(token) == filing_id
    assert verify_receipt(key, token) == filing_id
    assert verify_receipt(derive(b"m" * 32, "receipt:kiosk-02"), token) is None  # another kiosk's key
    assert verify_receipt(key, sign_receipt(derive(b"x" * 32, "receipt:kiosk-01"), filing_id, "3")) is None  # forged
    for respelled in respellings(token):
        assert receipt_filing_id(respelled) is None and verify_receipt(key, respelled) is None, respelled
    assert receipt_key_id(sign_receipt(key, filing_id)) == "0"  # the legacy shape names the legacy key
    assert receipt_filing_id(sign_receipt(key, filing_id, "0")) is None  # the legacy key signs nothing new


def test_a_respelled_legacy_receipt_is_refused() -> None:
    key = receipt_key(SECRET, "kiosk-01")
    token = sign_receipt(key, uuid.uuid4())
    head, _, tail = token.partition(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    index = alphabet.index(head[-1])  # 16 bytes in 22 characters: the last one has 4 spare bits
    respelled = [f"{head[:-1]}{alphabet[(index & ~15) + low]}.{tail}" for low in range(16)]
    assert sum(r != token for r in respelled) == 15
    for other in respelled:
        if other != token:
            assert receipt_filing_id(other) is None and verify_receipt(key, other) is None, other
