"""The payer's phone as the simulator shows it: what a ``code_url`` opens, with a button that pays the order."""

from __future__ import annotations

from html import escape

from hall.payments.gateway import TradeState
from hall.payments.sim.ledger import SimTrade

STYLE = (
    "body{font-family:sans-serif;max-width:26em;margin:2em auto;padding:0 1em;text-align:center}"
    ".sum{font-size:2.4em;margin:.4em 0}button{font-size:1.3em;padding:.6em 2.4em;border:0;border-radius:.4em;"
    "background:#07c160;color:#fff}.note{color:#666;font-size:.9em}"
)


def payer_page(entry: SimTrade | None, token: str) -> str:
    """The page for a scanned ``code_url``: the order and a pay button, or what became of it."""
    if entry is None:
        body = "<h1>二维码无效</h1><p>This QR code is not a payment order.</p>"
    else:
        trade = entry.trade
        amount = f"¥{trade.amount_fen // 100}.{trade.amount_fen % 100:02d}"
        head = f"<p>{escape(entry.description)}</p><p class=sum>{amount}</p>"
        if trade.state is TradeState.NOTPAY:
            body = (
                f"{head}<form method=post action='/qr/{escape(token)}/pay'>"
                "<button type=submit>确认支付 / Pay</button></form>"
            )
        elif trade.state is TradeState.SUCCESS:
            body = f"{head}<h1>支付成功</h1><p>Paid.</p>"
        else:
            body = f"{head}<h1>订单已关闭</h1><p>This order can no longer be paid ({trade.state.value}).</p>"
    return (
        "<!doctype html><html lang=zh-CN><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f"<title>模拟支付 / Payment simulator</title><style>{STYLE}</style></head><body>"
        f"<p class=note>模拟支付 · payment simulator</p>{body}</body></html>"
    )
