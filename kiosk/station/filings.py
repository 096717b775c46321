"""The filing flows' port (FilingPort) over the kiosk's filing store, the hall client and the printer.

A filing is saved in the kiosk's store first (kiosk/store/filings.py: its pages fsynced, the filing and its outbox
row in one transaction) and the sync worker delivers it; the receipt's QR code is signed here with the receipt key
the hall gave this kiosk once (common/receipts.py), so receipts print while the hall is away. Progress comes from
the hall, or from this kiosk's store for a filing the hall does not hold yet. A result prints once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.hallapi.catalog import ServiceItem
from common.hallapi.filings import FilingList, FilingOut, FilingStatus, LookupIn
from common.hallapi.ratings import RatingIn
from common.receipts import receipt_filing_id
from devices.printer import PaperSpec
from devices.words import Words
from kiosk.hallclient.base import HallClient, body
from kiosk.hallclient.errors import HallRefused, HallUnreachable
from kiosk.hallclient.phone_upload import PhoneUpload, PhoneUploads
from kiosk.hallclient.ratings import keep_rating
from kiosk.printing.receipt import FilingReceipt, filing_receipt
from kiosk.printing.result import ResultSlip, result_slip
from kiosk.printing.result_pages import UnprintableResult, result_bitmaps, with_result_pages
from kiosk.station.filing_items import filing_items
from kiosk.station.filing_ports import (
    ALREADY_COLLECTED,
    COLLECTED_CODE,
    CapturedPage,
    FilingDraft,
    FilingItem,
    FilingNotSaved,
    FilingProgress,
    PrintAnswer,
    SavedFiling,
)
from kiosk.station.hall import Printing
from kiosk.station.receipt_keys import KEY_FILE, ReceiptKey, ReceiptKeys
from kiosk.store.filings import FilingNotSaved as StoreNotSaved
from kiosk.store.filings import FilingRecord, FilingStore, NewAttachment, NewFiling

log = logging.getLogger(__name__)

RESULT_TIMEOUT_S = 30.0
PAUSED = Words(
    "本机暂时连不上大厅的系统，请稍后再试", "This kiosk cannot reach the hall's system; please try again later."
)
UNKNOWN_RECEIPT = Words(
    "无法识别这张回执的二维码，请刷身份证查询或到窗口咨询",
    "This receipt's code is not recognised; read your ID card instead or ask at a window.",
)
NO_RESULT = Words("结果文书还没有上传，请稍后再来", "The result document is not ready yet; please come back later.")
UNPRINTABLE = Words(
    "结果文书无法在本机打印，请到窗口领取", "The result document cannot be printed here; please collect it at a window."
)


class StationFilings:
    """FilingPort. Thread-safe and blocking: the UI calls it from its workers."""

    def __init__(
        self,
        client: HallClient,
        filings: FilingStore,
        catalog: Callable[[bool], list[ServiceItem]],
        printing: Printing,
        *,
        kiosk_id: str,
        data_dir: Path,
        paper: PaperSpec,
        on_saved: Callable[[], None] = lambda: None,
        phone: PhoneUploads | None = None,
    ) -> None:
        self.client, self.filings, self.printing = client, filings, printing
        self._catalog, self.kiosk_id, self.paper = catalog, kiosk_id, paper
        self._on_saved = on_saved
        self._keys = ReceiptKeys(client, kiosk_id, data_dir / KEY_FILE)
        self._phone_uploads = phone
        self._phone: PhoneUpload | None = None
        self._lock = threading.Lock()

    # -- the wizard -----------------------------------------------------------------------------------------
    def items(self) -> list[FilingItem]:
        """The fileable items; the receipt key is made sure of first (a kiosk that never reached the hall cannot
        sign receipts, so it does not take filings)."""
        found = filing_items(self._catalog(True))
        self._receipt_key()
        return found

    def waiting(self) -> int:
        return self.filings.unconfirmed()

    def save(self, draft: FilingDraft) -> SavedFiling:
        key = self._receipt_key()
        pages = [
            NewAttachment(
                name=f"{material.material[:100]}-{number}.jpg",
                content_type="image/jpeg",
                data=page,
                material=material.material,
            )
            for material in draft.attachments
            for number, page in enumerate(material.pages, start=1)
        ]
        new = NewFiling(
            item_code=draft.item_code,
            item_name=draft.item_name,
            applicant_name=draft.applicant_name,
            id_number=draft.id_number,
            form=dict(draft.form),
            phone=draft.phone,
            attachments=pages,
            materials_to_bring=draft.materials_to_bring,
            delivery_method=draft.delivery.method,
            delivery_address=draft.delivery.address,
        )
        try:
            record = self.filings.save(new)
        except StoreNotSaved as error:
            raise FilingNotSaved(error.words) from None
        self._on_saved()
        return SavedFiling(record.id, record.number, record.created_at, self._progress_url(key, record.id))

    def print_receipt(self, receipt: FilingReceipt) -> PrintAnswer:
        outcome = self.printing.print(filing_receipt(receipt, self.paper), receipt.filing_number)
        return outcome.printed, outcome.message

    def rate(self, filing_number: str, level: int, reasons: list[str]) -> None:
        try:
            fields: dict[str, Any] = {"level": level, "channel": "kiosk", "filing_id": filing_number}
            if level <= 2:
                fields["reasons"] = list(reasons)
            rating = body(RatingIn, fields)
            with self.filings.store.sessions.begin() as session:
                keep_rating(session, rating)
        except Exception:
            log.exception("the rating of filing %s could not be stored", filing_number)
            return
        self._on_saved()

    # -- progress -------------------------------------------------------------------------------------------
    def progress_by_receipt(self, code: str) -> FilingProgress:
        token = code.strip().rsplit("/f/", 1)[-1].split("?", 1)[0]
        filing_id = receipt_filing_id(token)
        if filing_id is None:
            raise HallRefused("unknown_receipt", UNKNOWN_RECEIPT)
        local = self.filings.get(filing_id)
        ours = local is not None and self._signed_here(token) == filing_id
        if local is not None and ours and not local.synced:
            return self._local_progress(local)
        try:
            answer = self.client.fetch(f"/api/v1/filings/receipt/{token}", FilingOut)
        except HallUnreachable:
            if local is not None and ours:
                return self._local_progress(local)
            raise HallUnreachable(PAUSED) from None
        except HallRefused as error:
            if error.status == 404:
                raise HallRefused("unknown_receipt", UNKNOWN_RECEIPT, status=404) from None
            raise
        return self._hall_progress(answer, local)

    def progress_by_id_card(self, id_number: str) -> list[FilingProgress]:
        held = {record.id: record for record in self.filings.by_id_number(id_number)}
        try:
            answer = self.client.send("/api/v1/filings/lookup", LookupIn(id_number=id_number), FilingList)
        except HallUnreachable:
            if not held:
                raise HallUnreachable(PAUSED) from None
            found = [self._local_progress(record) for record in held.values()]
        else:
            from_hall = answer.filings if answer is not None else []
            found = [self._hall_progress(out, held.get(out.id)) for out in from_hall]
            known = {out.id for out in from_hall}
            found += [self._local_progress(r) for r in held.values() if r.id not in known]
        return sorted(found, key=lambda progress: progress.updated_at, reverse=True)

    # -- the result, once -----------------------------------------------------------------------------------
    def print_result(self, filing_id: uuid.UUID, slip: ResultSlip) -> PrintAnswer:
        status = self._fetch_status(filing_id)
        if status.collected and not status.reprint_allowed:
            raise HallRefused(COLLECTED_CODE, ALREADY_COLLECTED, status=409)
        if not status.result_ready:
            raise HallRefused("no_result", NO_RESULT, status=404)
        pdf = self._result_bytes(filing_id)
        try:
            pages = result_bitmaps(pdf, self.paper)
        except UnprintableResult as error:
            log.error("result of filing %s cannot be printed here: %s", status.number, error)
            return False, UNPRINTABLE
        outcome = self.printing.print(with_result_pages(result_slip(slip, self.paper), pages), status.number)
        if outcome.printed:
            self._collected(filing_id, status.number)
        return outcome.printed, outcome.message

    # -- materials from the phone ---------------------------------------------------------------------------
    def phone_upload_url(self, material: str | None = None) -> str | None:
        if self._phone_uploads is None:
            return None
        self.close_phone()
        try:
            session = self._phone_uploads.open(material)
        except (HallUnreachable, HallRefused) as error:
            log.warning("no phone upload session: %s", error)
            return None
        with self._lock:
            self._phone = session
        return session.url

    def phone_arrivals(self) -> list[CapturedPage]:
        """Pages that arrived from the phone since the last call (none without an open session)."""
        with self._lock:
            session = self._phone
        if session is None:
            return []
        try:
            arrived = session.poll()
        except (HallUnreachable, HallRefused) as error:
            log.info("phone upload poll: %s", error)
            return []
        return [
            CapturedPage(jpeg=page.jpeg, thumbnail=page.thumbnail, found=True)
            for file in arrived.files
            for page in file.pages
        ]

    def close_phone(self) -> None:
        """End the phone session (the citizen finished or left); the hall is told on a thread of its own."""
        with self._lock:
            session, self._phone = self._phone, None
        if session is not None:
            threading.Thread(target=session.close, name="phone-upload-close", daemon=True).start()

    # -- helpers --------------------------------------------------------------------------------------------
    def _receipt_key(self) -> ReceiptKey:
        return self._keys.current()

    def _signed_here(self, token: str) -> uuid.UUID | None:
        return self._keys.signed_here(token)

    @staticmethod
    def _progress_url(key: ReceiptKey, filing_id: uuid.UUID) -> str:
        return ReceiptKeys.progress_url(key, filing_id)

    def _item_name(self, code: str) -> str:
        try:
            items = self._catalog(False)
        except HallUnreachable:
            return code
        return next((item.name for item in items if item.code == code), code)

    def _local_progress(self, record: FilingRecord) -> FilingProgress:
        status = FilingStatus(record.status) if record.status else FilingStatus.SUBMITTED
        return FilingProgress(
            id=record.id,
            number=record.number,
            item_code=record.item_code,
            item_name=record.item_name,
            status=status,
            missing_materials=record.missing_materials,
            note=record.note,
            result_ready=record.result_ready,
            collected=record.collected,
            updated_at=record.updated_at,
            delivery=_delivery(record.delivery_method),
            synced=record.synced,
        )

    def _hall_progress(self, answer: FilingOut, local: FilingRecord | None) -> FilingProgress:
        if local is not None:
            self.filings.update_status(answer)
        return FilingProgress(
            id=answer.id,
            number=answer.number,
            item_code=answer.item_code,
            item_name=local.item_name if local is not None else self._item_name(answer.item_code),
            status=answer.status,
            missing_materials=tuple(answer.missing_materials),
            note=answer.note,
            result_ready=answer.result_ready,
            collected=answer.collected and not answer.reprint_allowed,
            updated_at=answer.updated_at,
            delivery=_delivery(local.delivery_method) if local is not None else "hall",
            synced=True,
        )

    def _fetch_status(self, filing_id: uuid.UUID) -> FilingOut:
        try:
            return self.client.fetch(f"/api/v1/filings/{filing_id}", FilingOut)
        except HallUnreachable:
            raise HallUnreachable(PAUSED) from None

    def _result_bytes(self, filing_id: uuid.UUID) -> bytes:
        try:
            return self.client.get_bytes(f"/api/v1/filings/{filing_id}/result", timeout=RESULT_TIMEOUT_S)
        except HallUnreachable:
            raise HallUnreachable(PAUSED) from None
        except HallRefused as error:
            if error.status == 404:
                raise HallRefused("no_result", NO_RESULT, status=404) from None
            raise

    def _collected(self, filing_id: uuid.UUID, number: str) -> None:
        """Tell the hall the result was printed here; a hall away now is told nothing, and the log says so."""
        try:
            self.client.post(f"/api/v1/filings/{filing_id}/collect")
        except HallRefused as error:
            if error.code != COLLECTED_CODE:
                log.error("the hall refused to mark filing %s collected: %s", number, error.message)
        except HallUnreachable:
            log.error("result of filing %s printed, but the hall could not be told it was collected", number)
        self.filings.mark_collected(filing_id)


def _delivery(method: str) -> Any:
    return method if method in {"kiosk", "hall", "post"} else "hall"
