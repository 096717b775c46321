"""The service guide at the kiosk: the hall's catalog fetched with its ETag, kept in the data dir for offline use.

The hall serves ``GET /api/v1/catalog`` with ``ETag: "<version>"``; the kiosk sends ``If-None-Match`` with the
version it holds and keeps the answer as ``catalog.json`` in its data dir. When the hall cannot be reached the
last copy is served with ``stale=True``; only a kiosk that never fetched it has no guide (HallUnreachable).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import httpx
from pydantic import BaseModel, ValidationError

from common.hallapi.catalog import ServiceItem
from devices.words import Words
from kiosk.hallclient import HallClient
from kiosk.hallclient.errors import HallUnreachable
from kiosk.printing.layout import working_days
from kiosk.printing.wording import working_days_words
from kiosk.station.ports import Guide, GuideItem, Material

log = logging.getLogger(__name__)

CACHE_FILE = "catalog.json"
NEVER_FETCHED = Words(
    "办事指南暂不可用，请稍后再试", "the service guide is not available yet (the hall cannot be reached)"
)


def guide_item(item: ServiceItem) -> GuideItem:
    """Every published field of a catalog item, in the shape the UI shows."""
    if item.statutory_days == 0:
        time_limit = "即办"
    else:
        time_limit = f"法定 {working_days(item.statutory_days)}，承诺 {working_days(item.promised_days)}"
    fee = "；".join(f"{fee.name} {fee.amount}" for fee in item.fees) or "不收费"
    visits = "零跑动" if item.max_visits == 0 else f"最多跑 {item.max_visits} 次"
    promised = "即办" if item.promised_days == 0 else f"承诺 {working_days(item.promised_days)}"
    promised_en = working_days_words(item.promised_days).en
    visits_en = (
        "no visit" if item.max_visits == 0 else f"{item.max_visits} visit{'s' if item.max_visits > 1 else ''} at most"
    )
    if item.statutory_days == 0:
        time_limit_en = "same day"
    else:
        time_limit_en = (
            f"{working_days_words(item.statutory_days).en} by law, {working_days_words(item.promised_days).en} promised"
        )
    return GuideItem(
        code=item.code,
        name=item.name,
        department=item.department,
        life_events=tuple(item.life_events),
        summary=f"{promised} · {visits} · {'不收费' if not item.fees else '收费'}",
        legal_basis=tuple(item.legal_basis),
        conditions=tuple(item.conditions),
        materials=tuple(Material(m.name, m.form, m.count, m.notes) for m in item.materials),
        time_limit=time_limit,
        fee=fee,
        place=item.where.place,
        hours=item.where.hours,
        contact=item.consultation_phone,
        online_url="",  # the catalog format (docs/catalog.md) has no online-service address
        fileable=item.fileable,
        pinyin_initials=item.initials,
        procedure=tuple(item.procedure),
        statutory_days=item.statutory_days,
        promised_days=item.promised_days,
        max_visits=item.max_visits,
        fee_basis="；".join(dict.fromkeys(fee.basis for fee in item.fees)),
        complaint_phone=item.complaint_phone,
        keywords=tuple(item.keywords),
        department_en=item.department_en,
        summary_en=f"{promised_en.capitalize()} · {visits_en} · {'free' if not item.fees else 'fee'}",
        time_limit_en=time_limit_en,
        fee_en=fee if item.fees else "Free of charge",
    )


@dataclass(frozen=True)
class Catalog:
    """The guide plus the catalog items it came from (printing needs the full item)."""

    guide: Guide
    items: dict[str, ServiceItem]


def _parse(document: Any) -> tuple[str, list[ServiceItem]]:
    if not isinstance(document, dict) or not isinstance(document.get("version"), str):
        raise ValueError("not a catalog document")
    items: list[ServiceItem] = []
    unknown: set[str] = set()
    for index, raw in enumerate(document.get("items") or []):
        known, left_out = known_only(ServiceItem, raw)
        unknown.update(left_out)
        try:
            items.append(ServiceItem.model_validate(known))
        except ValidationError as error:
            # One item this version cannot read must not hide the others from citizens.
            log.warning("catalog item %d skipped: %s", index, str(error).splitlines()[0])
    if unknown:
        log.info("catalog keys this version does not know, ignored: %s", ", ".join(sorted(unknown)))
    return document["version"], items


def known_only(model: type[BaseModel], data: Any, where: str = "") -> tuple[Any, list[str]]:
    """``data`` without the keys ``model`` does not know, at every depth, and where each was (``fees.x``).

    The catalog's models refuse unknown keys, so that a typo in the hall's catalog files is caught there; a newer
    hall may serve keys this kiosk's version does not know yet (docs/upgrades.md), and the kiosk shows what it
    knows of the item instead of skipping it."""
    if not isinstance(data, dict):
        return data, []
    kept: dict[str, Any] = {}
    left_out: list[str] = []
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            left_out.append(f"{where}{key}")
            continue
        inner = _model_in(field.annotation)
        if inner is None:
            kept[key] = value
        elif isinstance(value, list):
            pairs = [known_only(inner, element, f"{where}{key}.") for element in value]
            kept[key] = [element for element, _ in pairs]
            left_out += [path for _, paths in pairs for path in paths]
        else:
            kept[key], paths = known_only(inner, value, f"{where}{key}.")
            left_out += paths
    return kept, left_out


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, in a list, or optional), or None for a plain value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _catalog(version: str, items: list[ServiceItem], *, stale: bool) -> Catalog:
    guide = Guide(version=version, items=tuple(guide_item(i) for i in items), stale=stale)
    return Catalog(guide, {item.code: item for item in items})


class CatalogCache:
    """Fetches the catalog when asked, answers 304s from memory, and falls back to the file in the data dir."""

    def __init__(self, client: HallClient, data_dir: Path, *, reached: Callable[[bool], None] | None = None) -> None:
        self._client = client
        self._reached = reached or (lambda _ok: None)
        self._path = data_dir / CACHE_FILE
        self._lock = threading.Lock()
        self._held: Catalog | None = None

    def current(self, *, refresh: bool = True) -> Catalog:
        """The newest catalog: asks the hall (unless ``refresh`` is False), else the last copy marked stale."""
        with self._lock:
            if self._held is None:
                self._held = self._load()
            if not refresh:
                if self._held is None:
                    raise HallUnreachable(NEVER_FETCHED)
                return self._held
            try:
                fresh = self._fetch(self._held.guide.version if self._held else None)
            except HallUnreachable:
                if self._held is None:
                    raise
                self._held = _catalog(
                    self._held.guide.version, list(self._held.items.values()), stale=True
                )  # same content, now marked as possibly out of date
                return self._held
            self._held = fresh if fresh is not None else self._not_stale(self._held)
            return self._held

    @staticmethod
    def _not_stale(held: Catalog | None) -> Catalog:
        assert held is not None  # a 304 only answers a version we sent
        if not held.guide.stale:
            return held
        return _catalog(held.guide.version, list(held.items.values()), stale=False)

    def _fetch(self, version: str | None) -> Catalog | None:
        """The hall's catalog; None when it says ours is current (304)."""
        headers = {"If-None-Match": f'"{version}"'} if version else {}
        try:
            response = self._client.http.get("/api/v1/catalog", headers=headers)
        except httpx.HTTPError as error:
            log.info("catalog not fetched: %s", type(error).__name__)
            self._reached(False)
            raise HallUnreachable(NEVER_FETCHED) from None
        self._reached(response.status_code < 500)
        if response.status_code == 304:
            return None
        if response.status_code != 200:
            log.warning("catalog request answered HTTP %s", response.status_code)
            raise HallUnreachable(NEVER_FETCHED)
        try:
            document = response.json()
            version, items = _parse(document)
        except ValueError as error:
            log.warning("catalog answer unusable: %s", error)
            raise HallUnreachable(NEVER_FETCHED) from None
        self._save(document)
        log.info("catalog %s fetched: %d items", version, len(items))
        return _catalog(version, items, stale=False)

    def _load(self) -> Catalog | None:
        try:
            document = json.loads(self._path.read_text(encoding="utf-8"))
            version, items = _parse(document)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("cached catalog %s unreadable (%s); ignored", self._path, error)
            return None
        return _catalog(version, items, stale=True)

    def _save(self, document: dict[str, Any]) -> None:
        """Write beside, then rename: a crash mid-write leaves the previous copy intact."""
        partial = self._path.with_suffix(".json.partial")
        try:
            partial.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            partial.replace(self._path)
        except OSError as error:
            log.warning("catalog not cached in %s: %s", self._path, error)
