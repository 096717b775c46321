"""The service catalog (办事指南): service items loaded from config/catalog/*.toml, validated and versioned."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from common.errors import ConfigError
from common.hallapi.catalog import Entry, ServiceItem, unpriced
from common.settings.loader import _describe, _read_toml
from common.settings.models import HallConfig
from common.settings.paths import shipped_config_dir


class CatalogFile(Entry):
    """One file of config/catalog/: a list of items (one department's, by convention)."""

    items: list[ServiceItem] = Field(min_length=1)


@dataclass(frozen=True)
class Catalog:
    """The loaded catalog; ``version`` is a hash of the items as served, so any change gives a new version."""

    items: tuple[ServiceItem, ...]
    version: str
    _by_code: dict[str, ServiceItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {item.code: item for item in self.items})

    def get(self, code: str) -> ServiceItem | None:
        return self._by_code.get(code)

    def document(self) -> dict[str, Any]:
        """What GET /api/v1/catalog returns."""
        return {"version": self.version, "items": [item.model_dump(mode="json") for item in self.items]}

    @classmethod
    def of(cls, items: list[ServiceItem]) -> Catalog:
        return cls(tuple(items), catalog_version(items))


def catalog_version(items: list[ServiceItem]) -> str:
    """The first 16 hex digits of SHA-256 over the items' canonical JSON (order counts: it is the served order)."""
    canonical = json.dumps(
        [item.model_dump(mode="json") for item in items], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def catalog_dir(config: HallConfig) -> Path:
    """[catalog] dir from hall.toml, else the shipped config/catalog."""
    return config.catalog.dir or shipped_config_dir() / "catalog"


def load_catalog(directory: Path) -> Catalog:
    """Every *.toml in ``directory`` (by file name), items in file order; ConfigError with one line per problem."""
    if not directory.is_dir():
        raise ConfigError(f"{directory}: 找不到办事指南目录 / catalog directory not found")
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise ConfigError(f"{directory}: 办事指南目录中没有 .toml 文件 / no .toml files in the catalog directory")
    problems: list[str] = []
    items: list[ServiceItem] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            loaded = CatalogFile.model_validate(_read_toml(path))
        except ConfigError as error:
            problems += error.lines()
            continue
        except ValidationError as error:
            problems += [_describe(path, CatalogFile, detail) for detail in error.errors(include_url=False)]
            continue
        for index, item in enumerate(loaded.items):
            where = f"{path.name} items[{index}]"
            if item.code in seen:
                problems.append(
                    f"{path}: items[{index}].code: 实施编码重复 / item code {item.code} is also in {seen[item.code]}"
                )
                continue
            seen[item.code] = where
            problems += [f"{path}: items[{index}].{problem}" for problem in unpriced(item)]
            items.append(item)
    if problems:
        raise ConfigError(problems[0], details=problems)
    return Catalog.of(items)
