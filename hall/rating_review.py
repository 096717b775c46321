"""What the hall does about a rating after it is given: the steps of a bad rating's follow-up (回访, the call-back
to the citizen; 整改, what was changed; or a supervisor's explicit close) and appeals (申诉复核): staff appeal a
rating of their window they believe malicious, a supervisor upholds it or voids it. A voided rating leaves the
statistics (hall/rating_stats.py) but stays in the record, marked.

Each step and each decision is one row written under a condition the database checks (a unique index, an UPDATE
of a row still pending), so a stale page cannot record a second call-back or decide an appeal twice: it is told
who did it first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from devices.privacy import mask_id_numbers
from hall.models import HallBase
from hall.queue import Clock
from hall.ratings import FollowUp, FollowUpStatus, Rating, RatingError

TEXT_MAX = 500


class StepKind(StrEnum):
    CALL_BACK = "call_back"  # 回访
    RECTIFICATION = "rectification"  # 整改
    CLOSED = "closed"  # closed by a supervisor without both


class FollowUpStep(HallBase):
    """One step of a bad rating's follow-up, by whom and when; one of each kind per follow-up."""

    __tablename__ = "follow_up_step"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    follow_up_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("follow_up.id"))
    kind: Mapped[str] = mapped_column(String(16))
    done_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when the call was made (as told), else recorded_at
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(String(TEXT_MAX))

    __table_args__ = (Index("ux_follow_up_step_kind", "follow_up_id", "kind", unique=True),)


class Decision(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"  # the rating stays
    VOIDED = "voided"  # the rating leaves the statistics


class Appeal(HallBase):
    """申诉复核: a staff member's appeal of one rating, and the supervisor's decision on it (one per rating)."""

    __tablename__ = "appeal"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rating.id"), unique=True)
    appealed_by: Mapped[str] = mapped_column(String(64))
    appealed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(TEXT_MAX))
    decision: Mapped[str] = mapped_column(String(8), default=Decision.PENDING)
    decided_by: Mapped[str | None] = mapped_column(String(64), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    note: Mapped[str | None] = mapped_column(String(TEXT_MAX), default=None)

    __table_args__ = (Index("ix_appeal_decision", "decision", "appealed_at"),)


@dataclass(frozen=True)
class StepRecorded:
    step: FollowUpStep
    closed: bool  # this step closed the follow-up


class RatingReview:
    """Follow-up steps and appeals on the hall's database."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    # -- follow-up steps ------------------------------------------------------------------------------------------
    def record_step(
        self, follow_up_id: uuid.UUID, kind: StepKind, by: str, text: str, done_at: datetime | None = None
    ) -> StepRecorded:
        """Record a call-back or a rectification (or close, ``StepKind.CLOSED``); the follow-up closes when it has
        both, or on an explicit close. A closed follow-up, or a step of a kind already recorded, is refused."""
        now = self.clock()
        text = mask_id_numbers(text.strip())[:TEXT_MAX]
        try:
            with self.sessions.begin() as session:
                follow_up = session.get(FollowUp, follow_up_id)
                if follow_up is None:
                    raise RatingError("unknown_follow_up", "没有这条回访任务 / no such follow-up")
                if follow_up.status != FollowUpStatus.OPEN:
                    raise RatingError("already_closed", "此回访任务已关闭 / this follow-up is already closed")
                step = FollowUpStep(
                    id=uuid.uuid4(),
                    follow_up_id=follow_up_id,
                    kind=kind,
                    done_at=done_at or now,
                    recorded_by=by,
                    recorded_at=now,
                    text=text,
                )
                session.add(step)
                session.flush()
                kinds = set(session.scalars(select(FollowUpStep.kind).where(FollowUpStep.follow_up_id == follow_up_id)))
                closing = kind == StepKind.CLOSED or {StepKind.CALL_BACK, StepKind.RECTIFICATION} <= kinds
                if closing:
                    closed = session.execute(
                        update(FollowUp)
                        .where(FollowUp.id == follow_up_id, FollowUp.status == FollowUpStatus.OPEN)
                        .values(status=FollowUpStatus.CLOSED, closed_at=now, note=summary(session, follow_up_id))
                    )
                    if closed.rowcount != 1:  # type: ignore[attr-defined]
                        raise RatingError("already_closed", "此回访任务已关闭 / this follow-up is already closed")
                return StepRecorded(step, closing)
        except IntegrityError:
            first = self.step_of(follow_up_id, kind)
            who = f"{first.recorded_by}" if first else "?"
            raise RatingError(
                "step_recorded", f"已由 {who} 记录，请刷新页面 / already recorded by {who}: reload the page"
            ) from None

    def step_of(self, follow_up_id: uuid.UUID, kind: StepKind) -> FollowUpStep | None:
        with self.sessions() as session:
            return session.scalar(
                select(FollowUpStep).where(FollowUpStep.follow_up_id == follow_up_id, FollowUpStep.kind == kind)
            )

    def steps_of(self, follow_up_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, FollowUpStep]]:
        found: dict[uuid.UUID, dict[str, FollowUpStep]] = {}
        if not follow_up_ids:
            return found
        with self.sessions() as session:
            for step in session.scalars(select(FollowUpStep).where(FollowUpStep.follow_up_id.in_(follow_up_ids))):
                found.setdefault(step.follow_up_id, {})[step.kind] = step
        return found

    # -- appeals ----------------------------------------------------------------------------------------------------
    def appeal(self, rating_id: uuid.UUID, by: str, reason: str) -> Appeal:
        """A staff member's appeal of a rating (the caller checks it is of their window); one per rating."""
        now = self.clock()
        try:
            with self.sessions.begin() as session:
                rating = session.get(Rating, rating_id)
                if rating is None:
                    raise RatingError("unknown_rating", "没有这条评价 / no such rating")
                appeal = Appeal(
                    id=uuid.uuid4(),
                    rating_id=rating_id,
                    appealed_by=by,
                    appealed_at=now,
                    reason=mask_id_numbers(reason.strip())[:TEXT_MAX],
                    decision=Decision.PENDING,
                )
                session.add(appeal)
                session.flush()
                return appeal
        except IntegrityError:
            first = self.appeal_of(rating_id)
            who = first.appealed_by if first else "?"
            raise RatingError(
                "already_appealed", f"此评价已由 {who} 申诉 / this rating was already appealed by {who}"
            ) from None

    def appeal_of(self, rating_id: uuid.UUID) -> Appeal | None:
        with self.sessions() as session:
            return session.scalar(select(Appeal).where(Appeal.rating_id == rating_id))

    def decide(self, appeal_id: uuid.UUID, by: str, decision: Decision, note: str) -> tuple[Appeal, Rating]:
        """Uphold or void; voiding marks the rating and closes its open follow-up. Decided once."""
        if decision == Decision.PENDING:
            raise RatingError("bad_decision", "请选择维持或作废 / choose uphold or void")
        now = self.clock()
        note = mask_id_numbers(note.strip())[:TEXT_MAX]
        with self.sessions.begin() as session:
            appeal = session.get(Appeal, appeal_id)
            if appeal is None:
                raise RatingError("unknown_appeal", "没有这条申诉 / no such appeal")
            decided = session.execute(
                update(Appeal)
                .where(Appeal.id == appeal_id, Appeal.decision == Decision.PENDING)
                .values(decision=decision, decided_by=by, decided_at=now, note=note)
            )
            if decided.rowcount != 1:  # type: ignore[attr-defined]
                session.refresh(appeal)
                raise RatingError(
                    "already_decided",
                    f"此申诉已由 {appeal.decided_by} 处理 / this appeal was already decided by {appeal.decided_by}",
                )
            if decision == Decision.VOIDED:
                session.execute(update(Rating).where(Rating.id == appeal.rating_id).values(voided=True))
                session.execute(
                    update(FollowUp)
                    .where(FollowUp.rating_id == appeal.rating_id, FollowUp.status == FollowUpStatus.OPEN)
                    .values(status=FollowUpStatus.CLOSED, closed_at=now, note=f"申诉复核：评价已作废 / voided: {note}")
                )
            session.flush()
            session.refresh(appeal)
            rating = session.get(Rating, appeal.rating_id)
            assert rating is not None  # a foreign key
            session.refresh(rating)
            return appeal, rating


def summary(session: Session, follow_up_id: uuid.UUID) -> str:
    """The follow-up's note when it closes: its steps, one line each."""
    names = {StepKind.CALL_BACK: "回访", StepKind.RECTIFICATION: "整改", StepKind.CLOSED: "关闭"}
    steps = session.scalars(
        select(FollowUpStep).where(FollowUpStep.follow_up_id == follow_up_id).order_by(FollowUpStep.recorded_at)
    )
    lines = [f"{names.get(StepKind(s.kind), s.kind)}（{s.recorded_by}）：{s.text}" for s in steps]
    return "\n".join(lines)[:500]
