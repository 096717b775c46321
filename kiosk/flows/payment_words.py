"""What the fee-payment screens (自助缴费) say in each state and outcome, Chinese first. docs/payment.md."""

from __future__ import annotations

from devices.words import Words
from kiosk.station.payment_port import OrderStatus

NOT_OFFERED = Words("本机暂不提供自助缴费，请到窗口缴费", "Fees cannot be paid at this kiosk; please pay at a window")
NOTHING_OWED = Words(
    "没有找到需要缴费的办件。如已缴费，无需再缴；如有疑问请到服务台咨询",
    "Nothing is owed for your filings. If you have paid already, there is nothing more to do; "
    "if in doubt, ask at the help desk",
)
NO_FEE_ITEMS = Words(
    "本机暂无可直接缴费的事项，请扫描申报回执或刷身份证查找您的费用",
    "No fees can be paid here without a filing; scan your filing receipt or use your ID card",
)
NOT_A_PAYMENT_CODE = Words(
    "这不是付款码。请打开手机支付软件的“付款码”页面对准扫码口，或用手机扫描屏幕上的二维码",
    "That is not a payment code. Open the payment code page of your phone's payment app and hold it to the "
    "scanner, or scan the QR code on the screen with your phone",
)
CONFIRM_ON_PHONE = Words("请在手机上确认支付", "Please confirm the payment on your phone")
CHARGING = Words("正在收款，请稍候…", "Taking the payment, please wait…")
HALL_AWAY_WHILE_PAYING = Words(
    "暂时连不上大厅的系统，正在重试。如您已付款，款项不会丢失，结果以大厅查询为准",
    "The hall's system cannot be reached just now; trying again. If you have paid, the payment is not lost: "
    "the hall settles it",
)
PAID = Words("缴费成功", "Payment received")
RECEIPT_PRINTED = Words(
    "缴费凭证已打印，请在出纸口取走", "Your payment voucher is printed. Please take it from the slot."
)
RECEIPT_NOTE = Words(
    "缴费凭证不是正式票据；正式票据请到窗口领取，或按大厅告知的方式以电子方式获取",
    "The voucher is not the official receipt: get that at a window, or electronically as the hall tells you",
)
NOTHING_CHARGED = Words("没有扣款", "Nothing was charged")
TRY_ANOTHER_WAY = Words(
    "您可以再试一次，或换一种方式支付，或到窗口缴费",
    "You can try again, pay another way, or pay at a window",
)
# The final word on an order, by its state: what happened, and what to do now.
OUTCOME: dict[OrderStatus, Words] = {
    OrderStatus.PAID: PAID,
    OrderStatus.FAILED: Words(
        "支付没有成功，没有扣款。您可以再试一次，或换一种方式支付，或到窗口缴费",
        "The payment did not go through and nothing was charged. You can try again, pay another way, "
        "or pay at a window",
    ),
    OrderStatus.CLOSED: Words(
        "支付已取消，没有扣款。如您的手机显示已付款，款项会自动原路退回",
        "The payment was cancelled and nothing was charged. If your phone shows it as paid, the money is "
        "returned to you automatically",
    ),
    OrderStatus.REFUNDED: Words(
        "这笔付款已原路退回，请留意手机上的退款通知。如需缴费，请重新支付",
        "This payment has been refunded to where it came from; your phone will tell you. To pay the fee, "
        "please pay again",
    ),
}
EXPIRED = Words(
    "二维码已过期，支付已取消，没有扣款", "The QR code has expired; the payment was cancelled and nothing was charged"
)
NOT_SETTLED = Words(
    "暂时无法确认这笔支付的结果。如已扣款，大厅核实后会自动处理：不会重复扣款，未完成的会原路退回。"
    "请保留手机上的付款记录，到服务台咨询",
    "The result of this payment cannot be confirmed just now. If you were charged, the hall settles it by "
    "itself: never twice, and refunded if it did not complete. Keep the record on your phone and ask at the "
    "help desk",
)
