"""What the fee-payment flow (自助缴费) asks of the station: what the citizen owes, an order for it, paying it by the
phone scanning the kiosk's QR code or by the kiosk scanning the citizen's payment code, its settled state, and the
receipt. docs/payment.md.

The amount always comes from the hall, never from the kiosk: a ``Payable`` is the hall's answer and an order is
made from its ``ref`` alone. Every method blocks and is thread-safe (UI workers only) and raises the flows'
``Unavailable`` (the hall cannot be reached: nothing is charged, the order stays with the hall, settled by query)
and ``Refused`` (the hall said no; ``code`` is stable, ``message`` is for the citizen, Chinese first), except
where a method says "never raises". An order whose outcome the kiosk does not know is never guessed: the hall
settles it by querying the gateway, and ``status`` reports what it settled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol

from devices.words import Language, Words

PayableKind = Literal["filing", "item"]  # a filing's fee, or an item's fee paid without a filing (e.g. 工本费)
NOT_A_PAYMENT_CODE = "not_a_payment_code"  # Refused code: what was scanned is not a payment code
NOTHING_TO_PAY = "nothing_to_pay"  # Refused code: the filing owes nothing (or is paid already)


class OrderStatus(StrEnum):
    OPEN = "open"  # made, waiting for the citizen's phone to pay the QR code
    PAYING = "paying"  # the payment code was taken; the citizen confirms on the phone (a password, a large sum)
    PAID = "paid"  # the gateway confirmed it: print the receipt
    CLOSED = "closed"  # given up or timed out, nothing charged
    REFUNDED = "refunded"  # charged and given back (paid twice, or paid after it was closed)
    FAILED = "failed"  # the gateway refused the payment (balance, a wrong code); nothing charged

    @property
    def final(self) -> bool:
        return self in {OrderStatus.PAID, OrderStatus.CLOSED, OrderStatus.REFUNDED, OrderStatus.FAILED}


@dataclass(frozen=True)
class FeeLine:
    name: Words  # 不动产登记费（住宅） / Real estate registration fee (housing)
    amount_fen: int  # in fen (分): 8000 is ¥80.00


@dataclass(frozen=True)
class Payable:
    """Something the hall says the citizen owes now, as the hall prices it."""

    kind: PayableKind
    ref: str  # the filing's number, or the item's code
    title: Words  # the item's name (and for a filing its number)
    lines: tuple[FeeLine, ...]
    amount_fen: int  # the sum the hall will charge

    @property
    def amount_text(self) -> str:
        return yuan(self.amount_fen)


@dataclass(frozen=True)
class Order:
    """One payment order at the hall, as it stands now."""

    order_no: str  # the hall's order number, printed on the receipt
    payable: Payable
    status: OrderStatus
    pay_url: str  # what the QR code shown for the phone holds; "" once the order is final
    expires_at: datetime  # aware: the QR code stops working then and the order is closed
    paid_at: datetime | None = None  # aware, once paid
    transaction_id: str = ""  # the gateway's number for the payment, once paid (on the receipt)
    message: Words | None = None  # FAILED / CLOSED / REFUNDED: why, in plain words; None otherwise


def yuan(fen: int) -> str:
    """¥80.00 for 8000."""
    return f"¥{fen // 100}.{fen % 100:02d}"


class PaymentPort(Protocol):
    def fee_items(self) -> list[Payable]:
        """The items whose guide has a fee that can be paid here without a filing. Raises Unavailable."""
        ...

    def owed(self, *, qr_text: str | None = None, id_number: str | None = None) -> list[Payable]:
        """What the citizen's filings owe, found by the filing receipt's scanned QR or by ID card; [] when nothing.
        Raises Unavailable, Refused."""
        ...

    def open_order(self, payable: Payable) -> Order:
        """An order for ``payable`` (by its kind and ref; the hall prices it) with a QR code for the phone.
        Raises Unavailable, Refused."""
        ...

    def pay_with_code(self, order: Order, auth_code: str) -> Order:
        """Pay the order with the citizen's payment code (付款码) read by the kiosk's scanner: PAID, PAYING (the
        citizen confirms on the phone; poll ``status``) or FAILED. Refused ``not_a_payment_code`` when the
        scanned text is not one (nothing is sent to the gateway). Raises Unavailable, Refused."""
        ...

    def status(self, order_no: str) -> Order:
        """The order as the hall has settled it (asking the gateway when it does not know yet).
        Raises Unavailable."""
        ...

    def give_up(self, order_no: str) -> Order:
        """The citizen left or time ran out: close the order. If it was paid meanwhile the answer is PAID (the
        receipt prints) or, when the hall could not keep the payment, REFUNDED. Raises Unavailable."""
        ...

    def print_receipt(self, order: Order, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        """Print the payment receipt (order number, item, amount, time, the gateway's transaction number) in the
        citizen's language: (printed?, None or why not). Never raises."""
        ...
