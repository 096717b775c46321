"""What arrived at the hall, read from its database at the end of the soak: the kiosk's filings and their ratings
(each made once at the kiosk, so each must be there once), the tickets by service day, the calls and the pads'
ratings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from hall.database import open_hall_database
from hall.filings import Filing
from hall.models import Ticket
from hall.ratings import Rating


@dataclass(frozen=True)
class HallTally:
    filings: Counter[str]  # filing number -> how many rows the hall holds for it
    filing_ratings: Counter[str]  # filing number -> how many ratings of it
    tickets_by_day: dict[str, int]  # service day -> tickets issued
    called: int  # tickets a window called
    pad_ratings: int  # ratings of tickets (the pads')
    missing: tuple[str, ...]  # filed at the kiosk, absent at the hall
    unrated: tuple[str, ...]  # filed and rated at the kiosk, no rating at the hall

    @property
    def once(self) -> bool:
        """Every filing and every filing's rating at the hall exactly once."""
        twice = any(n != 1 for n in self.filings.values()) or any(n != 1 for n in self.filing_ratings.values())
        return not (twice or self.missing or self.unrated)


def tally_hall(db_url: str, kiosk_id: str, filed: list[str]) -> HallTally:
    engine, sessions = open_hall_database(db_url)
    try:
        with sessions() as session:
            filings = Counter(session.scalars(select(Filing.number).where(Filing.kiosk_id == kiosk_id)).all())
            numbers = set(filings)
            rated_ids = session.scalars(select(Rating.filing_id).where(Rating.filing_id.is_not(None)))
            rated = Counter(n for n in rated_ids if n in numbers)
            days = session.execute(select(Ticket.service_day, func.count()).group_by(Ticket.service_day)).all()
            called = session.scalar(select(func.count()).select_from(Ticket).where(Ticket.called_at.is_not(None)))
            pad_ratings = session.scalar(select(func.count()).select_from(Rating).where(Rating.ticket_id.is_not(None)))
    finally:
        engine.dispose()
    return HallTally(
        filings=filings,
        filing_ratings=rated,
        tickets_by_day={day.isoformat(): count for day, count in sorted(days)},
        called=called or 0,
        pad_ratings=pad_ratings or 0,
        missing=tuple(n for n in filed if n not in numbers),
        unrated=tuple(n for n in filed if n not in rated),
    )
