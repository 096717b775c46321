"""Every body of the hall's v1 API is a model of the shared contract (common/hallapi), so the kiosk's client and
the hall cannot drift apart: a route that declared a body of its own would show up here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from pydantic import BaseModel

import common.hallapi
from hall.server import build_hall
from tests.support.paths import SHIPPED_CONFIG

FASTAPI_OWN = {"HTTPValidationError", "ValidationError"}  # FastAPI's, never returned (the hall answers ErrorOut)


def contract_models() -> list[tuple[str, str]]:
    """(name, module) of every model the contract defines."""
    found: list[tuple[str, str]] = []
    for module_info in pkgutil.iter_modules(common.hallapi.__path__):
        module = importlib.import_module(f"common.hallapi.{module_info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
                found.append((name, module.__name__))
    return found


def test_every_schema_of_the_spec_is_a_contract_model(tmp_path: Path) -> None:
    hall = build_hall(SHIPPED_CONFIG / "hall.toml", f"sqlite:///{tmp_path / 'hall.db'}")
    try:
        schemas = set(hall.app.openapi()["components"]["schemas"])
    finally:
        hall.close()
    # Enums: a device model's state (from devices/, used by the device report) and the contract's filing status.
    enums = {"DeviceState", "FilingStatus"}
    assert schemas - FASTAPI_OWN - enums <= {name for name, _module in contract_models()}


def test_the_contract_names_each_model_once() -> None:
    # The spec names a schema by its class name: two models of one name in two areas would clash there.
    names = [name for name, _module in contract_models()]
    assert len(names) == len(set(names))
