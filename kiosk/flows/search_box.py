"""The letter keyboard's search box shared by the list screens (the guide, the notices, the bookable items):
pinyin initials or letters typed one key at a time into the session (so a walk-away clears them), at most
``SEARCH_MAX``; a letter after a keyword (Chinese, from a chip) starts a new search."""

from __future__ import annotations

from kiosk.flows.session import CitizenSession

SEARCH_MAX = 20


class LetterSearch:
    """Mixed into a flow; ``typed`` is called after each change (e.g. back to the first page of results)."""

    session: CitizenSession

    def typed(self) -> None:
        """The search text changed."""

    def type_letter(self, letter: str) -> None:
        text = self.session.search_text
        if not text.isascii():
            text = ""
        if len(text) < SEARCH_MAX and len(letter) == 1 and letter.isascii() and letter.isalnum():
            self.session.search_text = text + letter.lower()
            self.typed()

    def erase(self) -> None:
        self.session.search_text = self.session.search_text[:-1]
        self.typed()

    def clear_search(self) -> None:
        self.session.search_text = ""
        self.typed()
