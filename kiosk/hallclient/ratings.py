"""The one way a 好差评 rating reaches the hall, for the kiosk station and the pad desk alike.

A rating is a ``RatingIn`` (common/hallapi/ratings.py), the hall's own body. It is kept in the local outbox
first (``keep_rating``: a rating given while the hall is away arrives later) and the outbox sender delivers it
through ``ROUTES`` with ``POST /api/v1/ratings``. The hall's ``already_rated`` means an earlier try got through.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from common.hallapi.ratings import RatingIn
from kiosk.hallclient.base import HallClient, body, wire
from kiosk.hallclient.outbox import Route
from kiosk.store.outbox import enqueue

RATING = "rating"  # the outbox kind of a rating


def rating_body(rating: RatingIn) -> dict[str, Any]:
    """The JSON the hall receives: the fields the rater set, nothing added."""
    return wire(rating)


def keep_rating(session: Session, rating: RatingIn) -> None:
    """Put the rating in the local outbox (the caller commits the session)."""
    enqueue(session, RATING, rating_body(rating))


def post_rating(client: HallClient, payload: dict[str, Any]) -> None:
    """Deliver one kept rating. A payload that is not a rating is refused here as the hall would refuse it."""
    client.post("/api/v1/ratings", rating_body(body(RatingIn, payload)))


ROUTES = {RATING: Route(post_rating, already_there={"already_rated"})}
