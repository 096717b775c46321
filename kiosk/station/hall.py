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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from common.hallapi.appointments import CheckedInOut, CheckIn
from common.hallapi.catalog import ServiceItem, to_service_guide
from common.hallapi.queue import QueueOut, TakeNumber, TicketOut
from common.hallapi.ratings import RatedTicketOut, RatingIn, ReasonsOut
from common.settings.models import DEFAULT_BAD_RATING_REASONS, DEFAULT_REASONS_EN, NOT_STATED
from common.settings.public import phones_cannot_reach
from devices.printer import Document, PaperSpec
from devices.words import Language, Words
from kiosk.hallclient import HallClient, HallError, HallRefused, HallUnreachable
from kiosk.hallclient.base import body
from kiosk.hallclient.link import HallLink
from kiosk.hallclient.ratings import keep_rating
from kiosk.printing.jobs import PrintOutcome
from kiosk.printing.templates import TicketSlip, queue_ticket, service_guide
from kiosk.station.guide import CatalogCache
from kiosk.station.ports import CategoryInfo, Guide, RatedTicket, Ticket
from kiosk.store import IssuedTicket, Store
from kiosk.store.faults import store_fault

log = logging.getLogger(__name__)
Answer = TypeVar("Answer", bound=BaseModel)

PAUSED = Words(
    "本机暂时连不上大厅的系统，此功能暂停", "this kiosk cannot reach the hall's system; this is paused for now"
)
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
        bad_rating_reasons: Sequence[str | Words] = DEFAULT_BAD_RATING_REASONS,
        on_rated: Callable[[], None] | None = None,
        link: HallLink | None = None,
        hall_name_en: str = "",
    ) -> None:
        self.client, self.store, self.printing = client, store, printing
        self.paper, self.hall_name, self.hotline, self.zone = paper, hall_name, hotline, zone
        self.link = link or HallLink()
        self._hours = dict(hours or {})
        self._reasons = [_reason(r) for r in bad_rating_reasons]
        self._on_rated = on_rated or (lambda: None)
        self.hall_name_en = hall_name_en  # "" when the config has no English name: English tickets print Chinese
        self._names: dict[str, tuple[str, str]] = {}
        self._unkept: list[IssuedTicket] = []  # issued while the store refused writes (locked, full)
        self._unkept_ratings: list[RatingIn] = []
        self._areas: dict[str, tuple[str, str]] = {}  # where each category's numbers wait, as the hall says
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
            self._areas[prefix] = (category.area_zh, category.area_en)
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
                    area_zh=category.area_zh,
                    area_en=category.area_en,
                )
            )
        return found

    def take_number(self, category: str, *, id_number: str | None = None, language: Language = "zh_CN") -> Ticket:
        fields: dict[str, Any] = {"category": category, "channel": "kiosk", "green": category == GREEN_CHANNEL}
        if id_number:
            fields["id_number"] = id_number
        asked = body(TakeNumber, fields)
        answer = self._call(lambda: self.client.send("/api/v1/tickets", asked, TicketOut))
        return self._issue(answer, "take_number", language)

    def check_in(
        self, *, code: str | None = None, id_number: str | None = None, language: Language = "zh_CN"
    ) -> Ticket:
        asked = body(CheckIn, {key: value for key, value in (("code", code), ("id_number", id_number)) if value})
        answer = self._call(lambda: self.client.send("/api/v1/appointments/check-in", asked, CheckedInOut))
        return self._issue(answer.ticket, "check_in", language)

    def guide(self) -> Guide:
        return self._catalog.current().guide

    def service_items(self, refresh: bool = True) -> list[ServiceItem]:
        """The catalog's items (the filing wizard takes the fileable ones); the last copy when the hall is away,
        HallUnreachable when there was never one."""
        return list(self._catalog.current(refresh=refresh).items.values())

    def print_guide(self, code: str, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        try:
            item = self._catalog.current(refresh=False).items.get(code)
        except HallUnreachable as error:
            return False, error.message
        if item is None:
            return False, NOT_IN_GUIDE
        outcome = self.printing.print(service_guide(to_service_guide(item), self.paper, language), code)
        return outcome.printed, outcome.message

    def bad_rating_reasons(self) -> list[Words]:
        """The hall's list for citizens (without the pads' 未说明), each with its English where the hall gives it;
        the last one known when the hall is away."""
        try:
            answer = self.client.fetch("/api/v1/ratings/reasons", ReasonsOut)
        except HallError:
            pass
        else:
            if answer.choices:
                self._reasons = [Words(c.text, c.text_en or c.text) for c in answer.choices]
            elif answer.for_citizens:  # a hall from before the reasons had English
                self._reasons = [_reason(r) for r in answer.for_citizens]
        return [r for r in self._reasons if r.zh != NOT_STATED]

    def rated_ticket(self, ticket_code: str) -> RatedTicket | None:
        try:
            answer = self.client.fetch(f"/api/v1/ratings/ticket/{ticket_code}", RatedTicketOut)
        except HallError as error:
            log.info("the rated ticket is not known here: %s", error)
            return None
        window = Words(
            answer.window_name or f"{answer.window}号窗口", answer.window_name_en or f"Window {answer.window}"
        )
        return RatedTicket(
            number=answer.number,
            category=Words(answer.category_name_zh, answer.category_name_en),
            window=window if answer.window is not None else None,
            staff=answer.staff,
            served=answer.served,
            rated=answer.rated,
        )

    def rate(self, level: int, reasons: list[str], *, ticket_code: str | None = None) -> None:
        try:
            fields: dict[str, Any] = {"level": level, "channel": "kiosk"}
            if level <= 2:
                fields["reasons"] = list(reasons)
            if ticket_code:
                fields["ticket_code"] = ticket_code
            rating = body(RatingIn, fields)
            try:
                self._keep(lambda session: keep_rating(session, rating))
            except (OSError, SQLAlchemyError) as error:
                log.error("rating not stored yet (%s)", store_fault(error))
                self._unkept_ratings.append(rating)
                return
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
            return [self._ticket(row) for row in rows]

    def reprint(self, ticket_id: str) -> Ticket:
        """Print a stored ticket again (in Chinese: the store keeps no language); LookupError when this kiosk never
        issued it."""
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

    def _issue(self, answer: TicketOut, how: str, language: Language = "zh_CN") -> Ticket:
        category = answer.category
        if category not in self._names or category not in self._areas:
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
        kept = True
        try:
            self._keep(lambda session: session.merge(row))  # before printing: a crash or printer fault never loses it
        except (OSError, SQLAlchemyError) as error:  # the hall holds it: the citizen still gets the number
            log.error("ticket %s issued but not kept here yet (%s)", row.number, store_fault(error))
            self._unkept.append(row)
            kept = False
        log.info("ticket %s issued (%s)", row.number, how)
        return self._print_ticket(row, language, kept=kept)

    def _keep(self, write: Callable[[Session], object]) -> None:
        """``write`` in one transaction with what the store refused before (locked, full), which is kept at last
        (tickets as printed); raises what the store raised, and then everything waits for the next write."""
        tickets, ratings = list(self._unkept), list(self._unkept_ratings)
        with self.store.sessions.begin() as session:
            write(session)
            for ticket in tickets:
                session.merge(ticket)
            for rating in ratings:
                keep_rating(session, rating)
        del self._unkept[: len(tickets)], self._unkept_ratings[: len(ratings)]

    def _ticket(self, row: IssuedTicket, message: Words | None = None) -> Ticket:
        return _ticket(row, message, area=self._areas.get(row.category, ("", "")))

    def _print_ticket(self, row: IssuedTicket, language: Language = "zh_CN", *, kept: bool = True) -> Ticket:
        english = language == "en"
        area_zh, area_en = self._areas.get(row.category, ("", ""))
        slip = TicketSlip(
            hall_name=(self.hall_name_en or self.hall_name) if english else self.hall_name,
            category_name=(row.category_name_en or row.category_name_zh) if english else row.category_name_zh,
            number=row.number,
            waiting_ahead=row.waiting_ahead,
            estimated_wait_minutes=row.eta_minutes,
            issued_at=row.issued_at,
            qr_payload="" if phones_cannot_reach(row.qr_url) else row.qr_url,  # no QR no phone can open
            help_hotline=self.hotline,
            time_zone=self.zone,
            area=(area_en or area_zh) if english else area_zh,
            language=language,
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
        if kept:
            with self.store.sessions.begin() as session:
                stored = session.get(IssuedTicket, row.id)
                if stored is not None:
                    stored.printed, stored.print_message = printed, stored_message
        row.printed, row.print_message = printed, stored_message
        return self._ticket(row, message)


def _reason(reason: str | Words) -> Words:
    """A reason from the config (Chinese) with the default list's English when it is one of those."""
    if isinstance(reason, Words):
        return reason
    return Words(reason, DEFAULT_REASONS_EN.get(reason) or reason)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ticket(row: IssuedTicket, message: Words | None = None, *, area: tuple[str, str] = ("", "")) -> Ticket:
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
        area_zh=area[0],
        area_en=area[1],
        has_qr=not phones_cannot_reach(row.qr_url),
    )
