"""The hall's daily report (日报) for one service day in the hall's zone: the queue per category, the filings, the
好差评 ratings and electronic supervision's warnings. One reader for the page (``/web/report``), its CSV/XLSX and
``kiosk hall supervision summary``. Every read is bounded by the day: tickets by service day, filing actions and
ratings and alerts by time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from common.settings.models import HallConfig
from hall.alerts import Alert
from hall.filings import FilingEvent
from hall.models import Ticket, TicketStatus
from hall.ratings import Rating
from hall.supervision_rules import FILING_PROMISED, FILING_STATUTORY, KIND_WORDS

GOOD_LEVELS = (4, 5)  # GB/T 39734: the satisfaction rate is the share of 满意 and 非常满意


@dataclass(frozen=True)
class CategoryDay:
    prefix: str
    name_zh: str
    name_en: str
    issued: int = 0
    served: int = 0
    missed: int = 0  # no-show, or still waiting when the day ended
    cancelled: int = 0
    average_wait_min: float | None = None  # from taking the number to being called
    longest_wait_min: float | None = None


@dataclass(frozen=True)
class FilingDay:
    received: int = 0
    accepted: int = 0
    completed: int = 0
    rejected: int = 0
    overdue: int = 0  # filings with a red (逾期) limit warning at some time that day


@dataclass(frozen=True)
class RatingDay:
    count: int = 0
    good: int = 0
    bad: int = 0

    @property
    def satisfaction(self) -> float | None:
        return None if self.count == 0 else self.good / self.count


@dataclass(frozen=True)
class WarningCount:
    kind: str
    zh: str
    en: str
    raised: int = 0
    red: int = 0
    still_open: int = 0


@dataclass(frozen=True)
class DailyReport:
    day: date
    categories: list[CategoryDay]
    filings: FilingDay
    ratings: RatingDay
    warnings: list[WarningCount] = field(default_factory=list)

    @property
    def tickets(self) -> CategoryDay:
        """All categories together (the average over every called ticket)."""
        return _total(self.categories)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The day's first instant and the next day's, in UTC (a day is 24 hours in Shanghai, not everywhere)."""
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def daily_report(session: Session, config: HallConfig, day: date) -> DailyReport:
    start, end = day_bounds(day, ZoneInfo(config.hall.timezone))
    return DailyReport(
        day,
        _categories(session, config, day),
        _filings(session, start, end),
        _ratings(session, start, end),
        _warnings(session, start, end),
    )


def _minutes(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 60


def _categories(session: Session, config: HallConfig, day: date) -> list[CategoryDay]:
    rows = session.execute(
        select(Ticket.issued_category, Ticket.status, Ticket.issued_at, Ticket.called_at).where(
            Ticket.service_day == day
        )
    ).all()
    found: list[CategoryDay] = []
    known = {c.prefix for c in config.categories}
    sections = [(c.prefix, c.name_zh, c.name_en) for c in config.categories]
    sections += [(p, p, p) for p in sorted({row.issued_category for row in rows} - known)]  # since removed
    for prefix, name_zh, name_en in sections:
        mine = [row for row in rows if row.issued_category == prefix]
        waits = [_minutes(row.called_at, row.issued_at) for row in mine if row.called_at is not None]
        found.append(
            CategoryDay(
                prefix,
                name_zh,
                name_en,
                issued=len(mine),
                served=sum(row.status == TicketStatus.COMPLETED.value for row in mine),
                missed=sum(row.status == TicketStatus.MISSED.value for row in mine),
                cancelled=sum(row.status == TicketStatus.CANCELLED.value for row in mine),
                average_wait_min=sum(waits) / len(waits) if waits else None,
                longest_wait_min=max(waits) if waits else None,
            )
        )
    return found


def _total(categories: list[CategoryDay]) -> CategoryDay:
    called = [(c.average_wait_min, c.issued - c.cancelled) for c in categories if c.average_wait_min is not None]
    longest = [c.longest_wait_min for c in categories if c.longest_wait_min is not None]
    weight = sum(n for _, n in called)
    return CategoryDay(
        "",
        "合计",
        "Total",
        issued=sum(c.issued for c in categories),
        served=sum(c.served for c in categories),
        missed=sum(c.missed for c in categories),
        cancelled=sum(c.cancelled for c in categories),
        average_wait_min=sum(a * n for a, n in called) / weight if weight else None,
        longest_wait_min=max(longest) if longest else None,
    )


def _filings(session: Session, start: datetime, end: datetime) -> FilingDay:
    in_day = (FilingEvent.at >= start, FilingEvent.at < end)

    def filings(*where: object) -> int:
        query = select(func.count(func.distinct(FilingEvent.filing_id))).where(*in_day, *where)  # type: ignore[arg-type]
        return int(session.scalar(query) or 0)

    red_since = Alert.last_at  # a red warning is raised red, or turned red at its last update
    overdue = select(func.count(func.distinct(Alert.subject))).where(
        Alert.kind.in_((FILING_PROMISED, FILING_STATUTORY)),
        Alert.severity == "critical",
        red_since < end,
        (Alert.cleared_at.is_(None)) | (Alert.cleared_at >= start),
    )
    return FilingDay(
        received=filings(FilingEvent.action == "submitted"),
        accepted=filings(FilingEvent.action == "accept"),
        completed=filings(FilingEvent.to_status == "completed", FilingEvent.from_status != "completed"),
        rejected=filings(FilingEvent.to_status == "rejected", FilingEvent.from_status != "rejected"),
        overdue=int(session.scalar(overdue) or 0),
    )


def counted_ratings(query: Select[int]) -> Select[int]:
    """Ratings the statistics count: a rating voided on appeal (申诉复核) leaves them but stays in the record."""
    return query.where(Rating.voided.is_(False))


def _ratings(session: Session, start: datetime, end: datetime) -> RatingDay:
    def count(*where: object) -> int:
        query = select(func.count()).select_from(Rating).where(Rating.created_at >= start, Rating.created_at < end)
        return int(session.scalar(counted_ratings(query.where(*where))) or 0)  # type: ignore[arg-type]

    return RatingDay(count(), count(Rating.level.in_(GOOD_LEVELS)), count(Rating.level.in_((1, 2))))


def _warnings(session: Session, start: datetime, end: datetime) -> list[WarningCount]:
    rows = session.execute(
        select(Alert.kind, Alert.severity, Alert.acknowledged_at, Alert.cleared_at).where(
            Alert.created_at >= start, Alert.created_at < end
        )
    ).all()
    kinds = list(KIND_WORDS) + sorted({row.kind for row in rows} - set(KIND_WORDS))
    found = []
    for kind in kinds:
        mine = [row for row in rows if row.kind == kind]
        zh, en = KIND_WORDS.get(kind, (f"其他提醒（{kind}）", f"Other alert ({kind})"))
        found.append(
            WarningCount(
                kind,
                zh,
                en,
                raised=len(mine),
                red=sum(row.severity == "critical" for row in mine),
                still_open=sum(row.acknowledged_at is None and row.cleared_at is None for row in mine),
            )
        )
    return found
