"""The hall as the kiosk's citizen flows use it (HallPort): categories, numbers, check-in, the guide, ratings.

Every call goes over HTTP to the hall (the embedded one on 127.0.0.1 too). A number taken is stored locally and
then printed; a printer fault only sets ``printed=False`` with the reason, the number is never lost. Ratings go
into the local outbox and an OutboxSender delivers them, so a rating given while the hall is away arrives later.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from common.hallapi.appointments import CheckedInOut, CheckIn
from common.hallapi.catalog import ServiceItem, to_service_guide
from common.hallapi.queue import QueueOut, TakeNumber, TicketOut
from common.hallapi.ratings import RatingIn, ReasonsOut
from common.settings.models import DEFAULT_BAD_RATING_REASONS, NOT_STATED
from devices.printer import Document, PaperSpec
from devices.words import Words
from kiosk.hallclient import HallClient, HallError, HallRefused, HallUnreachable
from kiosk.hallclient.base import body
from kiosk.hallclient.link import HallLink
from kiosk.hallclient.ratings import keep_rating
from kiosk.printing.jobs import PrintOutcome
from kiosk.printing.templates import TicketSlip, queue_ticket, service_guide
from kiosk.station.guide import CatalogCache
from kiosk.station.ports import CategoryInfo, Guide, Ticket
from kiosk.store import IssuedTicket, Store

log = logging.getLogger(__name__)
Answer = TypeVar("Answer", bound=BaseModel)

PAUSED = Words("大厅服务暂时无法连接，此功能暂停", "the hall cannot be reached; this function is paused")
NO_ANSWER = Words("大厅没有给出回答", "the hall gave no answer")
NOT_IN_GUIDE = Words("没有这个事项", "no such service item")
APPOINTMENTS = "Y"  # check-in tickets only: not offered on the take-a-number screen
GREEN_CHANNEL = "V"  # 绿色通道: the screen reads the ID card first (one waiting ticket per ID)


class Printing(Protocol):
    """Where documents go (kiosk.station.devices.StationDevices, or a PrintService)."""

    def print(self, document: Document, reference: str = "") -> PrintOutcome: ...


class StationHall:
    """HallPort over a HallClient; thread-safe, blocking: call it from workers, not the UI thread."""

    def __init__(
        self,
        client: HallClient,
        store: Store,
        printing: Printing,
        *,
        data_dir: Path,
        paper: PaperSpec,
        hall_name: str,
        hotline: str,
        zone: ZoneInfo,
        hours: dict[str, tuple[str, str]] | None = None,
        bad_rating_reasons: Sequence[str] = DEFAULT_BAD_RATING_REASONS,
        on_rated: Callable[[], None] | None = None,
        link: HallLink | None = None,
    ) -> None:
        self.client, self.store, self.printing = client, store, printing
        self.paper, self.hall_name, self.hotline, self.zone = paper, hall_name, hotline, zone
        self.link = link or HallLink()
        self._hours = dict(hours or {})
        self._reasons = list(bad_rating_reasons)
        self._on_rated = on_rated or (lambda: None)
        self._names: dict[str, tuple[str, str]] = {}
        self._catalog = CatalogCache(client, data_dir, reached=self.link.set)

    # -- HallPort ---------------------------------------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self.link.online

    def on_online_change(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        return self.link.subscribe(listener)

    def categories(self) -> list[CategoryInfo]:
        snapshot = self._call(lambda: self.client.fetch("/api/v1/queue", QueueOut))
        found: list[CategoryInfo] = []
        for category in snapshot.categories:
            prefix = category.prefix
            self._names[prefix] = (category.name_zh, category.name_en)
            if prefix == APPOINTMENTS:
                continue
            hours_zh, hours_en = self._hours.get(prefix, ("", ""))
            told = category.model_fields_set  # a hall that says its hours itself wins over the kiosk's config
            found.append(
                CategoryInfo(
                    prefix=prefix,
                    name_zh=category.name_zh,
                    name_en=category.name_en,
                    open=category.open,
                    waiting=category.waiting,
                    hours_zh=category.hours_zh if "hours_zh" in told else hours_zh,
                    hours_en=category.hours_en if "hours_en" in told else hours_en,
                    needs_id=prefix == GREEN_CHANNEL,
                    always_open=category.always_open,
                    opens_at=category.opens_at,
                )
            )
        return found

    def take_number(self, category: str, *, id_number: str | None = None) -> Ticket:
        fields: dict[str, Any] = {"category": category, "channel": "kiosk", "green": category == GREEN_CHANNEL}
        if id_number:
            fields["id_number"] = id_number
        asked = body(TakeNumber, fields)
        answer = self._call(lambda: self.client.send("/api/v1/tickets", asked, TicketOut))
        return self._issue(answer, "take_number")

    def check_in(self, *, code: str | None = None, id_number: str | None = None) -> Ticket:
        asked = body(CheckIn, {key: value for key, value in (("code", code), ("id_number", id_number)) if value})
        answer = self._call(lambda: self.client.send("/api/v1/appointments/check-in", asked, CheckedInOut))
        return self._issue(answer.ticket, "check_in")

    def guide(self) -> Guide:
        return self._catalog.current().guide

    def service_items(self, refresh: bool = True) -> list[ServiceItem]:
        """The catalog's items (the filing wizard takes the fileable ones); the last copy when the hall is away,
        HallUnreachable when there was never one."""
        return list(self._catalog.current(refresh=refresh).items.values())

    def print_guide(self, code: str) -> tuple[bool, Words | None]:
        try:
            item = self._catalog.current(refresh=False).items.get(code)
        except HallUnreachable as error:
            return False, error.message
        if item is None:
            return False, NOT_IN_GUIDE
        outcome = self.printing.print(service_guide(to_service_guide(item), self.paper), code)
        return outcome.printed, outcome.message

    def bad_rating_reasons(self) -> list[str]:
        """The hall's list for citizens (without the pads' 未说明); the last one known when the hall is away."""
        try:
            answer = self.client.fetch("/api/v1/ratings/reasons", ReasonsOut)
        except HallError:
            pass
        else:
            if answer.for_citizens:
                self._reasons = list(answer.for_citizens)
        return [r for r in self._reasons if r != NOT_STATED]

    def rate(self, level: int, reasons: list[str], *, ticket_code: str | None = None) -> None:
        try:
            fields: dict[str, Any] = {"level": level, "channel": "kiosk"}
            if level <= 2:
                fields["reasons"] = list(reasons)
            if ticket_code:
                fields["ticket_code"] = ticket_code
            rating = body(RatingIn, fields)
            with self.store.sessions.begin() as session:
                keep_rating(session, rating)
        except Exception:
            # The citizen is thanked either way; the technician finds this in the log.
            log.exception("rating could not be stored")
            return
        self._on_rated()

    # -- beyond the port: the kiosk's own record of the numbers it gave ------------------------------------
    def recent_tickets(self, limit: int = 20) -> list[Ticket]:
        """The numbers this kiosk took, newest first (to show or reprint after a printer fault or a crash)."""
        with self.store.sessions() as session:
            rows = session.query(IssuedTicket).order_by(IssuedTicket.issued_at.desc()).limit(limit).all()
            return [_ticket(row) for row in rows]

    def reprint(self, ticket_id: str) -> Ticket:
        """Print a stored ticket again; LookupError when this kiosk never issued it."""
        with self.store.sessions() as session:
            row = session.get(IssuedTicket, uuid.UUID(ticket_id))
            if row is None:
                raise LookupError(ticket_id)
        return self._print_ticket(row)

    # -- helpers --------------------------------------------------------------------------------------------
    def _call(self, request: Callable[[], Answer | None]) -> Answer:
        """The request's answer, telling the link; HallUnreachable also for a 204 where an answer was due."""
        try:
            answer = request()
            if answer is None:
                raise HallUnreachable(NO_ANSWER)
        except HallUnreachable as error:
            self.link.lost(str(error.message))
            raise HallUnreachable(PAUSED) from None  # the flows say the function is paused, not why
        except HallRefused:
            self.link.back()
            raise
        self.link.back()
        return answer

    def _issue(self, answer: TicketOut, how: str) -> Ticket:
        category = answer.category
        if category not in self._names:
            with contextlib.suppress(HallUnreachable, HallRefused):  # the number counts more than its category's name
                self.categories()
        name_zh, name_en = self._names.get(category, (category, category))
        row = IssuedTicket(
            id=answer.id,
            number=answer.number,
            category=category,
            category_name_zh=name_zh,
            category_name_en=name_en,
            waiting_ahead=answer.waiting_ahead,
            eta_minutes=answer.eta_minutes,
            issued_at=_aware(answer.issued_at),
            qr_url=answer.qr,
            how=how,
            printed=False,
            print_message="",
        )
        with self.store.sessions.begin() as session:
            session.merge(row)  # stored before printing: a crash or printer fault never loses the number
        log.info("ticket %s issued (%s)", row.number, how)
        return self._print_ticket(row)

    def _print_ticket(self, row: IssuedTicket) -> Ticket:
        slip = TicketSlip(
            hall_name=self.hall_name,
            category_name=row.category_name_zh,
            number=row.number,
            waiting_ahead=row.waiting_ahead,
            estimated_wait_minutes=row.eta_minutes,
            issued_at=row.issued_at,
            qr_payload=row.qr_url,
            help_hotline=self.hotline,
            time_zone=self.zone,
        )
        try:
            outcome = self.printing.print(queue_ticket(slip, self.paper), row.number)
            printed, message = outcome.printed, outcome.message
        except Exception as error:
            log.exception("ticket %s could not be printed", row.number)
            printed = False
            message = Words(
                "凭条未能打印，请记下您的号码", f"the ticket could not be printed; please note your number ({error})"
            )
        stored_message = "" if message is None else str(message)  # the store keeps the line as it is printed
        with self.store.sessions.begin() as session:
            stored = session.get(IssuedTicket, row.id)
            if stored is not None:
                stored.printed, stored.print_message = printed, stored_message
        row.printed, row.print_message = printed, stored_message
        return _ticket(row, message)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ticket(row: IssuedTicket, message: Words | None = None) -> Ticket:
    """The port's Ticket from a stored row; `message` as just made, else the stored line split into its halves
    (the store keeps it joined, as the technician reads it)."""
    if message is None and row.print_message:
        message = Words.parse(row.print_message)
    return Ticket(
        id=str(row.id),
        number=row.number,
        category=row.category,
        category_name_zh=row.category_name_zh,
        category_name_en=row.category_name_en,
        waiting_ahead=row.waiting_ahead,
        eta_minutes=row.eta_minutes,
        issued_at=row.issued_at,
        qr_url=row.qr_url,
        printed=row.printed,
        print_message=message,
    )
