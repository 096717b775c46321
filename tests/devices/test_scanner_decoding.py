"""The text of a code's bytes: UTF-8 first, then GB18030; junk is unreadable, never mojibake."""

from __future__ import annotations

import pytest

from devices.scanner import decode_payload


@pytest.mark.parametrize(
    ("raw_hex", "text"),
    [
        ("41 30 31 37", "A017"),
        ("E9 A2 84 E7 BA A6 E7 A0 81 3A 41 30 31 37", "预约码:A017"),  # UTF-8
        ("EF BB BF E9 A2 84 E7 BA A6", "预约"),  # UTF-8 with a byte-order mark
        ("C9 E7 B1 A3 BF A8 20 D5 C5 C8 FD", "社保卡 张三"),  # GBK, as many Chinese QR codes carry it
        ("4C 31 0A 4C 32", "L1\nL2"),  # a multi-line code
    ],
)
def test_utf8_and_gbk_chinese_payloads_decode_to_their_text(raw_hex: str, text: str) -> None:
    assert decode_payload(bytes.fromhex(raw_hex)) == text


@pytest.mark.parametrize(
    "raw_hex",
    [
        "00 FF 13 FE 80 81 9A",  # binary junk
        "80",  # a lone lead byte
        "FF FE FD",
        "A1 A1 A1 B0 B1",  # GB18030 accepts it, but it is not believable text
        "81 30 81 30",  # a four-byte GB18030 sequence, outside GBK
        "",
    ],
)
def test_junk_is_unreadable(raw_hex: str) -> None:
    assert decode_payload(bytes.fromhex(raw_hex)) is None
