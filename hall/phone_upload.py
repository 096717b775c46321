"""Upload sessions for materials from the citizen's phone (docs/filings.md, "Materials from the phone").

A kiosk opens a session for the material on its screen and shows the session's one-time address as a QR code;
the phone's page (hall/phone_page.py) sends files to it; the kiosk polls the files and ends the session.

Sessions live in the hall database, not in a server process: every server process of the hall (and a hall that
restarted) sees the same sessions, and the checks that must not race (a session's 20 files, a file arriving as
the kiosk ends the session) are one transaction that locks the session's row on both backends. The files
themselves go to the attachment store, named by their SHA-256, like the kiosk's own uploads.

The address carries a token signed with the hall's secret: the session id and the expiry when it was made
(hall/timed_link.py, under the key ring's ``phone-upload`` key). A token that does not verify is refused as unknown
(404); one that does is checked against the session's row, which the kiosk renews while the wizard is open,
so an address shown earlier keeps working as long as the session does. A token whose row was purged
(``PURGE_AFTER`` past its end) is still refused in words as expired (410), from its signed expiry.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ForeignKey, Index, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from common.hallapi.filings import ContentType
from common.hallapi.uploads import MAX_PHONE_FILES, PhoneFileOut, SessionState, UploadSessionFilesOut, UploadSessionOut
from devices.privacy import mask_id_numbers, mask_id_numbers_in
from devices.words import Words
from hall.models import HallBase
from hall.timed_link import sign_link, verify_link

SESSION_MINUTES = 15  # a session's life from its opening or its last renewal
PURGE_AFTER = timedelta(days=1)  # rows of sessions this long past their end are removed

INVALID = Words(
    "链接无效，请在自助终端上扫描屏幕上的二维码",
    "This link is not valid. Please scan the QR code on the kiosk's screen.",
)
EXPIRED = Words(
    "链接已失效，请在自助终端上重新扫码", "This link has expired. Please scan the new QR code on the kiosk's screen."
)
ENDED = Words(
    "本次上传已结束，链接已失效。如需继续，请在自助终端上重新扫码",
    "This upload has ended and the link no longer works. To send more, scan the new QR code on the kiosk.",
)
TOO_MANY = Words(
    f"每次最多上传 {MAX_PHONE_FILES} 个文件", f"At most {MAX_PHONE_FILES} files can be sent in one upload."
)
UNKNOWN_SESSION = Words("没有此上传会话", "no such upload session")


class UploadSession(HallBase):
    __tablename__ = "upload_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    material: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)

    __table_args__ = (Index("ix_upload_session_expires", "expires_at"),)


class UploadFile(HallBase):
    """A file a phone sent to a session; the bytes are in the attachment store under ``sha256``."""

    __tablename__ = "upload_file"

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("upload_session.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … in the order they arrived
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PhoneRefused(Exception):
    """A refusal with its HTTP status, code and words (the phone's page shows them in its language)."""

    def __init__(self, status: int, code: str, words: Words) -> None:
        super().__init__(str(words))
        self.status, self.code, self.words = status, code, words


@dataclass(frozen=True)
class OpenSession:
    """A session a phone may send to, as read when its token was checked."""

    id: uuid.UUID
    material: str | None
    expires_at: datetime
    files: int  # how many it holds


def state_of(row: UploadSession, now: datetime) -> SessionState:
    if row.ended_at is not None:
        return "ended"
    return "expired" if now >= row.expires_at else "open"


def _refuse_closed(row: UploadSession, now: datetime) -> None:
    state = state_of(row, now)
    if state == "ended":
        raise PhoneRefused(410, "session_ended", ENDED)
    if state == "expired":
        raise PhoneRefused(410, "link_expired", EXPIRED)


def _file_out(row: UploadFile) -> PhoneFileOut:
    kind: ContentType = row.content_type  # type: ignore[assignment]  # only sniffed types are stored
    return PhoneFileOut(sha256=row.sha256, name=row.name, size=row.size, content_type=kind, received_at=row.received_at)


class PhoneSessions:
    def __init__(
        self, sessions: sessionmaker[Session], secret: bytes, public_url: str, clock: Callable[[], datetime]
    ) -> None:
        self.sessions, self.secret, self.public_url, self.clock = sessions, secret, public_url, clock

    def _now(self) -> datetime:
        return self.clock().astimezone(UTC)  # every answer in UTC, as the database gives them back

    def _out(self, row: UploadSession) -> UploadSessionOut:
        token = sign_link(self.secret, row.id, row.expires_at)
        return UploadSessionOut(id=row.id, url=f"{self.public_url}/m/{token}", expires_at=row.expires_at)

    # -- the kiosk's side -----------------------------------------------------------------------------------
    def open(self, kiosk_id: str, material: str | None) -> UploadSessionOut:
        now = self._now()
        # Whole seconds: the token carries the expiry in seconds, and the kiosk sees the same instant.
        expires = (now + timedelta(minutes=SESSION_MINUTES)).replace(microsecond=0)
        row = UploadSession(
            id=uuid.uuid4(),
            kiosk_id=kiosk_id,
            material=mask_id_numbers_in(material),
            created_at=now,
            expires_at=expires,
        )
        with self.sessions.begin() as session:
            # SQLite enforces no foreign keys here (no cascade): the old sessions' files go first, by hand.
            old = select(UploadSession.id).where(UploadSession.expires_at < now - PURGE_AFTER)
            session.execute(delete(UploadFile).where(UploadFile.session_id.in_(old)))
            session.execute(delete(UploadSession).where(UploadSession.expires_at < now - PURGE_AFTER))
            session.add(row)
        return self._out(row)

    def renew(self, session_id: uuid.UUID) -> UploadSessionOut:
        """Move an open session's expiry to ``SESSION_MINUTES`` from now; an ended or expired one stays closed."""
        now = self._now()
        with self.sessions.begin() as session:
            row = self._row(session, session_id)
            _refuse_closed(row, now)
            row.expires_at = (now + timedelta(minutes=SESSION_MINUTES)).replace(microsecond=0)
        return self._out(row)

    def end(self, session_id: uuid.UUID) -> None:
        """End the session at once; ending it again changes nothing."""
        with self.sessions.begin() as session:
            row = self._row(session, session_id)
            if row.ended_at is None:
                row.ended_at = self._now()

    def files(self, session_id: uuid.UUID) -> UploadSessionFilesOut:
        with self.sessions() as session:
            row = self._row(session, session_id, lock=False)
            files = session.scalars(
                select(UploadFile).where(UploadFile.session_id == session_id).order_by(UploadFile.seq)
            ).all()
            return UploadSessionFilesOut(
                id=row.id,
                material=row.material,
                state=state_of(row, self._now()),
                expires_at=row.expires_at,
                files=[_file_out(f) for f in files],
            )

    def kiosk_of(self, session_id: uuid.UUID) -> str:
        """The kiosk that opened the session (PhoneRefused 404 for an unknown one)."""
        with self.sessions() as session:
            return self._row(session, session_id, lock=False).kiosk_id

    @staticmethod
    def _row(session: Session, session_id: uuid.UUID, *, lock: bool = True) -> UploadSession:
        query = select(UploadSession).where(UploadSession.id == session_id)
        row = session.scalar(query.with_for_update() if lock else query)
        if row is None:
            raise PhoneRefused(404, "not_found", UNKNOWN_SESSION)
        return row

    # -- the phone's side -----------------------------------------------------------------------------------
    def check(self, token: str) -> OpenSession:
        """The open session ``token`` names; PhoneRefused 404 for a forged or unknown token, 410 for a session
        that ended or expired."""
        link = verify_link(self.secret, token)
        if link is None:
            raise PhoneRefused(404, "link_invalid", INVALID)
        now = self._now()
        with self.sessions() as session:
            row = session.get(UploadSession, link.row_id)
            if row is None:
                if now >= link.expires:  # signed by this hall, its row purged since
                    raise PhoneRefused(410, "link_expired", EXPIRED)
                raise PhoneRefused(404, "link_invalid", INVALID)
            _refuse_closed(row, now)
            count = session.scalar(select(func.count()).where(UploadFile.session_id == row.id)) or 0
            return OpenSession(row.id, row.material, row.expires_at, count)

    def sent(self, session_id: uuid.UUID) -> list[PhoneFileOut]:
        with self.sessions() as session:
            rows = session.scalars(
                select(UploadFile).where(UploadFile.session_id == session_id).order_by(UploadFile.seq)
            ).all()
            return [_file_out(f) for f in rows]

    def add_file(
        self, session_id: uuid.UUID, sha256: str, name: str, size: int, content_type: ContentType
    ) -> tuple[PhoneFileOut, bool]:
        """Record a stored file in the session: (the entry, True when new). The session's row is locked, so the
        count and the state are those at this instant, whatever other uploads and the kiosk do meanwhile."""
        now = self._now()
        with self.sessions.begin() as session:
            row = self._row(session, session_id)
            _refuse_closed(row, now)
            earlier = session.get(UploadFile, (session_id, sha256))
            if earlier is not None:
                return _file_out(earlier), False
            count = session.scalar(select(func.count()).where(UploadFile.session_id == session_id)) or 0
            if count >= MAX_PHONE_FILES:
                raise PhoneRefused(409, "too_many_files", TOO_MANY)
            entry = UploadFile(
                session_id=session_id,
                sha256=sha256,
                seq=count + 1,
                name=mask_id_numbers(name),  # a file name can be typed, or carry a scanned number
                size=size,
                content_type=content_type,
                received_at=now,
            )
            session.add(entry)
        return _file_out(entry), True
