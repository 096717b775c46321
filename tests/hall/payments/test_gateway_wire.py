"""The reference protocol's pure parts against byte fixtures: what is signed, the signatures themselves (RSA PKCS#1
v1.5 is deterministic), the authorization header, a trade, a notice, a statement, and the replay guard."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from hall.payments import gateway_wire as wire
from hall.payments.gateway import StatementLine, Trade, TradeState
from tests.support.clocks import SteppedClock

FIXTURES = Path(__file__).with_name("fixtures")
NONCE = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
REQUEST_SIGNATURE = (
    "eje5vf9Ilu3J3+u6fV2wpKYwW8C1UsEOYtdMVRuMDEvpuoyjrk1mt6OgPNYNCNqClQmkmponp4EY13UiAOlfIRwA3iRYGraMwbdf+sMieLGVV2"
    "soYFWoE1u3TdTMvyxtOalH5AUz4tsmjh1FXrHTbKeER2pkVS9w3SFcH9wiJa5gsgfuFJgjIdWqD/vjq6KOurp4mtzlahRhiB185UgFeJd23VEt"
    "SjbvGRVRpcosvsW0QicZBAdcMuv3Jgt5EiQm5iDLJBaA0DZJRzHfRklWNQQ5ZuRLAGU4hLijmCqHcQS/O99ShEEJjErnP+KIkN/fTLvENs29Or"
    "wgfF3PWd4OfA=="
)
ANSWER_SIGNATURE = (
    "QnbsotMexMTZtt6JlabGae5pahyMLULUxZWX4VhDWGEDPQbxkO5py4J75oJ5KMPQg884I3i3FZcr3m95GMsSckeqHU9YFnnHaVIY5vaNRBszjV"
    "PhFa+ix0mLXmnZvc+hsDBT8uJxaucHwjDKHHNIzGqlGwpGdSWX5qv4Uor5lR4o6a5tDifPMUzxCmUbdDN9tzlx2R0ZIiW2Rhbmmfg2CQ5NXOPM"
    "u/WH7l7JqZt70lc8csOCRX2UZ1hkZVxmP75ecv1Rv1eDgANOWrzuHuIAHQCyfZ8wAunxzTUojU6XoAV5LwyI+3cDd7aL8DSgHoahRUSGqDWWDQ"
    "FhkA665qg+sA=="
)
SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    loaded = serialization.load_pem_private_key((FIXTURES / "test-only.key.pem").read_bytes(), password=None)
    assert isinstance(loaded, rsa.RSAPrivateKey)
    return loaded


def test_what_a_request_and_an_answer_sign_is_exactly_these_bytes() -> None:
    body = b'{"mchid":"1900000001"}'
    assert wire.request_message("post", "/v3/pay/transactions/native", "1764900000", NONCE, body) == (
        b"POST\n/v3/pay/transactions/native\n1764900000\n" + NONCE.encode() + b'\n{"mchid":"1900000001"}\n'
    )
    assert wire.request_message("GET", "/v3/bill/statement?bill_date=2026-11-23", "1", NONCE, b"") == (
        b"GET\n/v3/bill/statement?bill_date=2026-11-23\n1\n" + NONCE.encode() + b"\n\n"
    )
    assert wire.answer_message("1764900000", NONCE, "支付成功".encode()) == (
        b"1764900000\n" + NONCE.encode() + b"\n\xe6\x94\xaf\xe4\xbb\x98\xe6\x88\x90\xe5\x8a\x9f\n"
    )


def test_signatures_match_the_fixtures_and_verify_only_unchanged(key: rsa.RSAPrivateKey) -> None:
    request = wire.request_message(
        "POST", "/v3/pay/transactions/native", "1764900000", NONCE, b'{"mchid":"1900000001"}'
    )
    assert wire.sign(key, request) == REQUEST_SIGNATURE
    answer = wire.answer_message("1764900000", NONCE, b'{"trade_state":"SUCCESS"}')
    assert wire.sign(key, answer) == ANSWER_SIGNATURE
    public = key.public_key()
    assert wire.verifies(public, answer, ANSWER_SIGNATURE)
    assert not wire.verifies(public, answer.replace(b"SUCCESS", b"CLOSED"), ANSWER_SIGNATURE)
    assert not wire.verifies(public, answer, REQUEST_SIGNATURE)
    assert not wire.verifies(public, answer, "not base64!")
    assert not wire.verifies(public, answer, "签名")
    assert not wire.verifies(public, answer, "")
    assert wire.key_serial(public) == "579BF7E73EE19D2B"


def test_the_authorization_header_round_trips_and_anything_else_is_refused() -> None:
    header = wire.authorization("1900000001", NONCE, "1764900000", "579BF7E73EE19D2B", "c2ln")
    assert header == (
        'HALLPAY-SHA256-RSA2048 mchid="1900000001",nonce_str="5K8264ILTKCH16CQ2502SI8ZNMTM67VS",'
        'timestamp="1764900000",serial_no="579BF7E73EE19D2B",signature="c2ln"'
    )
    assert wire.parse_authorization(header) == {
        "mchid": "1900000001",
        "nonce_str": NONCE,
        "timestamp": "1764900000",
        "serial_no": "579BF7E73EE19D2B",
        "signature": "c2ln",
    }
    for bad in (
        "",
        header.replace("HALLPAY", "WECHATPAY2"),
        header.replace(',signature="c2ln"', ""),
        header + ',mchid="2"',
        header.replace('"1900000001"', "1900000001"),
        'HALLPAY-SHA256-RSA2048 mchid="1",nonce_str="2",timestamp="3",serial_no="4",signature="5",extra="6"',
    ):
        with pytest.raises(wire.WireError):
            wire.parse_authorization(bad)


TRADE_JSON = (
    b'{"mchid":"1900000001","out_trade_no":"F2026000101","transaction_id":"4220261123000000000000000001",'
    b'"trade_type":"NATIVE","trade_state":"SUCCESS","trade_state_desc":"","amount":{"total":8000,"currency":"CNY"},'
    b'"success_time":"2026-11-23T10:05:00+08:00","code_url":"http://127.0.0.1:8790/qr/abc"}'
)
PAID = Trade(
    "F2026000101",
    TradeState.SUCCESS,
    8000,
    "4220261123000000000000000001",
    datetime(2026, 11, 23, 10, 5, tzinfo=SHANGHAI),
    "http://127.0.0.1:8790/qr/abc",
)


def test_a_trade_reads_from_its_json_and_writes_back_the_same() -> None:
    assert wire.trade_from_json(json.loads(TRADE_JSON)) == PAID
    written = json.dumps(wire.trade_json(PAID, "1900000001", "NATIVE"), separators=(",", ":")).encode()
    assert written == TRADE_JSON


@pytest.mark.parametrize(
    "change",
    [
        {"trade_state": "PAID"},
        {"trade_state": None},
        {"amount": 8000},
        {"amount": {"total": -1}},
        {"amount": {"total": 80.0}},
        {"amount": {"total": True}},
        {"out_trade_no": ""},
        {"out_trade_no": 42},
        {"success_time": "2026-11-23T10:05:00"},
        {"success_time": "yesterday"},
        {"success_time": None},
        {"transaction_id": ""},
        {"trade_state_desc": "x" * 257},
    ],
)
def test_a_trade_that_is_not_well_formed_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(wire.WireError):
        wire.trade_from_json({**json.loads(TRADE_JSON), **change})


def test_a_notice_reads_from_its_bytes() -> None:
    body = wire.notice_json("EV-1", "TRANSACTION.SUCCESS", datetime(2026, 11, 23, 2, 5, tzinfo=UTC), {})
    assert body["summary"] == "支付成功" and body["create_time"] == "2026-11-23T02:05:00+00:00"
    notice = wire.notice_from_bytes(
        b'{"id":"EV-1","event_type":"TRANSACTION.SUCCESS","resource_type":"trade","resource":' + TRADE_JSON + b"}"
    )
    assert (notice.notice_id, notice.trade) == ("EV-1", PAID)
    for bad in (b"", b"[]", b"\xff", b'{"id":"EV-1","resource_type":"refund"}', b'{"resource_type":"trade"}'):
        with pytest.raises(wire.WireError):
            wire.notice_from_bytes(bad)


STATEMENT = (
    "time,out_trade_no,transaction_id,kind,amount_fen\n"
    "2026-11-23T10:05:00+08:00,F2026000101,4220261123000000000000000001,payment,8000\n"
    "2026-11-23T11:00:00+08:00,F2026000101,4220261123000000000000000001,refund,8000\n"
)


def test_a_statement_writes_and_reads_as_csv() -> None:
    lines = [
        StatementLine("F2026000101", "4220261123000000000000000001", "payment", 8000, PAID.paid_at),  # type: ignore[arg-type]
        StatementLine(
            "F2026000101", "4220261123000000000000000001", "refund", 8000, datetime(2026, 11, 23, 11, tzinfo=SHANGHAI)
        ),
    ]
    assert wire.statement_csv(lines) == STATEMENT
    assert wire.parse_statement(STATEMENT) == lines
    assert wire.parse_statement(wire.statement_csv([])) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "time,out_trade_no,amount\n",
        STATEMENT + "2026-11-23T12:00:00+08:00,F1,T1,payment\n",
        STATEMENT + "2026-11-23T12:00:00+08:00,F1,T1,gift,100\n",
        STATEMENT + "2026-11-23T12:00:00+08:00,F1,T1,payment,-100\n",
        STATEMENT + "2026-11-23T12:00:00,F1,T1,payment,100\n",
    ],
)
def test_a_statement_that_is_not_well_formed_is_refused(text: str) -> None:
    with pytest.raises(wire.WireError):
        wire.parse_statement(text)


def test_the_replay_guard_refuses_stale_future_replayed_and_malformed_signatures() -> None:
    clock = SteppedClock(1_764_900_000)
    guard = wire.ReplayGuard(300, clock)
    guard.check("1764900000", NONCE)
    with pytest.raises(wire.WireError, match="replayed"):
        guard.check("1764900010", NONCE)
    with pytest.raises(wire.WireError, match="stale"):
        guard.check("1764899000", "A" * 32)
    with pytest.raises(wire.WireError, match="stale"):
        guard.check("1764901000", "B" * 32)
    for timestamp, nonce in (("", "C" * 32), ("-1", "C" * 32), ("1764900000", "short"), ("1764900000", "有" * 32)):
        with pytest.raises(wire.WireError, match="malformed"):
            guard.check(timestamp, nonce)
    clock.advance(301)
    guard.check("1764900301", NONCE)  # the old nonce was forgotten with its window
    assert wire.header({"pay-nonce": "x"}, wire.NONCE) == "x" and wire.header({}, wire.NONCE) == ""
