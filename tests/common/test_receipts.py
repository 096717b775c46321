"""Receipt tokens: a kiosk's signature is checked with the key the hall derives for that kiosk, and nothing else."""

from __future__ import annotations

import uuid

from common.receipts import receipt_filing_id, receipt_key, sign_receipt, verify_receipt

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
