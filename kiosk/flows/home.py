"""The home screen's data: each category's hours and queue, refreshed whenever home shows (and every minute)."""

from __future__ import annotations

from typing import Any

from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job
from kiosk.station.ports import CategoryInfo, Unavailable


class HomeFlow(Flow):
    def start(self) -> Job[Any] | None:
        return self.job("categories", self._fetch, self._loaded)

    @property
    def categories(self) -> list[CategoryInfo]:
        """The last list the hall gave (kept across visits, so the hours never flicker)."""
        return self.context.categories

    def _fetch(self) -> list[CategoryInfo] | Unavailable:
        try:
            return self.context.hall.categories()
        except Unavailable as error:
            return error

    def _loaded(self, result: list[CategoryInfo] | Unavailable) -> None:
        if isinstance(result, Unavailable):
            self.message = result.message
        else:
            self.context.categories = result
            self.message = None
