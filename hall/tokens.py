"""API tokens by role, and the hall's shared secret; only hashes of tokens are stored."""

from __future__ import annotations

import hashlib
import itertools
import re
import secrets
import time
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from hall.database import read_only
from hall.idhash import ALGORITHM
from hall.models import ApiToken, HallSetting

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


class TokenError(ValueError):
    pass


def hash_token(token: str) -> str:
    return hashlib.new(ALGORITHM, token.encode()).hexdigest()


def create_token(sessions: sessionmaker[Session], name: str, role: Role) -> str:
    """Make a token for ``name`` and return it; it cannot be shown again."""
    if not NAME.match(name):
        raise TokenError(f"令牌名称只能用字母、数字、_ . - / token name may hold letters, digits, _ . - : {name!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with sessions.begin() as session:
        existing = session.get(ApiToken, name)
        if existing is not None and existing.revoked_at is None:
            raise TokenError(f"令牌名称已存在 / a token named {name!r} exists; revoke it first")
        if existing is not None:
            session.delete(existing)
            session.flush()
        session.add(ApiToken(name=name, role=role.value, token_hash=hash_token(token), created_at=datetime.now(UTC)))
    return token


def revoke_token(sessions: sessionmaker[Session], name: str) -> None:
    with sessions.begin() as session:
        token = session.get(ApiToken, name)
        if token is None or token.revoked_at is not None:
            raise TokenError(f"没有有效的令牌 / no active token named {name!r}")
        token.revoked_at = datetime.now(UTC)
    global _revoked  # noqa: PLW0603 - every TokenCache of this process forgets what it knew
    _revoked = next(_revocations)


def role_of(session: Session, token: str) -> Role | None:
    """The role of a valid, unrevoked ``token``, read from the database; None for any other."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    return Role(row.role)


class TokenCache:
    """Roles of tokens checked in the last ``seconds``, so that most requests need no database read for their
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
        self._known: dict[str, tuple[Role, float]] = {}  # hash of the token -> (role, when it was read)
        self._revoked = _revoked

    def cached(self, token: str) -> Role | None:
        """The role if ``token`` was found valid less than ``seconds`` ago; None means "ask ``role_of``"."""
        if self._revoked != _revoked:
            self._known, self._revoked = {}, _revoked
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        known = self._known.get(hash_token(token))
        if known is not None and self.clock() - known[1] < self.seconds:
            return known[0]
        return None

    def role_of(self, token: str) -> Role | None:
        """The cached role, or the database's answer (which is then cached when the token is valid)."""
        if (role := self.cached(token)) is not None:
            return role
        revoked, read_at = _revoked, self.clock()
        with self.sessions() as session:
            role = role_of(session, token)
        digest = hash_token(token)
        if role is None or revoked != _revoked:  # unknown, or a revocation happened meanwhile: keep nothing
            self._known.pop(digest, None)
            return role
        if len(self._known) >= MAX_CACHED_TOKENS:
            self._known = {}
        self._known[digest] = (role, read_at)
        return role


_caches: weakref.WeakKeyDictionary[sessionmaker[Session], TokenCache] = weakref.WeakKeyDictionary()


def token_cache(sessions: sessionmaker[Session]) -> TokenCache:
    """The one cache for the hall database of ``sessions`` in this process; it reads through read-only sessions."""
    cache = _caches.get(sessions)
    if cache is None:
        engine: Engine = sessions.kw["bind"]
        cache = _caches.setdefault(sessions, TokenCache(sessionmaker(read_only(engine))))
    return cache


def hall_secret(sessions: sessionmaker[Session], key: str = "id_hash_key") -> bytes:
    """A random secret made once per hall and shared by every server process through the database."""
    with sessions.begin() as session:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(HallSetting)
            .values(key=key, value=secrets.token_hex(32))
            .on_conflict_do_nothing(index_elements=["key"])
        )
        value = session.scalar(select(HallSetting.value).where(HallSetting.key == key))
    assert value is not None
    return bytes.fromhex(value)
