"""A believable day in an empty hall database, for trying the staff's and supervisors' pages and for their
screenshots (``kiosk hall web-demo``, devtools/hall_web_shots.py): the past working days' served and rated
tickets, filings in every status (some near and past their deadlines, with a photo and a scan attached), bad
ratings with follow-ups open, overdue and closed, and today's queue up to ``end``: tickets waiting, windows
serving, one missed, one window paused. Everything goes through the hall's own code (QueueEngine, its filing API
as a kiosk and a staff member reach it, RatingBook) with the hall's clock moved to each moment in turn."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from hall.calendar import service_day
from hall.catalog import Catalog, catalog_dir, load_catalog
from hall.deadlines import hall_calendar
from hall.demo_filings import APPLICANTS, KIOSK, DemoFilings, PlannedFiling, id_number, test_client
from hall.filings import Filing
from hall.models import Ticket
from hall.queue import QueueError
from hall.ratings import NewRating, Rating, RatingBook
from hall.server import Hall
from hall.tokens import Role, TokenError, create_token, revoke_token
from hall.webui.queue_overview import queue_overview

STAFF_TOKEN = "staff-1002"  # [[web.staff]] in the shipped hall.toml: window 2, the social insurance items
SUPERVISOR_TOKEN = "supervisor-demo"
KIOSK_TOKEN = "web-demo-kiosk"  # files as kiosk-01; revoked when the demo is done
PAST_DAYS = 8
PAST_TICKETS = (  # (category, window, local time taken) each past day
    ("A", 2, time(9, 10)),
    ("A", 1, time(9, 45)),
    ("B", 3, time(10, 20)),
    ("V", 1, time(10, 55)),
    ("Y", 3, time(11, 25)),
    ("A", 2, time(14, 5)),
)
LEVELS = (5, 5, 4, 5, 5, 3, 5, 4, 5, 2, 5, 5, 4, 5, 1, 5)
BAD = {
    2: (("办理时间过长",), "等了一个多小时才轮到，希望多开窗口"),
    1: (("工作人员态度不好", "需要多次跑动"), "<b>材料</b>第一次没说清楚，又跑了一趟"),
}
GOOD_COMMENTS = {3: "一般，还可以更快", 4: "", 5: "办事很快，态度好"}
TODAY = (  # minutes before ``end``, and what happens
    (95, "take", "A"), (92, "call", 1), (88, "take", "B"), (86, "call", 3), (80, "take", "A"), (72, "take", "V"),
    (70, "call", 1), (66, "take", "A"), (62, "call", 2), (58, "take", "Y"), (51, "take", "B"), (50, "call", 3),
    (45, "take", "A"), (41, "no_show", 2), (39, "call", 2), (38, "take", "A"), (31, "take", "B"), (30, "call", 1),
    (26, "take", "A"), (22, "call", 3), (19, "take", "S"), (14, "take", "A"), (13, "complete", 3), (12, "pause", 3),
    (9, "take", "B"), (8, "call", 1), (6, "take", "A"), (5, "call", 2), (3, "take", "Y"),
)  # fmt: skip
TODAY_LEVELS = (5, 4, 2)
SOCIAL = "339900-002-"
FILINGS = (
    PlannedFiling("339900-001-QR-00201-001", 1, 21, attachments=True),  # last night at the kiosk
    PlannedFiling("339900-001-GG-00301-001", 3, 10, attachments=True),  # past its promised day
    PlannedFiling(
        "339900-005-GG-00301-001",
        2,
        11,
        extra=(("scope", "指定坐落的不动产"), ("location", "<script>alert('坐落')</script>民心路100号")),
    ),
    PlannedFiling(SOCIAL + "GG-00201-001", 2, 15, (("accept", 1, None),), attachments=True),
    PlannedFiling(SOCIAL + "JF-00401-001", 6, 11, (("accept", 2, None),)),  # accepted, past its promised days
    PlannedFiling("339900-007-JF-00201-001", 8, 16, (("accept", 18, None),)),  # 20 days promised: plenty left
    PlannedFiling(
        "339900-003-GG-00102-001",
        4,
        9,
        (
            (
                "request-materials",
                3,
                {"materials": [], "note": "租赁合同请补充出租人签字页 / add the lessor's signed page"},
            ),
        ),
        attachments=True,
    ),
    PlannedFiling(
        "339900-004-XK-00101-001",
        5,
        14,
        (("reject", 20, {"reason": "经营场所证明与申请地址不一致，请核实后重新申报"}),),
    ),
    PlannedFiling(SOCIAL + "GG-00101-002", 7, 10, (("accept", 1, None), ("approve", 5, None), ("result", 6, None))),
    PlannedFiling("339900-006-QT-00201-001", 1, 10, (("accept", 1, None), ("approve", 2, None))),
)


class DemoClock:
    """The hall's clock during the demo: held at each moment in turn."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment


class DemoRefused(Exception):
    """The database already holds a hall's day: the demo never mixes its data with real data."""


@dataclass
class DemoSummary:
    waiting: int = 0
    serving: int = 0
    completed_today: int = 0
    missed_today: int = 0
    paused_windows: list[int] = field(default_factory=list)
    skipped_closed: int = 0  # today's tickets not taken: their category was closed at that time
    tickets_before: int = 0
    filings: dict[str, int] = field(default_factory=dict)
    attachments: int = 0
    ratings: dict[int, int] = field(default_factory=dict)
    follow_ups_closed: int = 0
    tokens: dict[str, str] = field(default_factory=dict)


def ensure_empty(hall: Hall) -> None:
    with hall.sessions() as session:
        held = sum(int(session.scalar(select(func.count()).select_from(t)) or 0) for t in (Ticket, Filing, Rating))
    if held:
        raise DemoRefused(
            "数据库中已有号票、申报或评价，演示数据只能写入空的大厅数据库 / the database already holds tickets, "
            "filings or ratings: the demo day goes into an empty hall database only (use a new --db)"
        )


def working_days_before(hall: Hall, end: date, count: int) -> list[date]:
    """The ``count`` working days before ``end``, latest first."""
    ratings = hall.config.ratings
    calendar = hall_calendar(ratings.holidays, ratings.makeup_workdays)
    days: list[date] = []
    day = end
    while len(days) < count:
        day -= timedelta(days=1)
        if calendar.working(day):
            days.append(day)
    return days


def fill_demo_day(hall: Hall, clock: DemoClock, end: datetime) -> DemoSummary:
    """Fill the empty database of ``hall`` (built with ``clock``) with the demo, up to ``end`` (aware)."""
    ensure_empty(hall)
    zone = hall.queue.zone
    end = end.astimezone(zone)
    summary = DemoSummary()
    days = working_days_before(hall, end.date(), PAST_DAYS)
    book = RatingBook(hall.queue, hall.config.ratings)
    summary.tokens = _tokens(hall, summary)
    kiosk = create_token(hall.sessions, KIOSK_TOKEN, Role.KIOSK, source=KIOSK)
    try:
        _past_tickets(hall, clock, book, days, summary)
        catalog: Catalog = getattr(hall.app.state, "catalog", None) or load_catalog(catalog_dir(hall.config))
        staff = _staff_auth(hall, summary)
        with test_client(hall.app) as client:
            desk = DemoFilings(client, catalog, {"Authorization": f"Bearer {kiosk}"}, staff, clock.set)
            for index, planned in enumerate(FILINGS):
                at = datetime.combine(days[planned.days_back - 1], time(planned.hour), zone)
                applicant = APPLICANTS[index % len(APPLICANTS)]
                filed = desk.file(planned, at, (applicant[0], id_number(applicant[1])))
                summary.filings[filed["status"]] = summary.filings.get(filed["status"], 0) + 1
                summary.attachments += 2 if planned.attachments else 0
                if filed["status"] == "completed":
                    level = 5 if index % 2 else 2
                    clock.set(at + timedelta(days=1))
                    _rate(book, summary, level, filing_id=filed["number"], item_code=planned.item, channel="kiosk")
        _today(hall, clock, book, end, summary)
    finally:
        revoke_token(hall.sessions, KIOSK_TOKEN)
    overview = queue_overview(hall.queue)
    summary.waiting, summary.serving = overview.waiting, overview.serving
    summary.completed_today, summary.missed_today = overview.completed, overview.missed
    summary.paused_windows = [w.number for w in overview.windows if w.state == "paused"]
    return summary


def _tokens(hall: Hall, summary: DemoSummary) -> dict[str, str]:
    made = {}
    for name, role in ((STAFF_TOKEN, Role.STAFF), (SUPERVISOR_TOKEN, Role.SUPERVISOR)):
        try:
            made[name] = create_token(hall.sessions, name, role)
        except TokenError:
            made[name] = ""  # it exists already: its holder keeps it
    return made


def _staff_auth(hall: Hall, summary: DemoSummary) -> dict[str, str]:
    token = summary.tokens.get(STAFF_TOKEN) or create_token(hall.sessions, "web-demo-staff", Role.STAFF)
    return {"Authorization": f"Bearer {token}"}


def _past_tickets(hall: Hall, clock: DemoClock, book: RatingBook, days: list[date], summary: DemoSummary) -> None:
    queue, rated, zone = hall.queue, 0, hall.queue.zone
    for day in reversed(days):
        for category, window, taken in PAST_TICKETS:
            start = datetime.combine(day, taken, zone)
            clock.set(start)
            queue.take_number(category, "kiosk")
            clock.set(start + timedelta(minutes=4))
            ticket = queue.call_next(window)
            clock.set(start + timedelta(minutes=16))
            queue.complete(window)
            summary.tickets_before += 1
            if ticket is None:
                continue
            clock.set(start + timedelta(minutes=17))
            staff = next((w.staff for w in hall.config.windows if w.number == window), "") or None
            rating = _rate(book, summary, LEVELS[rated % len(LEVELS)], ticket_id=ticket.id, window=window, staff=staff)
            rated += 1
            if rating.follow_up is not None and not summary.follow_ups_closed:
                clock.set(start + timedelta(days=1))
                book.close_follow_up(rating.follow_up.id, "已电话回访，向群众致歉并说明一次性告知清单 / called back")
                summary.follow_ups_closed += 1


def _rate(book: RatingBook, summary: DemoSummary, level: int, channel: str = "pad", **subject: Any) -> Any:
    reasons, comment = BAD.get(level, ((), GOOD_COMMENTS.get(level, "")))
    summary.ratings[level] = summary.ratings.get(level, 0) + 1
    new = NewRating(level=level, channel=channel, reasons=reasons, comment=comment or None, **subject)
    return book.rate(new)


def _today(hall: Hall, clock: DemoClock, book: RatingBook, end: datetime, summary: DemoSummary) -> None:
    queue = hall.queue
    for minutes, action, what in TODAY:
        clock.set(end - timedelta(minutes=minutes))
        try:
            if action == "take":
                queue.take_number(str(what), "kiosk")
            elif action == "call":
                queue.call_next(int(what))
            elif action == "complete":
                queue.complete(int(what))
            elif action == "no_show":
                queue.no_show(int(what))
            elif action == "pause":
                queue.pause(int(what), True)
        except QueueError as refused:
            if refused.code not in {"category_closed", "window_paused"}:
                raise
            summary.skipped_closed += action == "take"
    served = select(Ticket).where(
        Ticket.service_day == service_day(end, queue.zone), Ticket.status == "completed"
    )  # rated at the windows' pads as each left: a good day, and one bad rating to follow up
    with hall.sessions() as session:
        done = list(session.scalars(served.order_by(Ticket.finished_at).limit(len(TODAY_LEVELS))))
    for ticket, level in zip(done, TODAY_LEVELS, strict=False):
        clock.set(ticket.finished_at or end)
        _rate(book, summary, level, ticket_id=ticket.id)
    clock.set(end)


def describe(summary: DemoSummary) -> list[str]:
    """The summary as lines for a person."""
    statuses = ", ".join(f"{status} {count}" for status, count in sorted(summary.filings.items()))
    levels = ", ".join(f"{level}★ {count}" for level, count in sorted(Counter(summary.ratings).items()))
    lines = [
        f"今日排队 today: {summary.waiting} waiting, {summary.serving} being served, "
        f"{summary.completed_today} served, {summary.missed_today} missed, paused windows {summary.paused_windows}",
        f"此前 {PAST_DAYS} 个工作日 the {PAST_DAYS} working days before: {summary.tickets_before} tickets served",
        f"申报 filings: {statuses}; {summary.attachments} attachments",
        f"评价 ratings: {levels}; {summary.follow_ups_closed} follow-up closed",
    ]
    if summary.skipped_closed:
        lines.append(f"{summary.skipped_closed} of today's tickets were not taken: their category was closed then")
    return lines
