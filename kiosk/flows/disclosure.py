"""政务公开 at the kiosk (docs/disclosure.md): the sections (通知公告, 政策文件, 收费标准, 办件公示, 窗口人员公示),
browse and search notices by keyword or pinyin initials, read one, print it. With the hall away it shows the
kiosk's kept copy, marked with its day; only a kiosk that never had a copy has nothing to show."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from common.hallapi.disclosure import NoticeOut
from devices.words import Words
from kiosk.flows.disclosure_words import (
    HOT_WORDS,
    NOT_HERE,
    PRINTED,
    SECTION_WORDS,
    Section,
    fee_rows,
    filing_rows,
    staff_rows,
    stale_words,
)
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.paging import Paging
from kiosk.flows.search_box import SEARCH_MAX, LetterSearch
from kiosk.station.disclosure import DisclosureCopy
from kiosk.station.ports import Unavailable

DISCLOSURE_SCREEN = "disclosure"
NOTICE_SECTIONS = (Section.NOTICES, Section.POLICIES)


class DisclosureView(StrEnum):
    LOADING = "loading"
    PAUSED = "paused"  # no copy at all and the hall unreachable, or no port on this kiosk
    SECTIONS = "sections"
    LIST = "list"  # the notices or policy documents, a page at a time
    SEARCH = "search"
    NOTICE = "notice"
    TABLE = "table"  # fees, 办件公示 or the staff board, as text to read


class DisclosureFlow(Paging[NoticeOut], LetterSearch, Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view = DisclosureView.LOADING
        self.copy: DisclosureCopy | None = None
        self.section = Section.NOTICES
        self.items: list[NoticeOut] = []
        self.notice: NoticeOut | None = None
        self.page = 0
        self.page_size = 6
        self.stale: Words | None = None  # the kept copy's notice, with its day
        self._from_search = False  # the notice read was found by searching: back goes to the results

    # -- loading --------------------------------------------------------------------------------------------
    def start(self) -> Job[Any] | None:
        self.view = DisclosureView.LOADING
        return self.job("disclosure", self._fetch, self._loaded)

    def retry(self) -> Job[Any] | None:
        return self.start() if self.view is DisclosureView.PAUSED else None

    def _fetch(self) -> DisclosureCopy | Unavailable | None:
        port = self.context.disclosure
        if port is None:
            return None
        try:
            return port.current()
        except Unavailable as error:
            return error

    def _loaded(self, result: DisclosureCopy | Unavailable | None) -> None:
        if result is None or isinstance(result, Unavailable):
            self.view, self.message = DisclosureView.PAUSED, NOT_HERE if result is None else result.message
            return
        self.copy, self.view, self.message = result, DisclosureView.SECTIONS, None
        day = result.fetched_at.astimezone(self.context.settings.zone).date()
        self.stale = stale_words(day) if result.stale else None

    # -- sections and lists ---------------------------------------------------------------------------------
    def sections(self) -> list[Section]:
        return list(Section)

    def open_section(self, section: Section) -> None:
        if self.copy is None:
            return
        self.section, self.page, self.notice, self.message = section, 0, None, None
        self.session.search_text = ""
        if section in NOTICE_SECTIONS:
            self.items = self.copy.notices(section.value)  # type: ignore[arg-type]  # notice or policy
            self.view = DisclosureView.LIST
        else:
            self.view = DisclosureView.TABLE

    @property
    def title(self) -> Words:
        if self.view in (DisclosureView.LOADING, DisclosureView.PAUSED, DisclosureView.SECTIONS):
            return Words("政务公开", "Public information")
        return SECTION_WORDS[self.section]

    def table_rows(self) -> list[tuple[str, str]]:
        """The fees, filings or staff board as (heading, text) in the citizen's language."""
        if self.copy is None:
            return []
        bundle, language = self.copy.bundle, self.context.language
        if self.section is Section.FEES:
            return fee_rows(bundle.fees, language)
        if self.section is Section.FILINGS:
            return filing_rows(bundle.filings, language)
        if self.section is Section.STAFF:
            return staff_rows(bundle.staff, language)
        return []

    def paged(self) -> list[NoticeOut]:
        return self.items

    # -- search ---------------------------------------------------------------------------------------------
    def open_search(self) -> None:
        if self.copy is not None and self.section in NOTICE_SECTIONS:
            self.view, self.session.search_text = DisclosureView.SEARCH, ""

    def hot_words(self) -> list[Words]:
        return [word for word in HOT_WORDS if self.copy is not None and self._search(word.zh)]

    def search_word(self, word: Words) -> None:
        self.session.search_text = word.zh[:SEARCH_MAX]

    def results(self) -> list[NoticeOut]:
        return self._search(self.session.search_text)

    def _search(self, text: str) -> list[NoticeOut]:
        if self.copy is None:
            return []
        return self.copy.search(text, self.section.value if self.section in NOTICE_SECTIONS else None)  # type: ignore[arg-type]

    # -- a notice -------------------------------------------------------------------------------------------
    def open_notice(self, notice_id: int) -> None:
        notice = self.copy.notice(notice_id) if self.copy is not None else None
        if notice is not None:
            self._from_search = self.view is DisclosureView.SEARCH
            self.view, self.notice, self.message = DisclosureView.NOTICE, notice, None

    @property
    def can_print(self) -> bool:
        """The print button shows only when the printer can print."""
        return self.notice is not None and self.context.disclosure is not None and self.context.offers().can_print

    def print_notice(self) -> Job[Any] | None:
        notice, port = self.notice, self.context.disclosure
        if notice is None or port is None or not self.can_print:
            return None
        language = self.context.language

        def work() -> tuple[bool, Words | None]:
            return port.print_notice(notice.id, language)

        job = self.job("print_notice", work, self._printed)
        if job is not None:
            self.message = None
        return job

    def _printed(self, result: tuple[bool, Words | None]) -> None:
        printed, why = result
        self.message = PRINTED if printed else why

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        if self.view is DisclosureView.NOTICE:
            self.view = DisclosureView.SEARCH if self._from_search else DisclosureView.LIST
            self.notice, self.message = None, None
            return True
        if self.view is DisclosureView.SEARCH:
            self.view, self.session.search_text = DisclosureView.LIST, ""
            return True
        if self.view in (DisclosureView.LIST, DisclosureView.TABLE):
            self.view, self.items, self.message = DisclosureView.SECTIONS, [], None
            return True
        return False
