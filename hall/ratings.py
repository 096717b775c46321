"""好差评 ratings: their tables, the rules of a rating (one per service and stage), and the follow-up a bad
rating opens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, false, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from common.settings.models import RatingsSection
from devices.privacy import mask_id_numbers, mask_id_numbers_in
from hall.calendar import service_day
from hall.models import HallBase, Ticket, TicketStatus
from hall.queue import Clock, QueueEngine
from hall.workdays import add_working_days, parse_days

# -- tables ---------------------------------------------------------------------------------------------------


class Stage(StrEnum):
    ACCEPTANCE = "acceptance"
    COMPLETION = "completion"


class Rating(HallBase):
    """One 好差评 rating of a ticket's or a filing's service at one stage (一次一评)."""

    __tablename__ = "rating"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"), default=None)
    filing_id: Mapped[str | None] = mapped_column(String(40), default=None)
    stage: Mapped[str] = mapped_column(String(12))
    level: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    efficiency: Mapped[int | None] = mapped_column(Integer, default=None)
    service_level: Mapped[int | None] = mapped_column(Integer, default=None)
    attitude: Mapped[int | None] = mapped_column(Integer, default=None)
    channel: Mapped[str] = mapped_column(String(8))
    window: Mapped[int | None] = mapped_column(Integer, default=None)
    staff: Mapped[str | None] = mapped_column(String(32), default=None)
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)
    comment: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    voided: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # 申诉复核 (rating_review)

    # NULLs are distinct in unique indexes on both backends, so a ticket's rating never collides with a filing's.
    __table_args__ = (
        Index("ux_rating_ticket_stage", "ticket_id", "stage", unique=True),
        Index("ux_rating_filing_stage", "filing_id", "stage", unique=True),
        # The statistics (hall/rating_stats.py): a date range, and every column they group or count by, so that a
        # year's GROUP BY reads this narrow index alone instead of the table (benchmarks/rating_stats.py).
        Index("ix_rating_stats", "created_at", "voided", "level", "window", "channel", "staff", "item_code"),
    )


class FollowUpStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class FollowUp(HallBase):
    """回访/整改 of a bad rating, due a number of working days after it."""

    __tablename__ = "follow_up"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rating.id"), unique=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default=FollowUpStatus.OPEN)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    note: Mapped[str | None] = mapped_column(String(500), default=None)

    __table_args__ = (Index("ix_follow_up_open", "status", "due_date"),)


class RatingLinkUse(HallBase):
    """A rating link (the QR on a ticket) that has been used; the primary key makes a second use impossible."""

    __tablename__ = "rating_link_use"

    link_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rating.id"))
    used_at: Mapped[datetime] = mapped_column(UtcDateTime)


# -- rules ----------------------------------------------------------------------------------------------------

BAD_LEVELS = (1, 2)
LEVEL_NAMES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
LEVEL_NAMES_EN = {5: "Very satisfied", 4: "Satisfied", 3: "Fairly satisfied", 2: "Dissatisfied", 1: "Very dissatisfied"}
CHANNELS = ("pad", "kiosk", "qr")


class RatingError(Exception):
    """A rating or follow-up the hall refuses; ``code`` is stable for the API, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class NewRating:
    level: int
    channel: str
    ticket_id: uuid.UUID | None = None
    filing_id: str | None = None
    stage: str = Stage.COMPLETION
    reasons: tuple[str, ...] = ()
    efficiency: int | None = None
    service_level: int | None = None
    attitude: int | None = None
    window: int | None = None
    staff: str | None = None
    item_code: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class RatedService:
    rating: Rating
    follow_up: FollowUp | None = None


class RatingBook:
    """Records ratings and their follow-ups; every rule that matters under concurrency is a database constraint."""

    def __init__(self, queue: QueueEngine, config: RatingsSection) -> None:
        self.queue = queue
        self.sessions: sessionmaker[Session] = queue.sessions
        self.config = config
        self.clock: Clock = queue.clock
        self.zone: ZoneInfo = queue.zone
        self.holidays = parse_days(config.holidays)
        self.makeup_workdays = parse_days(config.makeup_workdays)

    def follow_up_due(self, moment: datetime) -> date:
        """The working day a bad rating made at ``moment`` must be followed up by, counted in the hall's zone."""
        start = service_day(moment, self.zone)
        return add_working_days(start, self.config.follow_up_working_days, self.holidays, self.makeup_workdays)

    def check(self, new: NewRating) -> NewRating:
        """The rating with its reasons normalised, or the first rule it breaks."""
        if (new.ticket_id is None) == (new.filing_id is None):
            raise RatingError("bad_subject", "请指定号票或受理号之一 / give exactly one of ticket_id and filing_id")
        if new.level not in LEVEL_NAMES:
            raise RatingError("bad_level", f"评价等级应为 1 到 5 / level must be 1 to 5, got {new.level}")
        if new.channel not in CHANNELS:
            raise RatingError("bad_channel", f"评价渠道应为 pad、kiosk 或 qr / unknown channel {new.channel!r}")
        reasons = tuple(dict.fromkeys(new.reasons))
        if new.level in BAD_LEVELS and not reasons:
            raise RatingError("reason_required", "差评请选择原因 / a rating of 1 or 2 needs at least one reason")
        if new.level not in BAD_LEVELS and reasons:
            raise RatingError("reasons_not_allowed", "只有差评需要选择原因 / reasons are only for ratings of 1 or 2")
        unknown = [r for r in reasons if r not in self.config.bad_rating_reasons]
        if unknown:
            raise RatingError(
                "unknown_reason",
                f"原因不在规定列表中 / reasons not in the configured list: {', '.join(unknown)} "
                f"(allowed: {', '.join(self.config.bad_rating_reasons)})",
            )
        if new.window is not None and new.window not in self.queue.windows:
            raise RatingError("unknown_window", f"没有{new.window}号窗口 / there is no window {new.window}")
        return NewRating(**{**new.__dict__, "reasons": reasons})

    def rate(self, new: NewRating, *, link_id: str | None = None) -> RatedService:
        """Record a rating (and mark ``link_id`` used); a second one for the same service and stage is refused."""
        new = self.check(new)
        now = self.clock()
        try:
            with self.sessions.begin() as session:
                window = new.window
                if new.ticket_id is not None:
                    ticket = session.get(Ticket, new.ticket_id)
                    if ticket is None:
                        raise RatingError("unknown_ticket", "没有这张号 / no such ticket")
                    if not was_served(ticket):
                        raise RatingError("not_served", "这张号没有办理 / this ticket was not served")
                    window = window if window is not None else ticket.window
                rating = Rating(
                    id=uuid.uuid4(),
                    ticket_id=new.ticket_id,
                    filing_id=new.filing_id,
                    stage=new.stage,
                    level=new.level,
                    reasons=list(new.reasons),
                    efficiency=new.efficiency,
                    service_level=new.service_level,
                    attitude=new.attitude,
                    channel=new.channel,
                    window=window,
                    staff=new.staff,
                    item_code=new.item_code,
                    comment=mask_id_numbers_in(new.comment),  # free text: no ID number is kept
                    created_at=now,
                )
                session.add(rating)
                session.flush()
                follow_up = None
                if new.level in BAD_LEVELS:
                    follow_up = FollowUp(
                        id=uuid.uuid4(),
                        rating_id=rating.id,
                        opened_at=now,
                        due_date=self.follow_up_due(now),
                        status=FollowUpStatus.OPEN,
                    )
                    session.add(follow_up)
                if link_id is not None:
                    session.add(RatingLinkUse(link_id=link_id, rating_id=rating.id, used_at=now))
                session.flush()
        except IntegrityError:
            # A unique index caught a second rating (or a second use of the link), possibly from another pad.
            if link_id is not None and self.link_used(link_id):
                raise RatingError("link_used", "此评价链接已使用 / this rating link has already been used") from None
            if self.already_rated(new.ticket_id, new.filing_id, new.stage):
                raise already_rated() from None
            raise
        return RatedService(rating, follow_up)

    def already_rated(self, ticket_id: uuid.UUID | None, filing_id: str | None, stage: str) -> bool:
        subject = Rating.ticket_id == ticket_id if ticket_id is not None else Rating.filing_id == filing_id
        with self.sessions() as session:
            return session.scalar(select(Rating.id).where(subject, Rating.stage == stage)) is not None

    def link_used(self, link_id: str) -> bool:
        with self.sessions() as session:
            return session.get(RatingLinkUse, link_id) is not None

    # -- follow-ups (回访/整改) ---------------------------------------------------------------------------------
    def open_follow_ups(self, limit: int = 500) -> list[tuple[FollowUp, Rating]]:
        with self.sessions() as session:
            rows = session.execute(
                select(FollowUp, Rating)
                .join(Rating, FollowUp.rating_id == Rating.id)
                .where(FollowUp.status == FollowUpStatus.OPEN)
                .order_by(FollowUp.due_date, FollowUp.opened_at)
                .limit(limit)
            ).all()
        return [(row[0], row[1]) for row in rows]

    def close_follow_up(self, follow_up_id: uuid.UUID, note: str) -> tuple[FollowUp, Rating]:
        now = self.clock()
        with self.sessions.begin() as session:
            closed = session.execute(
                update(FollowUp)
                .where(FollowUp.id == follow_up_id, FollowUp.status == FollowUpStatus.OPEN)
                .values(status=FollowUpStatus.CLOSED, closed_at=now, note=mask_id_numbers(note))
            )
            follow_up = session.get(FollowUp, follow_up_id)
            if follow_up is None:
                raise RatingError("unknown_follow_up", "没有这条回访任务 / no such follow-up")
            if closed.rowcount != 1:  # type: ignore[attr-defined]
                raise RatingError("already_closed", "此回访任务已关闭 / this follow-up is already closed")
            rating = session.get(Rating, follow_up.rating_id)
            assert rating is not None  # a foreign key
            return follow_up, rating

    def is_overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.status == FollowUpStatus.OPEN and follow_up.due_date < service_day(self.clock(), self.zone)


def was_served(ticket: Ticket) -> bool:
    """Called to a window and served there (or being served now): not waiting, never called, nor a no-show."""
    return ticket.called_at is not None and ticket.status in (TicketStatus.CALLED, TicketStatus.COMPLETED)


def already_rated() -> RatingError:
    return RatingError("already_rated", "该服务已评价 / this service has already been rated")
