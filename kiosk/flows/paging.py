"""A list a screen shows a page at a time (the guide's items, the notices, the bookable items): which page, how
many pages, the items on it, and the next and previous page, never past either end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Paging(Generic[T]):
    """Mixed into a flow that sets ``page`` and ``page_size`` and says what is paged in ``paged``."""

    page: int
    page_size: int

    def paged(self) -> Sequence[T]:
        """The whole list being paged."""
        raise NotImplementedError

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.paged()) // self.page_size))

    def page_items(self) -> list[T]:
        start = self.page * self.page_size
        return list(self.paged()[start : start + self.page_size])

    def next_page(self) -> None:
        self.page = min(self.page + 1, self.pages - 1)

    def previous_page(self) -> None:
        self.page = max(self.page - 1, 0)
