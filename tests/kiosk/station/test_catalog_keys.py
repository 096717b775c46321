"""A newer hall may serve catalog keys this kiosk does not know (docs/upgrades.md): the kiosk shows every item with
what it knows of it, instead of skipping each item that has a new key."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from hall.catalog import load_catalog
from kiosk.hallclient import HallClient
from kiosk.station.guide import CACHE_FILE, CatalogCache
from tests.support.paths import SHIPPED_CONFIG


def read_as_the_kiosk(document: dict[str, object], data_dir: Path) -> CatalogCache:
    (data_dir / CACHE_FILE).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return CatalogCache(HallClient("http://127.0.0.1:9", "no-hall"), data_dir)  # read from the copy, no hall


def test_keys_of_a_newer_hall_are_ignored_and_every_item_shown(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    catalog = load_catalog(SHIPPED_CONFIG / "catalog")
    document = catalog.document()
    for item in document["items"]:
        item["video_url"] = "https://example.invalid/guide.mp4"  # a key of a later release
        for material in item["materials"]:
            material["sample_page"] = 2
        for fee in item["fees"]:
            fee["refundable"] = True
    with caplog.at_level(logging.INFO, logger="kiosk.station.guide"):
        held = read_as_the_kiosk(document, tmp_path).current(refresh=False)
    assert [held.items[item.code] for item in catalog.items] == list(catalog.items)  # every item, as it was
    assert "materials.sample_page" in caplog.text and "video_url" in caplog.text and "fees.refundable" in caplog.text


def test_an_item_with_a_wrong_value_is_still_skipped_alone(tmp_path: Path) -> None:
    catalog = load_catalog(SHIPPED_CONFIG / "catalog")
    document = catalog.document()
    broken = document["items"][0]
    broken["materials"] = []  # a known key with a value no version accepts
    held = read_as_the_kiosk(document, tmp_path).current(refresh=False)
    assert sorted(held.items) == sorted(item.code for item in catalog.items[1:])
