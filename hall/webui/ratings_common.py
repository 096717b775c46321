"""What the 好差评 pages share: the date range and grouping read from a page's query (an error for the field that
is wrong, beside it), whose ratings a signed-in person sees, and the names of windows, items and levels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from hall.calendar import service_day
from hall.rating_stats import Group, check_range
from hall.ratings import LEVEL_NAMES, LEVEL_NAMES_EN
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import WebRefused
from hall.webui.export import Format
from hall.webui.scope import scope_of
from hall.webui.sessions import WebUser

DEFAULT_DAYS = 30
CHANNEL_NAMES = {"pad": ("评价器", "Window pad"), "kiosk": ("自助终端", "Kiosk"), "qr": ("扫码", "QR code")}


@dataclass
class Filters:
    """A page's grouping and local date range, with an error per field the person got wrong."""

    group: Group
    start: date
    end: date
    errors: dict[str, str] = field(default_factory=dict)

    def query_string(self, **extra: str) -> str:
        params = {"group": self.group.value, "from": self.start.isoformat(), "to": self.end.isoformat(), **extra}
        return urlencode(params)


def today(hall: HallContext) -> date:
    return service_day(hall.queue.clock(), hall.queue.zone)


def _date(text: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = "日期格式应为 年-月-日，如 2026-11-23 / Write the date as YYYY-MM-DD, e.g. 2026-11-23"
        return None


def filters_of(request: Request, hall: HallContext, default_group: Group = Group.WINDOW) -> Filters:
    """The page's filters from its query; what is wrong falls back to the default and is named beside its field."""
    errors: dict[str, str] = {}
    query = request.query_params
    try:
        group = Group(query.get("group") or default_group.value)
    except ValueError:
        group = default_group
        errors["group"] = "请从列表中选择分组 / Choose a grouping from the list"
    end = _date(query.get("to"), "to", errors) or today(hall)
    start = _date(query.get("from"), "from", errors) or end - timedelta(days=DEFAULT_DAYS - 1)
    if (wrong := check_range(start, end)) is not None:
        errors["from"] = wrong
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    return Filters(group, start, end, errors)


def windows_seen(user: WebUser, hall: HallContext) -> frozenset[int] | None:
    """The windows whose ratings ``user`` sees: None for a supervisor (all)."""
    return scope_of(user, hall.queue.config).windows


def sees_rating_window(user: WebUser, hall: HallContext, window: int | None) -> bool:
    windows = windows_seen(user, hall)
    return windows is None or (window is not None and window in windows)


def names(request: Request, hall: HallContext) -> dict[str, Any]:
    """Template context: windows' and items' names, level and channel names."""
    config = hall.queue.config
    catalog = getattr(request.app.state, "catalog", None)
    items = {item.code: item.name for item in getattr(catalog, "items", ())}
    return {
        "window_names": {w.number: w.name for w in config.windows},
        "item_names": items,
        "level_names": LEVEL_NAMES,
        "level_names_en": LEVEL_NAMES_EN,
        "channel_names": CHANNEL_NAMES,
    }


def key_label(group: Group, key: object, hall: HallContext, items: dict[str, str]) -> str:
    """A group's name as a chart or a table shows it."""
    if key is None:
        return "（未记录 not recorded）"
    if group is Group.WINDOW:
        window = next((w for w in hall.queue.config.windows if w.number == key), None)
        return window.name if window else f"{key}号窗口"
    if group is Group.ITEM:
        return items.get(str(key), str(key))
    if group is Group.CHANNEL:
        return CHANNEL_NAMES.get(str(key), (str(key), ""))[0]
    if isinstance(key, date):
        return key.strftime("%Y-%m") if group is Group.MONTH else key.isoformat()
    return str(key)


def file_format(fmt: str) -> Format:
    """An export's format from its path; another is a page saying which there are (not FastAPI's JSON)."""
    if fmt == "csv":
        return "csv"
    if fmt == "xlsx":
        return "xlsx"
    raise WebRefused(404, "只能导出 CSV 或 XLSX 文件", "Exports are CSV or XLSX files")


def is_supervisor(user: WebUser) -> bool:
    return user.role is Role.SUPERVISOR
