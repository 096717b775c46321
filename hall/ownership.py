"""What a token owns: a kiosk, pads or display token reports devices, files and opens phone sessions only for the
source it is bound to (``api_token.source``). Staff and supervisors own no source and are not asked."""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from hall.models import ApiToken
from hall.tokens import REPORTING_ROLES, Caller, token_cache
from hall.web import ApiError

log = logging.getLogger(__name__)


def not_yours(caller: Caller, source: str) -> ApiError:
    return ApiError(
        403,
        "not_your_source",
        f"令牌“{caller.name}”只能代表“{caller.source}”，不能代表“{source}” / "
        f"the token {caller.name!r} acts for {caller.source!r} only, not for {source!r}",
    )


def require_own(caller: Caller, source: str) -> None:
    """Refuse (403 ``not_your_source``) a reporting token acting for another source than its own."""
    if caller.role in REPORTING_ROLES and caller.source != source:
        raise not_yours(caller, source)


def own_source(sessions: sessionmaker[Session], caller: Caller, source: str) -> None:
    """Like ``require_own``, but a token made before tokens were bound (source None) is bound now to ``source``,
    the first source it reports devices, files or opens a phone session for; from then on every other source is
    refused. It may write to the database: call it from a worker thread."""
    if caller.role in REPORTING_ROLES and caller.source is None:
        caller = Caller(caller.name, caller.role, bind_source(sessions, caller.name, source))
    require_own(caller, source)


def bind_source(sessions: sessionmaker[Session], name: str, source: str) -> str | None:
    """Bind the unbound token ``name`` to ``source`` and give the source it is bound to now (another server process
    may have bound it first: the conditional update lets only one of them do it)."""
    with sessions.begin() as session:
        bound = session.execute(
            update(ApiToken).where(ApiToken.name == name, ApiToken.source.is_(None)).values(source=source)
        )
        now = session.scalar(select(ApiToken.source).where(ApiToken.name == name))
    token_cache(sessions).forget()
    if getattr(bound, "rowcount", 0):
        log.warning("token %r, made before sources were bound, is now bound to %r: its first report", name, source)
    return now
