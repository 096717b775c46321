"""The one way a 好差评 rating reaches the hall, for the kiosk station and the pad desk alike: kept, then sent.

A rating is a ``RatingIn`` (common/hallapi/ratings.py), the hall's own body. It is kept in the local outbox
first (``keep_rating``: a rating given while the hall is away arrives later) and the outbox sender delivers it
through ``ROUTES`` with ``POST /api/v1/ratings``. The hall's ``already_rated`` means an earlier try got through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from common.hallapi.ratings import RatingIn
from common.settings.paths import private_dir
from kiosk.hallclient.base import HallClient, body, wire
from kiosk.hallclient.outbox import OutboxSender, Route, enqueue
from kiosk.store import Store, open_store

RATING = "rating"  # the outbox kind of a rating
STORE_FILE = "hall-devices.db"  # the pad desk's ratings, kept apart from any kiosk store on the same machine


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


class RatingOutbox:
    """Ratings kept in a store of their own first (the hall device controller's ``hall-devices.db``), then
    delivered once each by an OutboxSender."""

    def __init__(self, data_dir: Path, client: HallClient, *, interval_s: float = 2.0) -> None:
        private_dir(data_dir)
        self.store: Store = open_store(data_dir, STORE_FILE)
        self.sender = OutboxSender(self.store, client, ROUTES, interval_s=interval_s, name="pad-ratings")

    def add(self, rating: RatingIn) -> None:
        """Store the rating (committed before this returns) and ask the sender to deliver it now."""
        with self.store.sessions.begin() as session:
            keep_rating(session, rating)
        self.sender.wake()

    def start(self) -> None:
        self.sender.start()

    def stop(self) -> None:
        self.sender.stop()
        self.store.close()
