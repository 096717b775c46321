"""Ratings put straight into a hall's database, at given times, for the statistics and the 好差评 pages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from hall.ratings import BAD_LEVELS, FollowUp, FollowUpStatus, Rating


def add_rating(
    sessions: sessionmaker[Session],
    at: datetime,
    level: int,
    *,
    window: int | None = 1,
    staff: str | None = "1001",
    item: str | None = "339900-002-GG-00101-002",
    channel: str = "pad",
    comment: str | None = None,
    voided: bool = False,
    reasons: list[str] | None = None,
) -> uuid.UUID:
    """A rating given at ``at`` (aware); a bad one gets its open follow-up, due five days later."""
    rating_id = uuid.uuid4()
    with sessions.begin() as session:
        session.add(
            Rating(
                id=rating_id,
                filing_id=f"F-{rating_id.hex[:12]}",
                stage="completion",
                level=level,
                reasons=reasons if reasons is not None else (["办理时间过长"] if level in BAD_LEVELS else []),
                channel=channel,
                window=window,
                staff=staff,
                item_code=item,
                comment=comment,
                created_at=at.astimezone(UTC),
                voided=voided,
            )
        )
        session.flush()
        if level in BAD_LEVELS:
            session.add(
                FollowUp(
                    id=uuid.uuid4(),
                    rating_id=rating_id,
                    opened_at=at.astimezone(UTC),
                    due_date=(at + timedelta(days=7)).date(),
                    status=FollowUpStatus.OPEN,
                )
            )
    return rating_id
