"""The queue ticket (取号凭条): the slip a citizen carries while waiting to be called."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from devices.printer import Align, Document, PaperSpec, Rule
from kiosk.printing.layout import (
    HALL_TIME_ZONE,
    centred,
    field,
    finish,
    fitting_width,
    format_time,
    qr_code,
    require_aware,
)

TICKET_QR_CAPTION = "扫码查看排队进度、评价服务"
TICKET_NOTICE = "请留意叫号，过号需重新取号"


@dataclass(frozen=True)
class TicketSlip:
    """What a queue ticket shows."""

    hall_name: str
    category_name: str  # 社保医保
    number: str  # A017
    waiting_ahead: int
    estimated_wait_minutes: int
    issued_at: datetime  # timezone-aware
    qr_payload: str  # the URL to check the queue position and to rate the service afterwards
    help_hotline: str  # the help hotline posted in the 24-hour room
    time_zone: tzinfo = HALL_TIME_ZONE

    def __post_init__(self) -> None:
        require_aware(self.issued_at, "issued_at")
        if self.waiting_ahead < 0 or self.estimated_wait_minutes < 0:
            raise ValueError("people ahead and estimated wait cannot be negative")


def waiting_ahead_wording(waiting_ahead: int) -> str:
    return "您前面没有人等候" if waiting_ahead == 0 else f"您前面还有 {waiting_ahead} 人等候"


def estimated_wait_wording(minutes: int) -> str:
    return "无需等候" if minutes == 0 else f"预计等候约 {minutes} 分钟"


def queue_ticket(slip: TicketSlip, paper: PaperSpec) -> Document:
    """The ticket, kept short: number and category large, then the wait, the time, the QR code and the hotline."""
    number_size = 4 if paper.width_mm >= 80 else 3
    number_width = fitting_width(slip.number, paper, number_size)
    category_width = fitting_width(slip.category_name, paper, 2)
    issued = format_time(slip.issued_at, slip.time_zone)
    return Document(
        "ticket",
        (
            centred(slip.hall_name, bold=True),
            Rule(),
            centred(slip.category_name, width=category_width, height=2),
            centred(slip.number, width=number_width, height=number_size, bold=True),
            centred(waiting_ahead_wording(slip.waiting_ahead), bold=True),
            centred(estimated_wait_wording(slip.estimated_wait_minutes)),
            *field("取号时间", issued, paper, align=Align.CENTER),
            qr_code(slip.qr_payload, paper),
            centred(TICKET_QR_CAPTION),
            Rule(),
            centred(TICKET_NOTICE),
            *field("求助电话", slip.help_hotline, paper, align=Align.CENTER),
            *finish(),
        ),
    )
