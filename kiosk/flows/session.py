"""One citizen's data while they use the kiosk; cleared when they finish, walk away or the kiosk fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from devices.identity import Identity
from kiosk.station.filing_ports import FilingProgress
from kiosk.station.ports import Ticket

if TYPE_CHECKING:  # the filing flow's modules import the flow machinery, which imports this one
    from kiosk.flows.filing_work import FilingWork


@dataclass
class CitizenSession:
    """Everything a citizen leaves in memory. ``clear()`` drops every reference to it (PIPL: keep only as long
    as needed); screens render from here and from the flows, so a cleared session leaves nothing on screen."""

    identity: Identity | None = None
    consent: bool = False  # explicit consent to read the ID card, asked each time before a read
    category: str | None = None
    ticket: Ticket | None = None
    rating_ticket: str | None = None  # the signed code of the ticket being rated (from its QR code)
    rating_level: int | None = None
    rating_reasons: list[str] = field(default_factory=list)
    rated_ticket_codes: set[str] = field(default_factory=set)  # their codes: one rating per service (一次一评)
    search_text: str = ""
    pin: str = ""
    filing: FilingWork | None = None  # a self-service filing being made: form values, ID number, pages
    progress: list[FilingProgress] = field(default_factory=list)  # filings found for this citizen

    def clear(self) -> None:
        self.identity = None
        self.consent = False
        self.category = None
        self.ticket = None
        self.rating_ticket = None
        self.rating_level = None
        self.rating_reasons = []
        self.rated_ticket_codes = set()
        self.search_text = ""
        self.pin = ""
        self.filing = None
        self.progress = []

    @property
    def holds_data(self) -> bool:
        return any(
            (
                self.identity,
                self.consent,
                self.category,
                self.ticket,
                self.rating_ticket,
                self.rating_level,
                self.rating_reasons,
                self.search_text,
                self.pin,
                self.filing,
                self.progress,
            )
        )
