"""API tokens by role; only hashes of tokens are stored."""

from __future__ import annotations

import hashlib
import itertools
import re
import secrets
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from hall.database import read_only
from hall.idhash import ALGORITHM
from hall.models import ApiToken

TOKEN_PREFIX = "hk_"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# A server process trusts a token it has checked for this long before it reads it again: a revocation reaches
# every other process (and a revocation by `kiosk hall token revoke`) within this time; the process that revokes
# it, at once.
TOKEN_CACHE_SECONDS = 5.0
MAX_CACHED_TOKENS = 1000
_revocations = itertools.count(1)  # bumped by every revoke_token in this process
_revoked = 0


class Role(StrEnum):
    KIOSK = "kiosk"
    PADS = "pads"
    DISPLAY = "display"
    STAFF = "staff"
    SUPERVISOR = "supervisor"


# Tokens of these roles report the state of their own devices: each is bound to one source when it is made.
REPORTING_ROLES = frozenset({Role.KIOSK, Role.PADS, Role.DISPLAY})


@dataclass(frozen=True)
class Caller:
    """Who a valid token says is calling: the token's name (what the audit log records), its role and, for a
    reporting role, the source it reports for (None: a token made before sources were bound)."""

    name: str
    role: Role
    source: str | None = None


class TokenError(ValueError):
    pass


def hash_token(token: str) -> str:
    return hashlib.new(ALGORITHM, token.encode()).hexdigest()


def create_token(sessions: sessionmaker[Session], name: str, role: Role, *, source: str | None = None) -> str:
    """Make a token for ``name`` and return it; it cannot be shown again. A token of a reporting role is bound to
    ``source`` (default: its name): the kiosk's station id or the hall device controller's source."""
    if not NAME.match(name):
        raise TokenError(f"令牌名称只能用字母、数字、_ . - / token name may hold letters, digits, _ . - : {name!r}")
    if role in REPORTING_ROLES:
        source = source or name
        if not NAME.match(source):
            raise TokenError(f"来源名称只能用字母、数字、_ . - / source may hold letters, digits, _ . - : {source!r}")
    elif source is not None:
        raise TokenError(f"只有终端、评价器和显示屏令牌绑定来源 / a {role.value} token reports no devices: no source")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with sessions.begin() as session:
        existing = session.get(ApiToken, name)
        if existing is not None and existing.revoked_at is None:
            raise TokenError(f"令牌名称已存在 / a token named {name!r} exists; revoke it first")
        if existing is not None:
            session.delete(existing)
            session.flush()
        session.add(
            ApiToken(
                name=name,
                role=role.value,
                source=source,
                token_hash=hash_token(token),
                created_at=datetime.now(UTC),
            )
        )
    return token


def revoke_token(sessions: sessionmaker[Session], name: str) -> None:
    with sessions.begin() as session:
        token = session.get(ApiToken, name)
        if token is None or token.revoked_at is not None:
            raise TokenError(f"没有有效的令牌 / no active token named {name!r}")
        token.revoked_at = datetime.now(UTC)
    global _revoked  # noqa: PLW0603 - every TokenCache of this process forgets what it knew
    _revoked = next(_revocations)


def caller_of(session: Session, token: str) -> Caller | None:
    """Who a valid, unrevoked ``token`` is, read from the database; None for any other token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    return Caller(row.name, Role(row.role), row.source)


def role_of(session: Session, token: str) -> Role | None:
    """The role of a valid, unrevoked ``token``, read from the database; None for any other."""
    caller = caller_of(session, token)
    return caller.role if caller is not None else None


class TokenCache:
    """Callers of tokens checked in the last ``seconds``, so that most requests need no database read for their
    token. Only valid tokens are kept (a new token works at once, an unknown one is read every time), at most
    ``MAX_CACHED_TOKENS``; everything is forgotten when this process revokes a token."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        seconds: float = TOKEN_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.seconds = seconds
        self.clock = clock
        self._known: dict[str, tuple[Caller, float]] = {}  # hash of the token -> (caller, when it was read)
        self._revoked = _revoked

    def cached_caller(self, token: str) -> Caller | None:
        """The caller if ``token`` was found valid less than ``seconds`` ago; None means "ask ``caller_of``"."""
        if self._revoked != _revoked:
            self._known, self._revoked = {}, _revoked
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        known = self._known.get(hash_token(token))
        if known is not None and self.clock() - known[1] < self.seconds:
            return known[0]
        return None

    def caller_of(self, token: str) -> Caller | None:
        """The cached caller, or the database's answer (which is then cached when the token is valid)."""
        if (caller := self.cached_caller(token)) is not None:
            return caller
        revoked, read_at = _revoked, self.clock()
        with self.sessions() as session:
            caller = caller_of(session, token)
        digest = hash_token(token)
        if caller is None or revoked != _revoked:  # unknown, or a revocation happened meanwhile: keep nothing
            self._known.pop(digest, None)
            return caller
        if len(self._known) >= MAX_CACHED_TOKENS:
            self._known = {}
        self._known[digest] = (caller, read_at)
        return caller

    def forget(self) -> None:
        """Read every token again (a token's bound source was just changed)."""
        self._known = {}

    def cached(self, token: str) -> Role | None:
        caller = self.cached_caller(token)
        return caller.role if caller is not None else None

    def role_of(self, token: str) -> Role | None:
        caller = self.caller_of(token)
        return caller.role if caller is not None else None


_caches: weakref.WeakKeyDictionary[sessionmaker[Session], TokenCache] = weakref.WeakKeyDictionary()


def token_cache(sessions: sessionmaker[Session]) -> TokenCache:
    """The one cache for the hall database of ``sessions`` in this process; it reads through read-only sessions."""
    cache = _caches.get(sessions)
    if cache is None:
        engine: Engine = sessions.kw["bind"]
        cache = _caches.setdefault(sessions, TokenCache(sessionmaker(read_only(engine))))
    return cache
