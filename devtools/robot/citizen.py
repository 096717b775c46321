"""What the robot citizen does at the station, one action at a time, through the same ports the touch UI holds."""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, datetime

from devices.words import Words
from devtools.robot.plan import Action
from kiosk.printing.receipt import FilingReceipt
from kiosk.station.filing_ports import DraftMaterial, FilingDraft, ResultDelivery
from kiosk.station.payment_port import OrderStatus
from kiosk.station.ports import Refused, Unavailable
from kiosk.station.services import StationServices

BIRTH_ITEM = "339900-001-QR-00201-001"  # 出生登记 in the shipped catalog: fileable, with a fee-free form
ID_NUMBER = "110101199003071233"  # a fictional number with a valid check character


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _draft(action: Action) -> FilingDraft:
    pages = tuple(action.page(index) for index in range(len(action.pages)))
    return FilingDraft(
        item_code=BIRTH_ITEM,
        item_name="出生登记",
        applicant_name="张三",
        id_number=ID_NUMBER,
        phone="13800138000",
        form={
            "applicant_name": "张三",
            "applicant_id": ID_NUMBER,
            "relation": "父亲",
            "baby_name": "张小宝",
            "baby_sex": "男",
            "birth_date": "2026-11-01",
            "birth_certificate": f"Q{action.salt % 10**9:09d}",
            "phone": "13800138000",
        },
        attachments=(DraftMaterial("出生医学证明", pages),),
        materials_to_bring=(),
        delivery=ResultDelivery("kiosk"),
    )


class Citizen:
    """Performs actions on ``services``; remembers this run's filings, for their ratings."""

    def __init__(self, services: StationServices) -> None:
        self.services = services
        self.unrated: list[str] = []  # filing numbers saved in this run and not rated yet
        self.bad_reasons: list[Words] = []
        self.categories: list[str] = []  # the open categories a number may be taken in, asked of the hall once

    def perform(self, action: Action) -> None:
        """Do ``action``; ``done …`` once it returned, ``fail …`` when the station said no (the hall away)."""
        say(f"begin {action.kind} {action.number}")
        try:
            getattr(self, f"_{action.kind}")(action)
        except (Unavailable, Refused) as error:
            say(f"fail {action.kind} {action.number} {str(error).splitlines()[0]}")

    def _ticket(self, action: Action) -> None:
        if not self.categories:
            found = self.services.hall.categories()
            self.categories = sorted(c.prefix for c in found if c.open and not c.needs_id and c.prefix != "Y")
        if not self.categories:
            say(f"skip ticket {action.number} no open category")
            return
        ticket = self.services.hall.take_number(self.categories[action.salt % len(self.categories)])
        say(f"done ticket {ticket.id} {ticket.number} printed={ticket.printed}")

    def _filing(self, action: Action) -> None:
        port = self.services.filing_port
        port.items()  # as the wizard does first: makes sure of the receipt key
        draft = _draft(action)
        saved = port.save(draft)
        shas = ",".join(hashlib.sha256(page).hexdigest() for page in draft.attachments[0].pages)
        say(f"done filing {saved.id} {saved.number} sha={shas}")
        receipt = FilingReceipt(
            filing_number=saved.number,
            item_name=draft.item_name,
            item_code=draft.item_code,
            applicant_name_masked="张*",
            id_number_masked=ID_NUMBER[:6] + "********" + ID_NUMBER[-4:],
            filed_at=saved.filed_at,
            materials=("出生医学证明",),
            promised_days=5,
            hall_name=self.services.config.station.hall_name,
            hall_phone=self.services.config.station.help_hotline,
            qr_payload=saved.progress_qr,
        )
        printed, _why = port.print_receipt(receipt)
        self.unrated.append(saved.number)
        say(f"done receipt {saved.number} printed={printed}")

    def _rating(self, action: Action) -> None:
        if not self.unrated:
            say(f"skip rating {action.number} no filing to rate")
            return
        number = self.unrated.pop(0)
        reasons: list[str] = []
        if action.level <= 2:
            self.bad_reasons = self.bad_reasons or self.services.hall.bad_rating_reasons()
            reasons = [self.bad_reasons[0].zh] if self.bad_reasons else []
        self.services.filing_port.rate(number, action.level, reasons)
        say(f"done rating {number} level={action.level}")

    def _payment(self, action: Action) -> None:
        port = self.services.payment
        items = port.fee_items()
        if not items:
            say(f"skip payment {action.number} no fee items")
            return
        order = port.open_order(items[action.salt % len(items)])
        paid = port.pay_with_code(order, action.payment_code())
        if paid.status is not OrderStatus.PAID:
            say(f"fail payment {action.number} {paid.order_no} {paid.status}")
            return
        say(f"done payment {paid.order_no} at={(paid.paid_at or datetime.now(UTC)).isoformat()}")
        printed, _why = port.print_receipt(paid)
        say(f"done payreceipt {paid.order_no} printed={printed}")
