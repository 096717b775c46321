"""The hall answering 500s, or not answering in time: taking a number is paused in words (no traceback), the link
goes offline with one log line naming the cause, a rating waits in the outbox, and all of it comes back by itself
when the hall answers again. A thin layer in front of the real hall's app makes it sick on demand."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import pytest

from hall.server import Hall
from kiosk.station.hall import PAUSED, StationHall
from kiosk.station.ports import Unavailable
from tests.support.hall import served

pytestmark = pytest.mark.e2e  # a hall served over HTTP

MakeKiosk = Callable[[str], StationHall]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]


class SickHall:
    """The hall's ASGI app, or a 500 / an answer later than the kiosk waits (2 s) for every API request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state  # what serving the hall reads (its [server] keys)
        self.sickness: str | None = None  # "500", "slow" or None

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.sickness is None:
            await self.app(scope, receive, send)
            return
        if self.sickness == "slow":
            await asyncio.sleep(3)
        body = b'{"detail": "Internal Server Error"}'
        await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})


@pytest.mark.parametrize(("sickness", "said"), [("500", "HTTP 500"), ("slow", "did not answer in time")])
def test_a_sick_hall_pauses_taking_a_number_and_it_comes_back_by_itself(
    hall: Hall, make_kiosk: MakeKiosk, caplog: pytest.LogCaptureFixture, sickness: str, said: str
) -> None:
    sick = SickHall(hall.app)
    with served(sick) as url:
        kiosk = make_kiosk(url)
        assert kiosk.take_number("A").number == "A001" and kiosk.online
        sick.sickness = sickness
        with caplog.at_level(logging.INFO):
            with pytest.raises(Unavailable) as paused:
                kiosk.take_number("A")
            assert paused.value.message == PAUSED  # what the screen says: paused, the rest of the kiosk works
            assert not kiosk.online
            kiosk.rate(5, [])  # kept in the outbox meanwhile; it never raises
            with pytest.raises(Unavailable):
                kiosk.take_number("A")  # still sick: said again, not logged again
            sick.sickness = None
            assert kiosk.take_number("A").number == "A002" and kiosk.online  # no number lost or doubled
    lost = [r.getMessage() for r in caplog.records if r.getMessage().startswith("hall unreachable")]
    assert len(lost) == 1 and said in lost[0]
    assert any(r.getMessage() == "hall reachable again" for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)
