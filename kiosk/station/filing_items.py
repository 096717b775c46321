"""The fileable items of the hall's catalog, in the shape the filing wizard takes (``FilingPort.items``)."""

from __future__ import annotations

from collections.abc import Iterable

from common.hallapi.catalog import ServiceItem
from kiosk.station.filing_ports import FilingItem
from kiosk.station.guide import guide_item


def filing_items(items: Iterable[ServiceItem]) -> list[FilingItem]:
    """The items that can be filed at the kiosk, in catalog order, each with its guide and its form."""
    return [FilingItem(guide_item(item), tuple(item.form)) for item in items if item.fileable]
