"""Tables of the hall database. Numbering lives here (a counter row per category and service day), not in memory."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.dbtypes import UtcDateTime


class HallBase(DeclarativeBase):
    pass


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"  # called to a window and being served
    COMPLETED = "completed"
    MISSED = "missed"  # no-show, or still waiting when the service day ended
    CANCELLED = "cancelled"  # the citizen gave up the place while waiting (放弃排队, on the ticket's phone page)


class NumberCounter(HallBase):
    """The last sequence issued per category and service day; incremented atomically, never computed as max+1."""

    __tablename__ = "number_counter"

    category: Mapped[str] = mapped_column(String(1), primary_key=True)
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class Ticket(HallBase):
    __tablename__ = "ticket"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(1))  # where it waits now (changes on transfer)
    issued_category: Mapped[str] = mapped_column(String(1))
    service_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=TicketStatus.WAITING)
    channel: Mapped[str] = mapped_column(String(12))
    green: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    transferred: Mapped[bool] = mapped_column(Boolean, default=False)
    appointment: Mapped[bool] = mapped_column(Boolean, default=False)
    target_window: Mapped[int | None] = mapped_column(Integer, default=None)
    id_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    window: Mapped[int | None] = mapped_column(Integer, default=None)
    recalls: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ux_ticket_number", "service_day", "issued_category", "seq", unique=True),
        Index("ix_ticket_queue", "service_day", "status", "category"),
        Index("ix_ticket_recent_services", "category", "status", "finished_at"),  # the wait estimate's read
        # One waiting ticket per ID card per category, enforced by the database even under concurrent kiosks.
        Index(
            "ux_ticket_waiting_id",
            "id_hash",
            "category",
            unique=True,
            sqlite_where=text("status = 'waiting' AND id_hash IS NOT NULL"),
            postgresql_where=text("status = 'waiting' AND id_hash IS NOT NULL"),
        ),
    )


class WindowState(HallBase):
    __tablename__ = "window_state"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)  # 电子监察: paused since when


class ApiToken(HallBase):
    """A bearer token: only its hash is kept; the token itself is shown once when it is made."""

    __tablename__ = "api_token"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    # The source a kiosk, pads or display token reports devices for; None for other roles (and for such a token
    # made before sources were bound: it is bound to the first source it reports, hall/fleet_api.py).
    source: Mapped[str | None] = mapped_column(String(64), default=None)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class HallSetting(HallBase):
    """Hall-wide values every server process must share, such as the key of the ID-number hashes."""

    __tablename__ = "hall_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class HallEvent(HallBase):
    """What displays and kiosks follow live: calls, recalls, issued tickets, waiting counts.

    Written in the same transaction as the change it describes, so every server process streams the same events
    in the same order (the id), and a client that reconnects resumes from the last id it saw.
    """

    __tablename__ = "hall_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEntry(HallBase):
    """One action of a person (staff, supervisor, an administrator at the command line): who, when, what, from
    where, and how it ended. Append-only: the database refuses UPDATE and DELETE (migration 0011), and each entry's
    hash covers the entry before it (common/auditchain.py), so ``kiosk hall audit verify`` finds one removed."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1, 2, 3... no gaps
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))  # the token's name, or the OS user of a CLI command
    role: Mapped[str] = mapped_column(String(16))  # staff, supervisor, cli
    action: Mapped[str] = mapped_column(String(64))  # a stable code: window.call, ticket.pin, token.create...
    target: Mapped[str] = mapped_column(String(200))  # the ids acted on, "window=3"
    detail: Mapped[str] = mapped_column(Text)  # short canonical JSON, ID numbers masked
    address: Mapped[str] = mapped_column(String(200))  # the client's address, or "cli:<host>"
    outcome: Mapped[int] = mapped_column(Integer)  # the HTTP status (0 for a CLI command that succeeded)
    before: Mapped[str] = mapped_column(String(64))  # the hash of the entry before (GENESIS for the first)
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entry_at", "at"), Index("ix_audit_entry_actor", "actor"))
