"""政务公开 notices and policy documents at the hall (docs/disclosure.md): their table and what supervisors do with
them (publish, edit, pin, withdraw). A withdrawn notice stays in the table for the record but is shown nowhere
public. Attachments are files in the hall's content-addressed store (hall/attachments.py), named per notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pypinyin import Style, lazy_pinyin
from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from common.dbtypes import UtcDateTime
from common.hallapi.attachments import MAGIC_LENGTH, sniff
from common.hallapi.disclosure import NoticeAttachmentOut, NoticeIn, NoticeOut
from hall.attachments import AttachmentStore
from hall.models import HallBase

Clock = Callable[[], dt.datetime]


class Notice(HallBase):
    __tablename__ = "disclosure_notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(120))
    issuer: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(60))
    date: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(JSON)  # [{sha256, name, media_type, size}]
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    initials: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True, default=None)

    __table_args__ = (Index("ix_disclosure_notice_shown", "withdrawn", "pinned", "date"),)


class DisclosureError(Exception):
    """A refused request: the HTTP status, a stable code and the words (Chinese, then English, then what to do)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def initials_of(text: str) -> str:
    """Pinyin initials of the Chinese characters, with Latin letters and digits as they are: 关于2026年… -> gy2026n…"""

    def other(run: str) -> str:
        return "".join(c.lower() for c in run if c.isascii() and c.isalnum())

    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=other))[:120]


def notice_out(notice: Notice) -> NoticeOut:
    return NoticeOut(
        id=notice.id,
        kind=notice.kind,
        title=notice.title,
        issuer=notice.issuer,
        number=notice.number,
        date=notice.date,
        body=notice.body,
        attachments=[NoticeAttachmentOut.model_validate(a) for a in notice.attachments],
        pinned=notice.pinned,
        status="withdrawn" if notice.withdrawn else "published",
        initials=notice.initials,
        published_at=notice.published_at,
        updated_at=notice.updated_at,
        withdrawn_at=notice.withdrawn_at,
    )


def shown_order(notices: list[Notice]) -> list[Notice]:
    """Pinned first, then the newest document date, then the newest published."""
    return sorted(notices, key=lambda n: (not n.pinned, -n.date.toordinal(), -n.id))


class NoticeBoard:
    """The notices, over the hall's database; every method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session], attachments: AttachmentStore, clock: Clock) -> None:
        self.sessions, self.attachments, self.clock = sessions, attachments, clock

    def publish(self, body: NoticeIn) -> NoticeOut:
        now, files = self.clock(), self._files(body)
        with self.sessions.begin() as session:
            notice = Notice(
                **self._fields(body, files), withdrawn=False, published_at=now, updated_at=now, withdrawn_at=None
            )
            session.add(notice)
            session.flush()
            return notice_out(notice)

    def edit(self, notice_id: int, body: NoticeIn) -> NoticeOut:
        files = self._files(body)
        with self.sessions.begin() as session:
            notice = self._get(session, notice_id)
            if notice.withdrawn:
                raise DisclosureError(
                    409,
                    "withdrawn",
                    "该公告已撤回，不能修改；如需重新公开请新发布一条 / this notice was withdrawn and cannot be "
                    "edited: publish a new one instead",
                )
            for key, value in self._fields(body, files).items():
                setattr(notice, key, value)
            notice.updated_at = self.clock()
            return notice_out(notice)

    def pin(self, notice_id: int, pinned: bool) -> NoticeOut:
        with self.sessions.begin() as session:
            notice = self._get(session, notice_id)
            notice.pinned, notice.updated_at = pinned, self.clock()
            return notice_out(notice)

    def withdraw(self, notice_id: int) -> NoticeOut:
        """Withdraw (撤回): gone from every public page and the kiosks' next fetch; twice is the same as once."""
        with self.sessions.begin() as session:
            notice = self._get(session, notice_id)
            if not notice.withdrawn:
                now = self.clock()
                notice.withdrawn, notice.withdrawn_at, notice.updated_at = True, now, now
            return notice_out(notice)

    def all(self) -> list[NoticeOut]:
        """Every notice, withdrawn ones too (the supervisors' list)."""
        with self.sessions() as session:
            return [notice_out(n) for n in shown_order(list(session.scalars(select(Notice))))]

    def published(self) -> list[NoticeOut]:
        with self.sessions() as session:
            rows = list(session.scalars(select(Notice).where(Notice.withdrawn.is_(False))))
            return [notice_out(n) for n in shown_order(rows)]

    def get(self, notice_id: int) -> NoticeOut | None:
        with self.sessions() as session:
            notice = session.get(Notice, notice_id)
            return notice_out(notice) if notice is not None else None

    def published_file(self, sha256: str) -> NoticeAttachmentOut | None:
        """The attachment ``sha256`` when a published notice names it (a withdrawn notice's files are not served)."""
        for notice in self.published():
            for attachment in notice.attachments:
                if attachment.sha256 == sha256:
                    return attachment
        return None

    # -- helpers --------------------------------------------------------------------------------------------
    def _files(self, body: NoticeIn) -> list[dict[str, Any]]:
        files = []
        for attachment in body.attachments:
            if not self.attachments.has(attachment.sha256):
                raise DisclosureError(
                    422,
                    "attachment_missing",
                    f"附件“{attachment.name}”尚未上传，请先上传再发布 / attachment {attachment.sha256[:12]}… is not "
                    "at the hall: upload it first (POST /api/v1/disclosure/attachments)",
                )
            files.append(
                {
                    "sha256": attachment.sha256,
                    "name": attachment.name,
                    "media_type": media_type_of(self.attachments, attachment.sha256),
                    "size": self.attachments.size(attachment.sha256),
                }
            )
        return files

    @staticmethod
    def _fields(body: NoticeIn, files: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "kind": body.kind,
            "title": body.title,
            "issuer": body.issuer,
            "number": body.number,
            "date": body.date,
            "body": normalise_body(body.body),
            "attachments": files,
            "pinned": body.pinned,
            "initials": initials_of(body.title),
        }

    @staticmethod
    def _get(session: Session, notice_id: int) -> Notice:
        notice = session.get(Notice, notice_id)
        if notice is None:
            raise DisclosureError(404, "not_found", f"没有这条公告 / no notice {notice_id}")
        return notice


def normalise_body(body: str) -> str:
    """Line ends made ``\\n``, tabs spaces, trailing spaces gone, at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs (separated by blank lines), each with its line breaks."""
    return [p for p in body.split("\n\n") if p.strip()]


def media_type_of(store: AttachmentStore, sha256: str) -> str:
    """What the file is, from its first bytes (the store keeps no names or types; uploads are checked)."""
    with store.open(sha256) as handle:
        head = handle.read(MAGIC_LENGTH)
    return sniff(head) or "application/octet-stream"
