"""Signed codes: one spelling each, a key id that picks the key, forged and altered codes refused."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable

from common.signedcode import b64decode, b64encode, derive, respellings, sign, split, verify

MASTER = {"1": b"k" * 32, "2": b"l" * 32}


def key_of(kind: str) -> Callable[[str], bytes | None]:
    return lambda key_id: derive(MASTER[key_id], kind) if key_id in MASTER else None


def test_a_code_carries_its_key_id_and_payload() -> None:
    ticket = uuid.uuid4()
    code = sign("ticket", "2", derive(MASTER["2"], "ticket"), ticket.bytes)
    assert code.startswith("2.") and len(code) == 40  # short enough for a QR code on an 80 mm ticket
    found = verify("ticket", code, 16, key_of("ticket"))
    assert found is not None and found.key_id == "2" and uuid.UUID(bytes=found.payload) == ticket


def test_forged_altered_and_foreign_codes_are_refused() -> None:
    ticket = uuid.uuid4()
    code = sign("ticket", "1", derive(MASTER["1"], "ticket"), ticket.bytes)
    forged = sign("ticket", "1", derive(b"x" * 32, "ticket"), ticket.bytes)
    other_kind = sign("receipt", "1", derive(MASTER["1"], "ticket"), ticket.bytes)
    relabelled = "2" + code[1:]  # the same MAC claimed under another key
    flipped = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    for bad in [forged, other_kind, relabelled, flipped, code + "A", code[:-1], "9." + code[2:], "", ".", code + "."]:
        assert verify("ticket", bad, 16, key_of("ticket")) is None, bad
    assert verify("receipt", code, 16, key_of("receipt")) is None  # a ticket's code is no receipt


def test_every_respelling_is_refused() -> None:
    code = sign("ticket", "1", derive(MASTER["1"], "ticket"), uuid.uuid4().bytes)
    others = respellings(code)
    assert len(others) == 15
    for other in others:
        body = other.partition(".")[2]
        # a lenient decoder reads the same bytes from the respelled text...
        assert base64.urlsafe_b64decode(body + "==") == base64.urlsafe_b64decode(code.partition(".")[2] + "==")
        # ...the strict one refuses it
        assert verify("ticket", other, 16, key_of("ticket")) is None, other
    padded = code + "=="
    assert verify("ticket", padded, 16, key_of("ticket")) is None
    assert verify("ticket", "01" + code[1:], 16, key_of("ticket")) is None  # a key id has one spelling too
    if "-" in code or "_" in code:
        assert verify("ticket", code.replace("-", "+").replace("_", "/"), 16, key_of("ticket")) is None


def test_strict_base64_has_one_spelling() -> None:
    for data in [b"", b"a", b"ab", b"abc", bytes(range(28))]:
        assert b64decode(b64encode(data)) == data
    assert b64decode("QR") is None  # "QQ" is the one spelling of b"A"
    assert b64decode("QQ==") is None
    assert b64decode("Q") is None
    assert b64decode("Q+Q") is None
    assert split("1.QQ", 0) is None
