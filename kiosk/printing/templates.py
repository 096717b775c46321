"""The printed documents in one place: each template turns a small input and the paper into a Document."""

from __future__ import annotations

from common.guide import GuideMaterial, MaterialForm, ServiceGuide
from kiosk.printing.guide import GUIDE_SECTIONS, service_guide
from kiosk.printing.layout import HALL_TIME_ZONE
from kiosk.printing.receipt import FilingReceipt, filing_receipt
from kiosk.printing.result import ResultSlip, result_slip
from kiosk.printing.testpage import test_page
from kiosk.printing.ticket import TicketSlip, queue_ticket

__all__ = [
    "GUIDE_SECTIONS",
    "HALL_TIME_ZONE",
    "FilingReceipt",
    "GuideMaterial",
    "MaterialForm",
    "ResultSlip",
    "ServiceGuide",
    "TicketSlip",
    "filing_receipt",
    "queue_ticket",
    "result_slip",
    "service_guide",
    "test_page",
]
