"""电子监察's rules: what in the hall deserves a yellow (临期, severity ``warning``) or a red (逾期, ``critical``)
warning right now. Each rule reads only what can be open now, by an index: open filings (status), today's waiting
tickets (service day, status), paused windows, open follow-ups due soon (status, due date). ``hall/supervision.py``
turns the findings into standing alerts.

The messages name the threshold passed, not a running count ("waited over 30 minutes"), so a warning's row is
written when it appears, turns red or ends, not at every sweep; the page shows since when."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common.hallapi.payments import Severity
from common.settings.models import HallConfig
from devices.words import Words
from hall.calendar import is_open, service_day
from hall.catalog import Catalog
from hall.deadlines import OPEN_STATUSES, Calendar, Level, Limit, filing_limits, hall_calendar
from hall.filings import Filing, FilingEvent
from hall.models import Ticket, TicketStatus, WindowState
from hall.ratings import FollowUp, FollowUpStatus

FILING_PROMISED = "supervision.filing_promised"
FILING_STATUTORY = "supervision.filing_statutory"
TICKET_WAIT = "supervision.ticket_wait"
WINDOW_PAUSED = "supervision.window_paused"
FOLLOW_UP = "supervision.follow_up"
KINDS = (FILING_PROMISED, FILING_STATUTORY, TICKET_WAIT, WINDOW_PAUSED, FOLLOW_UP)
KIND_WORDS = {
    FILING_PROMISED: ("承诺时限", "Promised time limit"),
    FILING_STATUTORY: ("法定时限", "Statutory time limit"),
    TICKET_WAIT: ("等候时间", "Waiting time"),
    WINDOW_PAUSED: ("窗口暂停", "Window paused"),
    FOLLOW_UP: ("差评回访", "Bad-rating follow-up"),
}
CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Finding:
    """One condition that deserves a warning now."""

    kind: str
    subject: str
    severity: Severity
    words: Words


def _severity(red: bool) -> Severity:
    return "critical" if red else "warning"


class Rules:
    """The rules of one hall: its thresholds ([supervision]), calendar ([ratings]), catalog and windows."""

    def __init__(self, config: HallConfig, catalog: Catalog) -> None:
        self.config, self.catalog = config, catalog
        self.section = config.supervision
        self.zone = ZoneInfo(config.hall.timezone)
        self.calendar: Calendar = hall_calendar(config.ratings.holidays, config.ratings.makeup_workdays)
        self.categories = {c.prefix: c for c in config.categories}
        self.windows = {w.number: w for w in config.windows}

    def findings(self, session: Session, now: datetime) -> list[Finding]:
        today = service_day(now, self.zone)
        return [
            *self.filings(session, today),
            *self.tickets(session, now, today),
            *self.paused_windows(session, now),
            *self.follow_ups(session, today),
        ]

    # -- filings near or past their promised and statutory limits ----------------------------------------------
    def filings(self, session: Session, today: date) -> Iterable[Finding]:
        columns = (Filing.id, Filing.number, Filing.item_code, Filing.status, Filing.received_at)
        open_ = session.execute(select(*columns).where(Filing.status.in_(sorted(OPEN_STATUSES)))).all()
        accepted = self._accepted(session, [row.id for row in open_])
        for row in open_:
            item = self.catalog.get(row.item_code)
            if item is None:
                continue  # withdrawn from the catalog: no limits to count (the workbench flags it)
            accepted_at = accepted.get(row.id)
            limits = filing_limits(
                status=row.status,
                received=service_day(row.received_at, self.zone),
                accepted=service_day(accepted_at, self.zone) if accepted_at is not None else None,
                promised_days=item.promised_days,
                statutory_days=item.statutory_days,
                today=today,
                calendar=self.calendar,
                warn_days=self.section.filing_warn_days,
            )
            for kind, limit in ((FILING_PROMISED, limits.promised), (FILING_STATUTORY, limits.statutory)):
                if limit.level in (Level.YELLOW, Level.RED):
                    words = _limit_words(kind, row.number, item.name, item.code, limit)
                    yield Finding(kind, row.number, _severity(limit.level is Level.RED), words)

    def _accepted(self, session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        """When each filing was first accepted (受理), from its trail (indexed by filing)."""
        found: dict[uuid.UUID, datetime] = {}
        for start in range(0, len(ids), CHUNK):
            query = (
                select(FilingEvent.filing_id, func.min(FilingEvent.at))
                .where(FilingEvent.filing_id.in_(ids[start : start + CHUNK]), FilingEvent.action == "accept")
                .group_by(FilingEvent.filing_id)
            )
            for filing_id, first in session.execute(query):
                found[filing_id] = first
        return found

    # -- tickets waiting too long (today's only) ----------------------------------------------------------------
    def tickets(self, session: Session, now: datetime, today: date) -> Iterable[Finding]:
        yellow, red = self.section.ticket_wait_yellow_minutes, self.section.ticket_wait_red_minutes
        query = select(Ticket.number, Ticket.category, Ticket.issued_at).where(
            Ticket.service_day == today, Ticket.status == TicketStatus.WAITING.value, Ticket.issued_at <= now
        )
        for number, category, issued_at in session.execute(query):
            waited = (now - issued_at).total_seconds() / 60
            if waited < yellow:
                continue
            over = red if waited >= red else yellow
            section = self.categories.get(category)
            name = (section.name_zh, section.name_en) if section else (category, category)
            words = Words(
                f"{number}（{name[0]}）等候已超过 {over} 分钟",
                f"Ticket {number} ({name[1]}) has waited over {over} minutes",
            )
            yield Finding(TICKET_WAIT, f"{today.isoformat()} {number}", _severity(waited >= red), words)

    # -- windows paused too long while their categories are open ------------------------------------------------
    def paused_windows(self, session: Session, now: datetime) -> Iterable[Finding]:
        yellow, red = self.section.window_paused_yellow_minutes, self.section.window_paused_red_minutes
        query = select(WindowState.number, WindowState.paused_at).where(WindowState.paused.is_(True))
        for number, paused_at in session.execute(query):
            window = self.windows.get(number)
            if window is None or paused_at is None:
                continue
            if not any(c in self.categories and is_open(self.categories[c], now, self.zone) for c in window.categories):
                continue  # outside its hours a paused window keeps nobody waiting
            paused = (now - paused_at).total_seconds() / 60
            if paused < yellow:
                continue
            over = red if paused >= red else yellow
            name_en = window.name_en or f"Window {number}"
            words = Words(f"{window.name}已暂停超过 {over} 分钟", f"{name_en} has been paused over {over} minutes")
            yield Finding(WINDOW_PAUSED, str(number), _severity(paused >= red), words)

    # -- bad ratings' follow-ups near or past their due day -----------------------------------------------------
    def follow_ups(self, session: Session, today: date) -> Iterable[Finding]:
        warn = self.section.follow_up_warn_days
        horizon = today + timedelta(days=3 * warn + 14)  # past any day with ``warn`` working days or fewer left
        query = select(FollowUp.rating_id, FollowUp.due_date).where(
            FollowUp.status == FollowUpStatus.OPEN.value, FollowUp.due_date <= horizon
        )
        for rating_id, due in session.execute(query):
            late = today > due
            left = self.calendar.left(today, due)
            if not late and left > warn:
                continue
            if late:
                words = Words(
                    f"差评回访已逾期（应于 {due.isoformat()} 前完成）",
                    f"The follow-up of a bad rating was due {due.isoformat()}",
                )
            else:
                words = Words(
                    f"差评回访临期：应于 {due.isoformat()} 前完成",
                    f"The follow-up of a bad rating is due {due.isoformat()}",
                )
            yield Finding(FOLLOW_UP, str(rating_id), _severity(late), words)


def _limit_words(kind: str, number: str, item_name: str, item_code: str, limit: Limit) -> Words:
    what_zh, what_en = KIND_WORDS[kind]
    due = limit.due.isoformat()
    if limit.level is Level.RED:
        return Words(
            f"申报 {number}（{item_name}）{what_zh}已逾期（{due} 到期）",
            f"Filing {number} ({item_code}) is past its {what_en.lower()} (due {due})",
        )
    return Words(
        f"申报 {number}（{item_name}）{what_zh}临期：{due} 到期",
        f"Filing {number} ({item_code}) is near its {what_en.lower()}: due {due}",
    )
