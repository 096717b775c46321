"""The queue ticket (取号凭条): the slip a citizen carries while waiting to be called.

It says what the screen said, in the citizen's language (a number taken in English prints in English): the
number, the category, where to wait, the wait, that it is valid today only, the time, the hotline; and the QR
code with its caption only when a phone can open it (``qr_payload`` is "" otherwise: no promise it cannot keep).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from common.queue_words import estimated_wait, people_ahead
from common.ticket_words import LISTEN, QR_CAPTION, valid_today, where_to_wait
from devices.printer import Block, Document, PaperSpec, Rule, TextLine
from devices.textwidth import wrap
from devices.words import Language, Words
from kiosk.printing.layout import (
    HALL_TIME_ZONE,
    centred,
    columns,
    finish,
    fitting_width,
    format_time,
    qr_code,
    require_aware,
)

ISSUED = Words("取号时间", "Issued")
HELP = Words("求助电话", "Help line")


@dataclass(frozen=True)
class TicketSlip:
    """What a queue ticket shows; the names in the ticket's language (``language``)."""

    hall_name: str
    category_name: str  # 社保医保, or Social and medical insurance on an English ticket
    number: str  # A017
    waiting_ahead: int
    estimated_wait_minutes: int
    issued_at: datetime  # timezone-aware
    qr_payload: str  # the URL to check the queue position and to rate the service; "" when no phone can open it
    help_hotline: str  # the help hotline posted in the 24-hour room
    time_zone: tzinfo = HALL_TIME_ZONE
    area: str = ""  # where to wait (一楼A区 / Area A, floor 1); "" when the hall does not say
    language: Language = "zh_CN"

    def __post_init__(self) -> None:
        require_aware(self.issued_at, "issued_at")
        if self.waiting_ahead < 0 or self.estimated_wait_minutes < 0:
            raise ValueError("people ahead and estimated wait cannot be negative")


def waiting_ahead_wording(waiting_ahead: int) -> str:
    """The Chinese line of the people ahead (common/ticket_words.py)."""
    return people_ahead(waiting_ahead).zh


def estimated_wait_wording(minutes: int) -> str:
    """The Chinese line of the wait: 无需等候 when nobody is ahead."""
    return estimated_wait(minutes).zh


def centred_lines(
    text: str, paper: PaperSpec, *, width: int = 1, height: int = 1, bold: bool = False
) -> list[TextLine]:
    """``text`` centred, wrapped to the paper at this size (English runs longer than Chinese)."""
    return [centred(row, width=width, height=height, bold=bold) for row in wrap(text, columns(paper, width))]


def queue_ticket(slip: TicketSlip, paper: PaperSpec) -> Document:
    """The ticket, kept short: number and category large, where to wait, the wait, until when, the QR code when a
    phone can open it, and the hotline."""
    language = slip.language

    def say(words: Words) -> str:
        return words.pick(language)

    def labelled(label: Words, value: str) -> list[TextLine]:
        colon = "：" if language == "zh_CN" else ": "
        return centred_lines(f"{say(label)}{colon}{value}", paper)

    number_size = 4 if paper.width_mm >= 80 else 3
    number_width = fitting_width(slip.number, paper, number_size)
    category_width = fitting_width(slip.category_name, paper, 2)
    where = where_to_wait(slip.area, slip.area)
    qr: list[Block] = []
    if slip.qr_payload:
        qr = [qr_code(slip.qr_payload, paper), *centred_lines(say(QR_CAPTION), paper)]
    day = slip.issued_at.astimezone(slip.time_zone).date()
    return Document(
        "ticket",
        (
            *centred_lines(slip.hall_name, paper, bold=True),
            Rule(),
            *centred_lines(slip.category_name, paper, width=category_width, height=2),
            centred(slip.number, width=number_width, height=number_size, bold=True),
            *(centred_lines(say(where), paper, bold=True) if where else ()),
            *centred_lines(say(people_ahead(slip.waiting_ahead)), paper, bold=True),
            *centred_lines(say(estimated_wait(slip.estimated_wait_minutes)), paper),
            *centred_lines(say(valid_today(day)), paper, bold=True),
            *labelled(ISSUED, format_time(slip.issued_at, slip.time_zone)),
            *qr,
            Rule(),
            *centred_lines(say(LISTEN), paper),
            *labelled(HELP, slip.help_hotline),
            *finish(),
        ),
    )
