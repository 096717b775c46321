"""政务公开 at the kiosk (docs/disclosure.md): the hall's bundle fetched with its version, the last copy kept in the
data dir (``disclosure.json``) and served while the hall is away, marked with the day the hall last gave it; a
notice printed. ``DisclosurePort`` is what the flows use; ``StationDisclosure`` the station's implementation."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from common.hallapi.disclosure import DisclosureOut, NoticeKind, NoticeOut
from devices.printer import PaperSpec
from devices.words import Language, Words
from kiosk.hallclient import HallClient
from kiosk.hallclient.disclosure import DisclosureClient
from kiosk.hallclient.errors import HallUnreachable
from kiosk.printing.notice import printed_notice
from kiosk.station.hall import Printing

log = logging.getLogger(__name__)
CACHE_FILE = "disclosure.json"
NEVER_FETCHED = Words(
    "本机暂时连不上大厅的系统，也没有保存过政务公开内容，请稍后再试",
    "This kiosk cannot reach the hall's system and has no copy of the published information yet; please try later.",
)
NO_NOTICE = Words("没有这条公告，或已撤回", "no such notice, or it was withdrawn")


@dataclass(frozen=True)
class DisclosureCopy:
    """The bundle as the kiosk holds it; ``fetched_at`` is when the hall last gave (or confirmed) it."""

    bundle: DisclosureOut
    fetched_at: datetime
    stale: bool = False  # served from the kiosk's copy: the hall could not be asked

    def notices(self, kind: NoticeKind) -> list[NoticeOut]:
        return [n for n in self.bundle.notices if n.kind == kind]

    def notice(self, notice_id: int) -> NoticeOut | None:
        return next((n for n in self.bundle.notices if n.id == notice_id), None)

    def search(self, text: str, kind: NoticeKind | None = None) -> list[NoticeOut]:
        """Notices whose title, issuer, number or body hold ``text``, or whose title's pinyin initials do (gy: 关于)."""
        needle = "".join(text.split()).lower()
        if not needle:
            return []
        found = []
        for notice in self.bundle.notices:
            if kind is not None and notice.kind != kind:
                continue
            words = (notice.title, notice.issuer, notice.number, notice.body)
            if any(needle in w.lower() for w in words) or (needle.isascii() and needle in notice.initials):
                found.append(notice)
        return found


class DisclosurePort(Protocol):
    """政务公开 for the flows; blocking: call it from a worker."""

    def current(self) -> DisclosureCopy:
        """The newest copy: the hall's, else the kiosk's marked stale; HallUnreachable when there was never one."""
        ...

    def print_notice(self, notice_id: int, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        """Print a notice of the copy held: (printed, why not)."""
        ...


class StationDisclosure:
    def __init__(
        self,
        client: HallClient,
        data_dir: Path,
        printing: Printing,
        *,
        paper: PaperSpec,
        zone: tzinfo,
        reached: Callable[[bool], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._hall = DisclosureClient(client, reached=reached)
        self._path = data_dir / CACHE_FILE
        self._printing, self._paper, self._zone, self._clock = printing, paper, zone, clock
        self._lock = threading.Lock()
        self._held: DisclosureCopy | None = None
        self._loaded = False

    def current(self) -> DisclosureCopy:
        with self._lock:
            if not self._loaded:
                self._held, self._loaded = self._load(), True
            try:
                fresh = self._hall.bundle(self._held.bundle.version if self._held else None)
            except HallUnreachable:
                if self._held is None:
                    raise HallUnreachable(NEVER_FETCHED) from None
                self._held = replace(self._held, stale=True)
                return self._held
            now = self._clock()
            if fresh is None:  # 304: what we hold is current, as of now
                assert self._held is not None
                self._held = replace(self._held, fetched_at=now, stale=False)
            else:
                self._held = DisclosureCopy(fresh, now)
            self._save(self._held)
            return self._held

    def print_notice(self, notice_id: int, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        with self._lock:
            held = self._held
        notice = held.notice(notice_id) if held is not None else None
        if held is None or notice is None:
            return False, NO_NOTICE
        copy_of = held.fetched_at.astimezone(self._zone).date() if held.stale else None
        document = printed_notice(
            notice, self._paper, printed_at=self._clock(), zone=self._zone, language=language, copy_of=copy_of
        )
        outcome = self._printing.print(document, f"notice-{notice_id}")
        return outcome.printed, outcome.message

    # -- the copy in the data dir ----------------------------------------------------------------------------
    def _load(self) -> DisclosureCopy | None:
        try:
            document = json.loads(self._path.read_text(encoding="utf-8"))
            bundle = DisclosureOut.model_validate(document["bundle"])
            fetched_at = datetime.fromisoformat(document["fetched_at"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
            log.warning("kept disclosure copy %s unreadable (%s); ignored", self._path, type(error).__name__)
            return None
        return DisclosureCopy(bundle, fetched_at, stale=True)

    def _save(self, held: DisclosureCopy) -> None:
        """Write beside, then rename: a crash mid-write leaves the previous copy intact."""
        document = {"fetched_at": held.fetched_at.isoformat(), "bundle": held.bundle.model_dump(mode="json")}
        partial = self._path.with_suffix(".json.partial")
        try:
            partial.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            partial.replace(self._path)
        except OSError as error:
            log.warning("disclosure copy not kept in %s: %s", self._path, error)
