"""Signed-in browsers: a staff or supervisor token, checked once, exchanged for a random session id kept in an
HttpOnly, SameSite=Strict cookie. The hall stores only the id's hash, with the token it came from, a CSRF secret
for the forms, and when it ends (``[web] session_minutes`` after its last use). A session ends when its holder
signs out, when it is not used for that long, and when its token is revoked or made again."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from hall.models import ApiToken, HallBase
from hall.tokens import Caller, Role, hash_token

WEB_ROLES = frozenset({Role.STAFF, Role.SUPERVISOR})
TOUCH_SECONDS = 60  # a session's end is moved on by a request at most this often (one write a minute, not each)


class WebSession(HallBase):
    __tablename__ = "web_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64))  # the token signed in with: a token made again ends it
    role: Mapped[str] = mapped_column(String(16))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_web_session_expires", "expires_at"),)


@dataclass(frozen=True)
class WebUser:
    """Who a valid session belongs to, and the secret its forms carry."""

    caller: Caller
    csrf: str
    expires_at: datetime

    @property
    def name(self) -> str:
        return self.caller.name

    @property
    def role(self) -> Role:
        return self.caller.role


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class WebSessions:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime], minutes: int) -> None:
        self.sessions, self.clock, self.lifetime = sessions, clock, timedelta(minutes=minutes)

    def open(self, caller: Caller, token: str) -> tuple[str, WebUser]:
        """A new session for a valid staff or supervisor token: its id (for the cookie) and its user."""
        if caller.role not in WEB_ROLES:
            raise ValueError(f"a {caller.role.value} token cannot sign in to the pages")
        session_id, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.clock()
        with self.sessions.begin() as session:
            session.execute(delete(WebSession).where(WebSession.expires_at < now))  # the long-gone ones
            session.add(
                WebSession(
                    id_hash=_digest(session_id),
                    token_name=caller.name,
                    token_hash=hash_token(token),
                    role=caller.role.value,
                    csrf=csrf,
                    created_at=now,
                    seen_at=now,
                    expires_at=now + self.lifetime,
                )
            )
        return session_id, WebUser(caller, csrf, now + self.lifetime)

    def user(self, session_id: str) -> WebUser | None:
        """The user of a live session whose token is still valid, its end moved on; None for any other id."""
        if not session_id or len(session_id) > 100:
            return None
        now = self.clock()
        with self.sessions.begin() as session:
            row = session.get(WebSession, _digest(session_id))
            if row is None or row.expires_at <= now:
                return None
            token = session.scalar(select(ApiToken).where(ApiToken.name == row.token_name))
            if token is None or token.revoked_at is not None or token.token_hash != row.token_hash:
                session.delete(row)  # revoked or made again since: this sign-in is over
                return None
            if (now - row.seen_at).total_seconds() >= TOUCH_SECONDS:
                row.seen_at, row.expires_at = now, now + self.lifetime
            return WebUser(Caller(row.token_name, Role(row.role)), row.csrf, row.expires_at)

    def close(self, session_id: str) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(WebSession).where(WebSession.id_hash == _digest(session_id)))
