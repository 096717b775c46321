"""What a signed-in person may see: a supervisor, the whole hall; a staff member, the windows ``[web.staff]``
lists for their token, the catalog items those windows handle (``[[windows]] items``, empty: every item) and the
ratings given at those windows."""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import HallConfig
from hall.tokens import Role
from hall.webui.sessions import WebUser


@dataclass(frozen=True)
class Scope:
    """``None`` in a field: no limit (a supervisor). An empty set: nothing (a staff token not in ``[web.staff]``)."""

    windows: frozenset[int] | None
    items: frozenset[str] | None  # None: every item

    @property
    def everything(self) -> bool:
        return self.windows is None and self.items is None

    def sees_item(self, item_code: str) -> bool:
        return self.items is None or item_code in self.items

    def sees_window(self, window: int | None) -> bool:
        return self.windows is None or (window is not None and window in self.windows)


def scope_of(user: WebUser, config: HallConfig) -> Scope:
    if user.role is Role.SUPERVISOR:
        return Scope(None, None)
    access = next((a for a in config.web.staff if a.token == user.name), None)
    if access is None:
        return Scope(frozenset(), frozenset())
    windows = [w for w in config.windows if w.number in access.windows]
    if any(not w.items for w in windows):
        return Scope(frozenset(access.windows), None)  # one of the windows handles every item
    return Scope(frozenset(access.windows), frozenset(code for w in windows for code in w.items))
