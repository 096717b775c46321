"""Payment codes (付款码) as the simulator reads them: the real formats, and special endings that make a payment
need the payer's confirmation or fail, for tests and demonstrations (docs/payment.md lists them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

WECHAT = re.compile(r"^1[0-5][0-9]{16}$")  # 18 digits starting 10-15
ALIPAY = re.compile(r"^(2[5-9]|30)[0-9]{14,22}$")  # 16-24 digits starting 25-30


class CodeOutcome(StrEnum):
    SUCCESS = "SUCCESS"  # paid at once
    USERPAYING = "USERPAYING"  # the payer must confirm on the phone (a password, a large sum)
    NOT_ENOUGH = "NOT_ENOUGH"  # PAYERROR: the balance does not cover it
    EXPIRED = "EXPIRED"  # PAYERROR: the code has expired (they last a minute); show a fresh one


# A code ending in one of these six digits behaves so; every other well-formed code pays at once.
SPECIAL_ENDINGS = {
    "111111": CodeOutcome.USERPAYING,
    "222222": CodeOutcome.NOT_ENOUGH,
    "333333": CodeOutcome.EXPIRED,
}
REASONS = {
    CodeOutcome.NOT_ENOUGH: "余额不足 / the payer's balance is not enough",
    CodeOutcome.EXPIRED: "付款码已过期，请刷新付款码 / the payment code has expired: show a fresh one",
}
EXAMPLES = {
    "wechat": "134567890123456789",
    "alipay": "2865432109876543210",
}


@dataclass(frozen=True)
class PaymentCode:
    wallet: str  # "wechat" | "alipay"
    outcome: CodeOutcome


def read_code(code: str) -> PaymentCode | None:
    """What a payment code is and what paying with it does; None for anything that is not a payment code."""
    wallet = "wechat" if WECHAT.fullmatch(code) else "alipay" if ALIPAY.fullmatch(code) else None
    if wallet is None:
        return None
    return PaymentCode(wallet, SPECIAL_ENDINGS.get(code[-6:], CodeOutcome.SUCCESS))
