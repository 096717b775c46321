"""The rows of the bad-ratings and appeals pages, and the same rows as export tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hall.rating_review import Appeal, Decision, FollowUpStep, RatingReview, StepKind
from hall.rating_stats import utc_bounds
from hall.ratings import BAD_LEVELS, LEVEL_NAMES, FollowUp, FollowUpStatus, Rating
from hall.webui.export import Cell, Column, Table

LIMIT = 500
STATES = ("all", "open", "overdue", "closed")
DECISION_NAMES = {
    Decision.PENDING: ("待复核", "Pending"),
    Decision.UPHELD: ("维持", "Upheld"),
    Decision.VOIDED: ("作废", "Voided"),
}


@dataclass(frozen=True)
class BadRow:
    rating: Rating
    follow_up: FollowUp | None
    steps: dict[str, FollowUpStep]
    appeal: Appeal | None
    overdue: bool


@dataclass(frozen=True)
class AppealRow:
    appeal: Appeal
    rating: Rating


def bad_rows(
    sessions: sessionmaker[Session],
    review: RatingReview,
    zone: ZoneInfo,
    today: date,
    span: tuple[date, date],
    *,
    windows: frozenset[int] | None,
    state: str = "all",
) -> list[BadRow]:
    """The bad ratings (1-2 stars) given on the local dates of ``span`` at ``windows``, newest first."""
    if windows is not None and not windows:
        return []
    low, high = utc_bounds(span[0], span[1], zone)
    statement = (
        select(Rating, FollowUp, Appeal)
        .outerjoin(FollowUp, FollowUp.rating_id == Rating.id)
        .outerjoin(Appeal, Appeal.rating_id == Rating.id)
        .where(Rating.level.in_(BAD_LEVELS), Rating.created_at >= low, Rating.created_at < high)
    )
    if windows is not None:
        statement = statement.where(Rating.window.in_(sorted(windows)))
    if state in ("open", "overdue"):
        statement = statement.where(FollowUp.status == FollowUpStatus.OPEN)
    if state == "overdue":
        statement = statement.where(FollowUp.due_date < today)
    if state == "closed":
        statement = statement.where(FollowUp.status == FollowUpStatus.CLOSED)
    with sessions() as session:
        found: list[Any] = list(session.execute(statement.order_by(Rating.created_at.desc()).limit(LIMIT)).all())
    steps = review.steps_of([row[1].id for row in found if row[1] is not None])
    return [
        BadRow(
            rating,
            follow_up,
            steps.get(follow_up.id, {}) if follow_up else {},
            appeal,
            follow_up is not None and follow_up.status == FollowUpStatus.OPEN and follow_up.due_date < today,
        )
        for rating, follow_up, appeal in found
    ]


def appeal_rows(sessions: sessionmaker[Session], windows: frozenset[int] | None, decision: str) -> list[AppealRow]:
    """Appeals of ratings at ``windows``, pending first, then the newest."""
    if windows is not None and not windows:
        return []
    statement = select(Appeal, Rating).join(Rating, Appeal.rating_id == Rating.id)
    if windows is not None:
        statement = statement.where(Rating.window.in_(sorted(windows)))
    if decision in DECISION_NAMES:
        statement = statement.where(Appeal.decision == decision)
    with sessions() as session:
        found = session.execute(statement.order_by(Appeal.appealed_at.desc()).limit(LIMIT)).all()
    rows = [AppealRow(appeal, rating) for appeal, rating in found]
    rows.sort(key=lambda r: r.appeal.decision != Decision.PENDING)  # stable: newest first within each
    return rows


def follow_up_state(row: BadRow) -> tuple[str, str]:
    if row.follow_up is None:
        return ("无", "None")
    if row.follow_up.status == FollowUpStatus.CLOSED:
        return ("已办结", "Closed")
    return ("已逾期", "Overdue") if row.overdue else ("待回访整改", "Open")


def bad_table(rows: list[BadRow], zone: ZoneInfo) -> Table:
    columns = [
        Column("at", "评价时间", "Rated at"),
        Column("level", "评价", "Level"),
        Column("reasons", "原因", "Reasons"),
        Column("comment", "留言", "Comment"),
        Column("window", "窗口", "Window"),
        Column("staff", "工号", "Staff"),
        Column("item", "事项编码", "Item code"),
        Column("channel", "渠道", "Channel"),
        Column("state", "回访整改状态", "Follow-up"),
        Column("due", "办结期限", "Due"),
        Column("call_back", "回访", "Call-back"),
        Column("rectification", "整改", "Rectification"),
        Column("appeal", "申诉", "Appeal"),
        Column("voided", "已作废", "Voided"),
    ]
    out: list[list[Cell]] = []
    for row in rows:
        r = row.rating
        call = row.steps.get(StepKind.CALL_BACK)
        fix = row.steps.get(StepKind.RECTIFICATION)
        out.append([
            r.created_at.astimezone(zone).replace(tzinfo=None),
            f"{r.level} {LEVEL_NAMES[r.level]}",
            "、".join(str(x) for x in r.reasons),
            r.comment,
            r.window,
            r.staff,
            r.item_code,
            r.channel,
            " ".join(follow_up_state(row)),
            row.follow_up.due_date if row.follow_up else None,
            f"{call.done_at.astimezone(zone):%Y-%m-%d %H:%M} {call.recorded_by}: {call.text}" if call else None,
            f"{fix.recorded_by}: {fix.text}" if fix else None,
            " ".join(DECISION_NAMES[Decision(row.appeal.decision)]) if row.appeal else None,
            "是 yes" if r.voided else "",
        ])  # fmt: skip
    return Table("差评与回访整改", columns, list(out))


def appeals_table(rows: list[AppealRow], zone: ZoneInfo) -> Table:
    columns = [
        Column("appealed_at", "申诉时间", "Appealed at"),
        Column("by", "申诉人", "Appealed by"),
        Column("reason", "申诉理由", "Reason"),
        Column("rated_at", "评价时间", "Rated at"),
        Column("level", "评价", "Level"),
        Column("window", "窗口", "Window"),
        Column("comment", "留言", "Comment"),
        Column("decision", "复核结果", "Decision"),
        Column("decided_by", "复核人", "Decided by"),
        Column("decided_at", "复核时间", "Decided at"),
        Column("note", "复核意见", "Note"),
    ]
    out = [
        [
            row.appeal.appealed_at.astimezone(zone).replace(tzinfo=None),
            row.appeal.appealed_by,
            row.appeal.reason,
            row.rating.created_at.astimezone(zone).replace(tzinfo=None),
            f"{row.rating.level} {LEVEL_NAMES[row.rating.level]}",
            row.rating.window,
            row.rating.comment,
            " ".join(DECISION_NAMES[Decision(row.appeal.decision)]),
            row.appeal.decided_by,
            row.appeal.decided_at.astimezone(zone).replace(tzinfo=None) if row.appeal.decided_at else None,
            row.appeal.note,
        ]
        for row in rows
    ]
    return Table("申诉复核", columns, list(out))
