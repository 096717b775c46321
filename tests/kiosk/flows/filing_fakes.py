"""In-memory stand-ins for the filing port and the document camera, and the items they serve."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from common.hallapi.filings import FilingStatus
from common.hallapi.forms import FormField
from common.receipts import sign_receipt
from devices.words import Words
from kiosk.flows.filing import FILING_SCREEN, FilingFlow
from kiosk.flows.filing_steps import FilingStep
from kiosk.flows.machine import Kiosk
from kiosk.printing.receipt import FilingReceipt
from kiosk.printing.result import ResultSlip
from kiosk.station.filing_ports import (
    ALREADY_COLLECTED,
    COLLECTED_CODE,
    CameraFailed,
    CapturedPage,
    DeliveryMethod,
    FilingDraft,
    FilingItem,
    FilingNotSaved,
    FilingProgress,
    PreviewFrame,
    SavedFiling,
)
from kiosk.station.ports import Material, Refused, Unavailable
from tests.kiosk.flows.conftest import CARD, item, run

FORM = (
    FormField(name="applicant_name", label="申请人姓名", type="text", max_length=30, from_id_card="name"),
    FormField(name="id_number", label="申请人身份证号码", type="id_number", from_id_card="id_number"),
    FormField(name="home", label="现住址", type="text", max_length=100, from_id_card="address"),
    FormField(name="reason", label="补领原因", type="choice", choices=["丢失", "损坏"]),
    FormField(name="phone", label="联系电话", type="phone"),
    FormField(name="copies", label="份数", type="number", min=1, max=5, required=False),
)
SOCIAL_CARD = FilingItem(
    replace(
        item("B-9", "社会保障卡补领", "人社局", ("就业", "证照办理"), "shbzkbl"),
        fileable=True,
        promised_days=5,
        materials=(
            Material("本人居民身份证", "原件", 1, ""),
            Material("损坏的原社会保障卡", "原件", 1, "损坏换领时交回"),
            Material("委托书", "原件", 1, "委托办理时提交", required=False),
        ),
    ),
    FORM,
)
BIRTH_PROOF = FilingItem(
    replace(item("A-9", "户籍证明开具", "公安局", ("证照办理",), "hjzmkj"), fileable=True),
    (FormField(name="purpose", label="证明用途", type="choice", choices=["就业", "入学"]),),
)
KEY = b"k" * 32
PAGE = CapturedPage(b"\xff\xd8page\xff\xd9", b"\xff\xd8thumb\xff\xd9", True)


def receipt_code(filing_id: uuid.UUID) -> str:
    return f"https://hall.example.gov.cn/f/{sign_receipt(KEY, filing_id)}"


def progress(status: FilingStatus, **changes: object) -> FilingProgress:
    made = FilingProgress(
        id=uuid.uuid4(), number="K01-20261205-0001", item_code="B-9", item_name="社会保障卡补领", status=status,
        missing_materials=(), note=None, result_ready=False, collected=False,
        updated_at=datetime(2026, 12, 6, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    return replace(made, **changes)  # type: ignore[arg-type]


class FakeFiling:
    def __init__(self) -> None:
        self.items_value: list[FilingItem] | Unavailable = [SOCIAL_CARD, BIRTH_PROOF]
        self.events: list[str] = []  # save / receipt / result, in the order they happened
        self.saved: list[FilingDraft] = []
        self.save_error: FilingNotSaved | None = None
        self.receipts: list[FilingReceipt] = []
        self.printer_ok = True
        self.filings: dict[uuid.UUID, FilingProgress] = {}
        self.by_card: dict[str, list[uuid.UUID]] = {}
        self.results: list[ResultSlip] = []
        self.ratings: list[tuple[str, int, list[str]]] = []
        self.phone_url: str | None = None
        self.phone_material: str | None = None
        self.phone_waiting: list[CapturedPage] = []  # pages "sent from the phone", handed out by phone_arrivals
        self.phone_closed = 0
        self.online = True

    def items(self) -> list[FilingItem]:
        if isinstance(self.items_value, Unavailable):
            raise self.items_value
        return list(self.items_value)

    def waiting(self) -> int:
        return sum(1 for found in self.filings.values() if not found.synced)

    def save(self, draft: FilingDraft) -> SavedFiling:
        self.events.append("save")
        if self.save_error is not None:
            raise self.save_error
        self.saved.append(draft)
        filing_id = uuid.uuid4()
        number = f"K01-20261205-{len(self.saved):04d}"
        return SavedFiling(filing_id, number, datetime(2026, 12, 5, 14, 7, tzinfo=UTC), receipt_code(filing_id))

    def print_receipt(self, receipt: FilingReceipt) -> tuple[bool, Words | None]:
        self.events.append("receipt")
        self.receipts.append(receipt)
        return (True, None) if self.printer_ok else (False, Words("缺纸", "out of paper"))

    def add(self, found: FilingProgress, id_number: str = CARD.id_number) -> str:
        self.filings[found.id] = found
        self.by_card.setdefault(id_number, []).append(found.id)
        return receipt_code(found.id)

    def progress_by_receipt(self, code: str) -> FilingProgress:
        if not self.online:
            raise Unavailable(Words("暂时无法连接大厅", "the hall cannot be reached"))
        found = next((f for i, f in self.filings.items() if receipt_code(i) == code), None)
        if found is None:
            raise Refused("unknown_receipt", Words("未找到这张回执的申报", "no filing for this receipt"))
        return found

    def progress_by_id_card(self, id_number: str) -> list[FilingProgress]:
        if not self.online:
            raise Unavailable(Words("暂时无法连接大厅", "the hall cannot be reached"))
        return [self.filings[i] for i in self.by_card.get(id_number, [])]

    def print_result(self, filing_id: uuid.UUID, slip: ResultSlip) -> tuple[bool, Words | None]:
        self.events.append("result")
        found = self.filings[filing_id]
        if found.collected:
            raise Refused(COLLECTED_CODE, ALREADY_COLLECTED, status=409)
        if not self.printer_ok:
            return False, Words("缺纸", "out of paper")
        self.results.append(slip)
        self.filings[filing_id] = replace(found, collected=True)
        return True, None

    def rate(self, filing_number: str, level: int, reasons: list[str]) -> None:
        self.ratings.append((filing_number, level, reasons))

    def phone_upload_url(self, material: str | None = None) -> str | None:
        self.phone_material = material
        return self.phone_url

    def phone_arrivals(self) -> list[CapturedPage]:
        arrived, self.phone_waiting = self.phone_waiting, []
        return arrived

    def close_phone(self) -> None:
        self.phone_closed += 1


class FakeCamera:
    def __init__(self) -> None:
        self.ok = True
        self.pages: list[CapturedPage] = []  # the next captures; PAGE when empty
        self.failure: CameraFailed | None = None
        self.shots = 0

    def available(self) -> bool:
        return self.ok

    def preview(self) -> PreviewFrame | None:
        return PreviewFrame(b"\xff\xd8frame\xff\xd9", True) if self.ok else None

    def capture(self) -> CapturedPage:
        self.shots += 1
        if self.failure is not None:
            raise self.failure
        return self.pages.pop(0) if self.pages else PAGE


# -- walking the wizard ---------------------------------------------------------------------------------------
def open_filing(kiosk: Kiosk) -> FilingFlow:
    run(kiosk, kiosk.go(FILING_SCREEN))
    assert isinstance(kiosk.flow, FilingFlow)
    return kiosk.flow


def to_form(kiosk: Kiosk, code: str = "B-9") -> FilingFlow:
    """Chosen, notice read, consent given, card read: on the first field to fill."""
    flow = open_filing(kiosk)
    flow.choose_item(code)
    flow.begin()
    run(kiosk, kiosk.track(flow.agree()))
    assert flow.step is FilingStep.FORM, flow.message
    return flow


def fill_form(flow: FilingFlow) -> None:
    """The social security card's fields the card does not fill for good: address (kept), reason, phone, copies."""
    answers = {"home": None, "reason": "丢失", "phone": "138 0013 8000", "copies": ""}
    while flow.step is FilingStep.FORM:
        spec = flow.current_field
        assert spec is not None
        if answers[spec.name] is not None:
            flow.enter(answers[spec.name])
        flow.next_field()


def to_review(kiosk: Kiosk, delivery: DeliveryMethod = "hall") -> FilingFlow:
    flow = to_form(kiosk)
    fill_form(flow)
    flow.capture("本人居民身份证")
    run(kiosk, kiosk.track(flow.take_page()))
    flow.finish_capture()
    flow.bring("损坏的原社会保障卡")
    flow.materials_done()
    flow.choose_delivery(delivery)
    flow.delivery_done()
    assert flow.step is FilingStep.REVIEW, flow.message
    return flow
