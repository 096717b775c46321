"""The gateway's calls as the orders make them: an idempotent call tried once more when its answer is lost, and a
definite no read as what it means for a trade (docs/payment.md, "How the rules hold")."""

from __future__ import annotations

from collections.abc import Callable

from hall.payments.gateway import GatewayRefused, GatewayUnknown, PaymentGateway, Trade, TradeState

NOT_EXIST = "ORDER_NOT_EXIST"


def twice(call: Callable[[], Trade]) -> Trade:
    """Idempotent calls (create, close) are tried once more at once when the first answer is lost."""
    try:
        return call()
    except GatewayUnknown:
        return call()


def close_trade(gateway: PaymentGateway, trade_no: str) -> Trade:
    """The trade closed, or as it stands (SUCCESS: paid first). A trade the gateway never had is closed: nothing
    was charged. Any other refusal leaves the trade unsettled (GatewayUnknown): it is asked again later."""
    try:
        return twice(lambda: gateway.close(trade_no))
    except GatewayRefused as error:
        if error.code == NOT_EXIST:
            return Trade(trade_no, TradeState.CLOSED, 0, reason=NOT_EXIST)
        raise GatewayUnknown(str(error)) from None


def query_trade(gateway: PaymentGateway, trade_no: str) -> Trade:
    try:
        return gateway.query(trade_no)
    except GatewayRefused as error:
        raise GatewayUnknown(str(error)) from None  # settled by closing it when its time is up
