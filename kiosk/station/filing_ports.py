"""What the self-service filing flows ask of the station: the fileable items, the kiosk's filing store and its
printing, the progress lookups, and the document camera (高拍仪). Plain values and two protocols; like the ports in
``kiosk.station.ports`` every method blocks and is thread-safe, so the UI calls them from its workers only.

Errors a citizen may meet carry their words: ``FilingNotSaved`` (the kiosk could not store the filing, e.g. the
disk is full; nothing of it remains), ``CameraFailed``, and the hall's ``Refused`` / ``Unavailable``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from common.hallapi.filings import FilingStatus
from common.hallapi.forms import FormField
from devices.privacy import mask_id_number
from devices.words import Words
from kiosk.printing.receipt import FilingReceipt
from kiosk.printing.result import ResultSlip
from kiosk.station.ports import GuideItem

DeliveryMethod = Literal["kiosk", "hall", "post"]  # how the result reaches the citizen (common.hallapi.filings)
FormValue = str | int | float | bool

ALREADY_COLLECTED = Words(
    "结果已打印过，如需再次打印请到窗口由工作人员办理",
    "The result has been printed already. To print it again, please ask the staff at a window.",
)
COLLECTED_CODE = "already_collected"  # the Refused code for a result printed before (the hall's 409 code)
NOT_SAVED = Words(
    "申报未保存：本机存储空间不足。您填写的内容仍在屏幕上，请到窗口办理或拨打服务热线。",
    "Your filing was NOT saved: this kiosk's storage is full. What you entered is still on the screen; "
    "please go to a staffed window or call the hotline.",
)


class FilingNotSaved(Exception):
    """The kiosk could not store the filing (disk full, store fault); nothing half-written remains."""

    def __init__(self, message: Words = NOT_SAVED) -> None:
        super().__init__(str(message))
        self.message = message


class CameraFailed(Exception):
    """The document camera could not take the picture; ``message`` says why in plain words."""

    def __init__(self, message: Words) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class FilingItem:
    """A service item that can be filed at this kiosk: its guide (conditions, the full materials list) and form."""

    guide: GuideItem
    form: tuple[FormField, ...]

    @property
    def code(self) -> str:
        return self.guide.code

    @property
    def name(self) -> str:
        return self.guide.name


@dataclass(frozen=True)
class CapturedPage:
    """One page from the document camera: found in the frame, de-skewed and cropped when ``found``; else the whole
    frame (the screen asks the citizen to check it)."""

    jpeg: bytes = field(repr=False)
    thumbnail: bytes = field(repr=False)  # a small JPEG for the screen
    found: bool

    def __repr__(self) -> str:
        return f"CapturedPage({len(self.jpeg)} bytes, found={self.found})"


@dataclass(frozen=True)
class PreviewFrame:
    """The camera's live picture for the screen, with the page outline when one is seen."""

    jpeg: bytes = field(repr=False)
    page_seen: bool


@dataclass(frozen=True)
class DraftMaterial:
    """The pages of one catalog material, in order, as JPEG."""

    material: str  # the catalog material's name
    pages: tuple[bytes, ...] = field(repr=False)
    source: Literal["camera", "phone"] = "camera"


@dataclass(frozen=True)
class ResultDelivery:
    method: DeliveryMethod
    address: str | None = None  # required for post


@dataclass(frozen=True)
class FilingDraft:
    """A filing as the citizen confirmed it, for the kiosk's store. Holds the ID number: never log it."""

    item_code: str
    item_name: str
    applicant_name: str
    id_number: str = field(repr=False)
    phone: str | None
    form: dict[str, FormValue]
    attachments: tuple[DraftMaterial, ...]
    materials_to_bring: tuple[str, ...]
    delivery: ResultDelivery

    def __repr__(self) -> str:
        return f"FilingDraft({self.item_code}, {mask_id_number(self.id_number)}, {len(self.attachments)} materials)"


@dataclass(frozen=True)
class SavedFiling:
    """The filing once safely stored: what the receipt needs."""

    id: uuid.UUID
    number: str  # 受理号, e.g. K01-20261205-0007
    filed_at: datetime  # aware
    progress_qr: str  # the signed progress address for the receipt's QR code


@dataclass(frozen=True)
class FilingProgress:
    """A filing's progress as the hall (or, before it is synced, the kiosk's store) knows it."""

    id: uuid.UUID
    number: str
    item_code: str
    item_name: str
    status: FilingStatus
    missing_materials: tuple[str, ...]  # what staff asked for (补正)
    note: str | None  # staff's note with a request for materials or a rejection
    result_ready: bool
    collected: bool  # the result has been printed at a kiosk once
    updated_at: datetime  # aware
    delivery: DeliveryMethod = "hall"
    synced: bool = True  # False: still only on this kiosk, waiting to be sent to the hall

    @property
    def status_words(self) -> Words:
        return Words(self.status.zh, self.status.en)


PrintAnswer = tuple[bool, Words | None]  # (printed?, None or why not), like HallPort.print_guide


class FilingPort(Protocol):
    """The kiosk's filings: its store (the filing and its outbox row in one transaction) and the hall's answers."""

    def items(self) -> list[FilingItem]:
        """The catalog items that can be filed here, in catalog order; the cached copy when the hall is away.
        Raises Unavailable when the kiosk never had a catalog."""
        ...

    def waiting(self) -> int:
        """Filings stored here that the hall has not confirmed yet (the banner says they will be sent)."""
        ...

    def save(self, draft: FilingDraft) -> SavedFiling:
        """Store the filing with its pages (fsynced) and its outbox row, in one transaction, before anything is
        printed. Raises FilingNotSaved (with words: "申报未保存 …") when it cannot; then nothing of it remains."""
        ...

    def print_receipt(self, receipt: FilingReceipt) -> PrintAnswer:
        """Print the receipt of a saved filing. A printer fault is answered, never raised: the filing stays."""
        ...

    def progress_by_receipt(self, code: str) -> FilingProgress:
        """The filing a receipt's QR code names (the whole scanned text). Raises Refused for a code that is forged
        or unknown, Unavailable when neither the hall nor this kiosk's store can answer."""
        ...

    def progress_by_id_card(self, id_number: str) -> list[FilingProgress]:
        """A person's filings, newest first (the number travels in a body, never in a URL). Raises Unavailable."""
        ...

    def print_result(self, filing_id: uuid.UUID, slip: ResultSlip) -> PrintAnswer:
        """Fetch the result document and print it with its slip, once: the filing is marked collected when it
        printed. Raises Refused (code ``COLLECTED_CODE``, words like ``ALREADY_COLLECTED``) when it was printed
        before, Unavailable when the hall cannot be reached."""
        ...

    def rate(self, filing_number: str, level: int, reasons: list[str]) -> None:
        """Rate the filing's service (kiosk channel): stored in the outbox first, delivered later. Never raises."""
        ...

    def phone_upload_url(self, material: str | None = None) -> str | None:
        """The one-time address a phone opens to add pages of ``material``, or None while the kiosk offers no
        phone upload. Opening one ends the one before; the pages come from ``phone_arrivals``."""
        ...

    def phone_arrivals(self) -> list[CapturedPage]:
        """Pages that came from the phone since the last call (the screen polls this while it waits and hands
        them to ``FilingFlow.phone_pages``); [] without an open upload or while the hall is away."""
        ...

    def close_phone(self) -> None:
        """End the phone upload: the citizen finished or left. Never blocks on the hall, never raises."""
        ...


class DocumentCameraPort(Protocol):
    """The document camera (高拍仪) above the kiosk's desk."""

    def available(self) -> bool: ...

    def preview(self) -> PreviewFrame | None:
        """The newest live picture, or None when there is none yet (the screen polls this)."""
        ...

    def capture(self) -> CapturedPage:
        """Take one page: found, de-skewed, cropped and stored as JPEG. Raises CameraFailed."""
        ...
