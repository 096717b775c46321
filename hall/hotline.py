"""12345 hotline work orders (docs/hall-web.md, "12345 热线 Hotline link"): one for each bad rating (1 or 2) and one
for each follow-up (回访) that passed its due date still open. The order row is also the outbox its delivery is
kept in (hall/hotline_send.py): queued until the hotline takes it, parked when the hotline refuses it.

Orders are made by a sweep (the hotline worker, every few seconds), not in the rating's own transaction: an
overdue follow-up is found by the passing of time anyway, so one mechanism serves both kinds; the citizen's
rating (pads, kiosk, phone page) never waits for or fails on the hotline's code; and the sweep is cheap: an
anti-join of the follow-up table (one row per bad rating) over its (status, due_date) index against the orders'
unique (kind, subject) index. That unique index makes each order once, also when several server processes sweep
at the same moment (``INSERT … ON CONFLICT DO NOTHING``).

The body is fixed when the order is made and sent byte for byte at every attempt: the order id is the hotline's
idempotency key. It carries no ID number and no phone number (the rating holds none; a comment's are masked)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Index, Integer, String, Text, and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from common.settings.models import HallConfig
from devices.privacy import mask_id_numbers
from hall.calendar import service_day
from hall.database import read_only
from hall.models import HallBase
from hall.ratings import LEVEL_NAMES, LEVEL_NAMES_EN, FollowUp, FollowUpStatus, Rating

SWEEP_LIMIT = 200  # orders made per turn at most; the next turn goes on


class OrderKind(StrEnum):
    BAD_RATING = "bad_rating"  # subject: the rating's id
    FOLLOW_UP_OVERDUE = "follow_up_overdue"  # subject: the follow-up's id


class OrderState(StrEnum):
    QUEUED = "queued"  # waiting for its (next) attempt
    DELIVERED = "delivered"  # the hotline answered 2xx
    PARKED = "parked"  # the hotline refused it (4xx): a supervisor looks, and may send it again


KIND_WORDS = {
    OrderKind.BAD_RATING: ("差评", "Bad rating"),
    OrderKind.FOLLOW_UP_OVERDUE: ("回访超期", "Follow-up overdue"),
}
STATE_WORDS = {
    OrderState.QUEUED: ("待发送", "Queued"),
    OrderState.DELIVERED: ("已送达", "Delivered"),
    OrderState.PARKED: ("被拒收", "Parked"),
}


class HotlineOrder(HallBase):
    """A work order for the 12345 hotline and its delivery (the outbox row)."""

    __tablename__ = "hotline_order"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the idempotency key the hotline sees
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[uuid.UUID] = mapped_column()  # the rating (bad_rating) or the follow-up (follow_up_overdue)
    body: Mapped[str] = mapped_column(Text)  # the JSON sent, exactly
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(10), default=OrderState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer, default=None)  # the last answer's HTTP status
    last_error: Mapped[str] = mapped_column(String(500), default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (
        Index("ux_hotline_order_subject", "kind", "subject", unique=True),
        Index("ix_hotline_order_due", "state", "next_attempt_at"),
        Index("ix_hotline_order_created", "created_at"),
    )


# -- the body -------------------------------------------------------------------------------------------------
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])((?:[ \-]?[0-9]){4})((?:[ \-]?[0-9]){4})(?![0-9])")


def mask_phones(text: str) -> str:
    """Mainland mobile numbers in free text: ``13812345678`` -> ``138****5678``."""
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3).replace(" ", "").replace("-", ""), text)


@dataclass(frozen=True)
class OrderFacts:
    """What an order is made of; ``order_body`` words it."""

    order_id: uuid.UUID
    kind: OrderKind
    made_at: datetime
    rating: Rating
    follow_up: FollowUp
    item_name: str | None


def order_body(facts: OrderFacts, hall_name: str, hall_name_en: str, zone: ZoneInfo) -> bytes:
    """The JSON the hotline receives (UTF-8, compact, keys in this order)."""
    rating, follow_up = facts.rating, facts.follow_up
    document: dict[str, Any] = {
        "order_id": str(facts.order_id),
        "kind": facts.kind.value,
        "made_at": facts.made_at.astimezone(zone).isoformat(timespec="seconds"),
        "hall": {"name": hall_name, "name_en": hall_name_en or hall_name},
        "rating": {
            "id": str(rating.id),
            "level": rating.level,
            "level_name": LEVEL_NAMES[rating.level],
            "level_name_en": LEVEL_NAMES_EN[rating.level],
            "reasons": list(rating.reasons),
            "comment": mask_phones(mask_id_numbers(rating.comment or "")),
            "window": rating.window,
            "staff": rating.staff,
            "item_code": rating.item_code,
            "item_name": facts.item_name,
            "channel": rating.channel,
            "stage": rating.stage,
            "rated_at": rating.created_at.astimezone(zone).isoformat(timespec="seconds"),
        },
        "follow_up": {"id": str(follow_up.id), "due_date": follow_up.due_date.isoformat()},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


# -- making orders --------------------------------------------------------------------------------------------
class HotlineOrders:
    """Finds bad ratings and overdue follow-ups without an order and makes their orders."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        config: HallConfig,
        clock: Callable[[], datetime],
        item_name: Callable[[str], str | None],
    ) -> None:
        self.sessions, self.config, self.clock, self.item_name = sessions, config, clock, item_name
        self.zone = ZoneInfo(config.hall.timezone)
        self._reader = sessionmaker(read_only(sessions.kw["bind"]))
        self._dialect = sessions.kw["bind"].dialect.name

    def sweep(self) -> int:
        """Make the orders missing now; how many this call made (another process may have made the rest)."""
        now = self.clock()
        today = service_day(now, self.zone)
        since = today - timedelta(days=self.config.hotline.lookback_days)
        with self._reader() as session:  # no write lock on SQLite while there is nothing to make
            found = self._missing(session, today, since)
        if not found:
            return 0
        made = 0
        with self.sessions.begin() as session:
            for kind, follow_up, rating in found:
                made += self._make(session, kind, follow_up, rating, now)
        return made

    def _missing(self, session: Session, today: date, since: date) -> list[tuple[OrderKind, FollowUp, Rating]]:
        found: list[tuple[OrderKind, FollowUp, Rating]] = []
        bad = (
            select(FollowUp, Rating)
            .join(Rating, Rating.id == FollowUp.rating_id)
            .outerjoin(
                HotlineOrder,
                and_(HotlineOrder.kind == OrderKind.BAD_RATING.value, HotlineOrder.subject == FollowUp.rating_id),
            )
            .where(
                FollowUp.status.in_([FollowUpStatus.OPEN.value, FollowUpStatus.CLOSED.value]),
                FollowUp.due_date >= since,
                HotlineOrder.id.is_(None),
                Rating.voided.is_(False),  # voided on appeal (申诉复核) before its order was made: no order
            )
            .order_by(FollowUp.opened_at)
            .limit(SWEEP_LIMIT)
        )
        found += [(OrderKind.BAD_RATING, row[0], row[1]) for row in session.execute(bad)]
        if self.config.hotline.follow_up_overdue:
            overdue = (
                select(FollowUp, Rating)
                .join(Rating, Rating.id == FollowUp.rating_id)
                .outerjoin(
                    HotlineOrder,
                    and_(HotlineOrder.kind == OrderKind.FOLLOW_UP_OVERDUE.value, HotlineOrder.subject == FollowUp.id),
                )
                .where(
                    FollowUp.status == FollowUpStatus.OPEN.value,
                    FollowUp.due_date < today,
                    FollowUp.due_date >= since,
                    HotlineOrder.id.is_(None),
                )
                .order_by(FollowUp.due_date)
                .limit(SWEEP_LIMIT)
            )
            found += [(OrderKind.FOLLOW_UP_OVERDUE, row[0], row[1]) for row in session.execute(overdue)]
        return found

    def _make(self, session: Session, kind: OrderKind, follow_up: FollowUp, rating: Rating, now: datetime) -> int:
        order_id = uuid.uuid4()
        name = self.item_name(rating.item_code) if rating.item_code else None
        facts = OrderFacts(order_id, kind, now, rating, follow_up, name)
        hall = self.config.hall
        body = order_body(facts, hall.name, hall.name_en, self.zone)
        values = {
            "id": order_id,
            "kind": kind.value,
            "subject": rating.id if kind is OrderKind.BAD_RATING else follow_up.id,
            "body": body.decode(),
            "created_at": now,
            "state": OrderState.QUEUED.value,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
        }
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        made = session.execute(insert(HotlineOrder).values(values).on_conflict_do_nothing().returning(HotlineOrder.id))
        return len(made.all())  # none when another process made it first

    # -- reading ----------------------------------------------------------------------------------------------
    def listed(self, state: str | None, limit: int = 500) -> list[HotlineOrder]:
        query = select(HotlineOrder)
        if state is not None:
            query = query.where(HotlineOrder.state == state)
        with self._reader() as session:
            return list(session.scalars(query.order_by(HotlineOrder.created_at.desc()).limit(limit)))

    def counts(self) -> dict[str, int]:
        with self._reader() as session:
            rows = session.execute(select(HotlineOrder.state, func.count()).group_by(HotlineOrder.state)).all()
        return {str(state): int(count) for state, count in rows}


def body_of(order: HotlineOrder) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(order.body)
    return found
