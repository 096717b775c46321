"""Layout of everything the kiosk prints (tickets, receipts, guides, result slips, the test page), in Chinese."""

from __future__ import annotations

from kiosk.printing.templates import (
    GUIDE_SECTIONS,
    HALL_TIME_ZONE,
    FilingReceipt,
    GuideMaterial,
    MaterialForm,
    ResultSlip,
    ServiceGuide,
    TicketSlip,
    filing_receipt,
    queue_ticket,
    result_slip,
    service_guide,
    test_page,
)

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
