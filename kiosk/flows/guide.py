"""The service guide (办事指南): browse by department or life event, search by keyword or pinyin initials, read
every published field of an item, print it when the printer can."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from common.hallapi.catalog import LIFE_EVENTS_EN
from devices.words import Words
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.flows.paging import Paging
from kiosk.flows.search_box import SEARCH_MAX, LetterSearch
from kiosk.station.ports import Guide, GuideItem, Unavailable

# Words people come in with; a chip is shown for each that finds something in the hall's catalog. The search is
# for the Chinese (the catalog's language); a citizen using English reads the English.
HOT_WORDS = (
    Words("身份证", "ID card"),
    Words("户口", "Hukou"),
    Words("社保", "Social insurance"),
    Words("医保", "Medical insurance"),
    Words("公积金", "Housing fund"),
    Words("营业执照", "Business licence"),
    Words("不动产", "Property"),
    Words("纳税", "Tax"),
    Words("婚姻", "Marriage"),
    Words("退休", "Retirement"),
    Words("养老", "Pension"),
    Words("出生", "Birth"),
)
STALE = Words(
    "本机暂时连不上大厅的系统，以下是本机保存的办事指南，可能不是最新版本",
    "This kiosk cannot reach the hall's system right now; this is the copy of the guide kept on this kiosk "
    "and may not be the latest.",
)
PRINTED = Words("已打印，请在出纸口取走", "Printed. Please take it from the slot.")


class GuideView(StrEnum):
    LOADING = "loading"
    PAUSED = "paused"  # no copy of the guide at all and the hall unreachable
    BROWSE = "browse"
    LIST = "list"
    DETAIL = "detail"


class BrowseBy(StrEnum):
    DEPARTMENT = "department"
    LIFE_EVENT = "life_event"
    SEARCH = "search"


def group_words(guide: Guide | None, by: BrowseBy, name: str) -> Words:
    """A department's name with its English from the catalog, or a life event's with its fixed English; the Chinese
    in both halves where there is no English."""
    if by is BrowseBy.LIFE_EVENT:
        return Words(name, LIFE_EVENTS_EN.get(name, name))
    english = next((i.department_en for i in guide.items if i.department == name), "") if guide else ""
    return Words(name, english or name)


class GuideFlow(Paging[GuideItem], LetterSearch, Flow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view = GuideView.LOADING
        self.browse_by = BrowseBy.DEPARTMENT
        self.guide: Guide | None = None
        self.list_title = Words("", "")
        self.items: list[GuideItem] = []
        self.item: GuideItem | None = None
        self.page = 0
        self.page_size = 6
        self.notice: Words | None = None  # the stale-copy notice

    # -- loading --------------------------------------------------------------------------------------------
    def start(self) -> Job[Any] | None:
        self.view = GuideView.LOADING
        return self.job("guide", self._fetch, self._loaded)

    def retry(self) -> Job[Any] | None:
        return self.start() if self.view is GuideView.PAUSED else None

    def _fetch(self) -> Guide | Unavailable:
        try:
            return self.context.hall.guide()
        except Unavailable as error:
            return error

    def _loaded(self, result: Guide | Unavailable) -> None:
        if isinstance(result, Unavailable):
            self.view, self.message = GuideView.PAUSED, result.message
            return
        self.guide, self.view = result, GuideView.BROWSE
        self.notice = STALE if result.stale else None

    # -- browsing -------------------------------------------------------------------------------------------
    def browse(self, by: BrowseBy) -> None:
        if self.guide is not None:
            self.view, self.browse_by, self.message = GuideView.BROWSE, by, None

    def groups(self) -> list[str]:
        if self.guide is None:
            return []
        if self.browse_by is BrowseBy.DEPARTMENT:
            return self.guide.departments()
        if self.browse_by is BrowseBy.LIFE_EVENT:
            return self.guide.life_events()
        return []

    def group_name(self, name: str) -> Words:
        """A department's or life event's name in both languages (the Chinese where the catalog has no English)."""
        return group_words(self.guide, self.browse_by, name)

    def open_group(self, name: str) -> None:
        if self.guide is None:
            return
        found = (
            self.guide.by_department(name) if self.browse_by is BrowseBy.DEPARTMENT else self.guide.by_life_event(name)
        )
        self._show_list(self.group_name(name), found)

    def _show_list(self, title: Words, items: list[GuideItem]) -> None:
        self.view, self.list_title, self.items, self.page, self.item = GuideView.LIST, title, items, 0, None

    # -- search ---------------------------------------------------------------------------------------------
    def hot_words(self) -> list[Words]:
        return [word for word in HOT_WORDS if self.guide is not None and self.guide.search(word.zh)]

    def search_word(self, word: str | Words) -> None:
        """A keyword chip: search for it (its Chinese) at once; the list is titled in the citizen's language."""
        chip = word if isinstance(word, Words) else next((w for w in HOT_WORDS if w.zh == word), Words(word, word))
        self.session.search_text = chip.zh[:SEARCH_MAX]
        if self.guide is not None and self.session.search_text:
            self._show_list(chip, self.results())

    def results(self) -> list[GuideItem]:
        return self.guide.search(self.session.search_text) if self.guide is not None else []

    def show_results(self) -> None:
        text = self.session.search_text
        if self.guide is not None and text:
            shown = text.upper() if text.isascii() else text
            self._show_list(Words(shown, shown), self.results())

    # -- pages ----------------------------------------------------------------------------------------------
    def paged(self) -> list[GuideItem]:
        return self.items

    # -- an item --------------------------------------------------------------------------------------------
    def open_item(self, code: str) -> None:
        item = self.guide.get(code) if self.guide is not None else None
        if item is not None:
            self.view, self.item, self.message = GuideView.DETAIL, item, None

    @property
    def can_print(self) -> bool:
        """The print button shows only when the printer can print."""
        return self.item is not None and self.context.offers().can_print

    def print_item(self) -> Job[Any] | None:
        item = self.item
        if item is None or not self.can_print:
            return None

        language = self.context.language

        def work() -> tuple[bool, Words | None]:
            return self.context.hall.print_guide(item.code, language)

        job = self.job("print_guide", work, self._printed)
        if job is not None:
            self.message = None
        return job

    def _printed(self, result: tuple[bool, Words | None]) -> None:
        printed, why = result
        self.message = PRINTED if printed else why

    # -- navigation -----------------------------------------------------------------------------------------
    def back(self) -> bool:
        if self.view is GuideView.DETAIL:
            self.view, self.item, self.message = (GuideView.LIST if self.items else GuideView.BROWSE), None, None
            return True
        if self.view is GuideView.LIST:
            self.view, self.items = GuideView.BROWSE, []
            return True
        return False
