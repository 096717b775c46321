"""Printing for the application: send a document, record how it ended, and say so in words a citizen reads."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from devices.printer import Document, Printer, PrintResult
from devices.privacy import mask_id_numbers
from devices.state import REASON_TEXT, Reason
from devices.words import Words
from kiosk.store.faults import store_fault
from kiosk.store.models import PrintJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    job_id: uuid.UUID
    result: PrintResult
    message: Words | None  # None when printed; otherwise what the screen says

    @property
    def printed(self) -> bool:
        return self.result.ok

    @property
    def reasons(self) -> frozenset[Reason]:
        """The printer's reasons for a failure (empty when printed, or when the driver itself broke)."""
        return self.result.reasons


def failure_message(result: PrintResult, hotline: str) -> Words:
    """打印失败：缺纸。请到服务台或拨打12345 / printing failed: out of paper; please go to the desk or call 12345."""
    reasons = sorted(result.reasons)
    zh = "、".join(REASON_TEXT[r][0] for r in reasons) or "打印机故障"
    en = ", ".join(REASON_TEXT[r][1] for r in reasons) or "printer error"
    return Words(
        f"打印失败：{zh}。请到服务台或拨打{hotline}", f"printing failed: {en}; please go to the desk or call {hotline}"
    )


class PrintService:
    """The one way the application prints; every job is recorded, printed or failed, with its reasons."""

    def __init__(self, printer: Printer, sessions: sessionmaker[Session], *, hotline: str = "12345") -> None:
        self.printer = printer
        self.sessions = sessions
        self.hotline = hotline

    def print(self, document: Document, reference: str = "") -> PrintOutcome:
        try:
            result = self.printer.print_document(document)
        except Exception as error:
            # A driver bug must not take the citizen's flow down; it becomes a failed job like any fault.
            log.exception("printing %s %s raised", document.kind, reference)
            result = PrintResult(False, frozenset(), 0, f"{type(error).__name__}: {error}")
        job = PrintJob(
            id=uuid.uuid4(),
            kind=document.kind,
            reference=mask_id_numbers(reference),
            state="printed" if result.ok else "failed",
            reasons=",".join(sorted(result.reasons)),
            detail=mask_id_numbers(result.detail[:1000]),  # a driver's words may quote what was printed
            bytes_sent=result.bytes_sent,
            created_at=datetime.now(UTC),
        )
        try:
            with self.sessions.begin() as session:
                session.add(job)
        except (OSError, SQLAlchemyError) as error:  # the paper is out either way: say what it did, not a crash
            log.warning("print job %s %s not recorded (%s)", document.kind, reference, store_fault(error))
        message = None if result.ok else failure_message(result, self.hotline)
        return PrintOutcome(job.id, result, message)
