"""API tokens by role, and the hall's shared secret; only hashes of tokens are stored."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from kiosk.hall.idhash import ALGORITHM
from kiosk.hall.models import ApiToken, HallSetting

TOKEN_PREFIX = "hk_"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


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


def role_of(session: Session, token: str) -> Role | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    return Role(row.role)


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
