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
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from common.hallapi.catalog import to_service_guide
from common.hallapi.ratings import RatingIn
from common.settings.models import DEFAULT_BAD_RATING_REASONS, NOT_STATED
from devices.printer import Document, PaperSpec
from kiosk.hallclient import HallClient, HallError, HallRefused, HallUnreachable
from kiosk.hallclient.link import HallLink
from kiosk.hallclient.ratings import keep_rating
from kiosk.printing.jobs import PrintOutcome
from kiosk.printing.templates import TicketSlip, queue_ticket, service_guide
from kiosk.station.guide import CatalogCache
from kiosk.station.ports import CategoryInfo, Guide, Ticket
from kiosk.store import IssuedTicket, Store

log = logging.getLogger(__name__)

PAUSED = "大厅服务暂时无法连接，此功能暂停 / the hall cannot be reached; this function is paused"
NOT_IN_GUIDE = "没有这个事项 / no such service item"
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
        snapshot = self._call(lambda: self.client.get("/api/v1/queue"))
        found: list[CategoryInfo] = []
        for raw in snapshot.get("categories", []):
            prefix = str(raw["prefix"])
            self._names[prefix] = (str(raw["name_zh"]), str(raw["name_en"]))
            if prefix == APPOINTMENTS:
                continue
            hours_zh, hours_en = self._hours.get(prefix, ("", ""))
            found.append(
                CategoryInfo(
                    prefix=prefix,
                    name_zh=str(raw["name_zh"]),
                    name_en=str(raw["name_en"]),
                    open=bool(raw["open"]),
                    waiting=int(raw["waiting"]),
                    hours_zh=str(raw.get("hours_zh", hours_zh)),  # a later API may say them itself
                    hours_en=str(raw.get("hours_en", hours_en)),
                    needs_id=prefix == GREEN_CHANNEL,
                )
            )
        return found

    def take_number(self, category: str, *, id_number: str | None = None) -> Ticket:
        body: dict[str, Any] = {"category": category, "channel": "kiosk", "green": category == GREEN_CHANNEL}
        if id_number:
            body["id_number"] = id_number
        answer = self._call(lambda: self.client.post("/api/v1/tickets", body))
        return self._issue(answer or {}, "take_number")

    def check_in(self, *, code: str | None = None, id_number: str | None = None) -> Ticket:
        body = {key: value for key, value in (("code", code), ("id_number", id_number)) if value}
        answer = self._call(lambda: self.client.post("/api/v1/appointments/check-in", body)) or {}
        return self._issue(answer.get("ticket") or {}, "check_in")

    def guide(self) -> Guide:
        return self._catalog.current().guide

    def print_guide(self, code: str) -> tuple[bool, str]:
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
            answer = self.client.get("/api/v1/ratings/reasons")
        except HallError:
            pass
        else:
            reasons = [str(r) for r in answer.get("for_citizens", []) if isinstance(r, str)]
            if reasons:
                self._reasons = reasons
        return [r for r in self._reasons if r != NOT_STATED]

    def rate(self, level: int, reasons: list[str], *, ticket_id: str | None = None) -> None:
        try:
            fields: dict[str, Any] = {"level": level, "channel": "kiosk"}
            if level <= 2:
                fields["reasons"] = list(reasons)
            if ticket_id:
                fields["ticket_id"] = ticket_id
            rating = RatingIn.model_validate(fields)
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
    def _call(self, request: Callable[[], dict[str, Any] | None]) -> Any:
        try:
            answer = request()
        except HallUnreachable as error:
            self.link.lost(error.message)
            raise HallUnreachable(PAUSED) from None  # the flows say the function is paused, not why
        except HallRefused:
            self.link.back()
            raise
        self.link.back()
        return answer

    def _issue(self, answer: dict[str, Any], how: str) -> Ticket:
        category = str(answer["category"])
        if category not in self._names:
            with contextlib.suppress(HallUnreachable, HallRefused):  # the number counts more than its category's name
                self.categories()
        name_zh, name_en = self._names.get(category, (category, category))
        row = IssuedTicket(
            id=uuid.UUID(str(answer["id"])),
            number=str(answer["number"]),
            category=category,
            category_name_zh=name_zh,
            category_name_en=name_en,
            waiting_ahead=int(answer.get("waiting_ahead", 0)),
            eta_minutes=int(answer.get("eta_minutes", 0)),
            issued_at=_aware(str(answer["issued_at"])),
            qr_url=str(answer.get("qr", "")),
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
            message = (
                f"凭条未能打印，请记下您的号码 / the ticket could not be printed; please note your number ({error})"
            )
        with self.store.sessions.begin() as session:
            stored = session.get(IssuedTicket, row.id)
            if stored is not None:
                stored.printed, stored.print_message = printed, message
        row.printed, row.print_message = printed, message
        return _ticket(row)


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ticket(row: IssuedTicket) -> Ticket:
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
        print_message=row.print_message,
    )
