"""The hall's word on a filing (``FilingOut``), kept on the kiosk's row: by the sync worker when the hall
confirms it and when the pull brings a change, and by the progress screen's adapter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from common.hallapi.filings import FilingOut
from kiosk.store.filing_tables import Filing


def apply_status(session: Session, answer: FilingOut, *, now: datetime) -> bool:
    """Write the hall's answer onto the filing in the caller's transaction (the first one confirms it); True when
    something a person would see changed, False for a filing not held here or an answer already kept."""
    filing = session.get(Filing, answer.id)
    if filing is None:
        return False
    seen = (
        answer.status.value,
        answer.status_zh,
        answer.status_en,
        list(answer.missing_materials),
        answer.note,
        answer.result_ready,
        filing.collected or answer.collected,
    )
    kept = (
        filing.status,
        filing.status_zh,
        filing.status_en,
        list(filing.missing_materials or ()),
        filing.note,
        filing.result_ready,
        filing.collected,
    )
    filing.hall_updated_at = answer.updated_at
    if filing.confirmed_at is None:
        filing.confirmed_at = now
    if seen == kept:
        return False
    (
        filing.status,
        filing.status_zh,
        filing.status_en,
        filing.missing_materials,
        filing.note,
        filing.result_ready,
        filing.collected,
    ) = seen
    return True
