"""The layer contracts hold, and each one fails the build when a module breaks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("common", "devices", "drivers", "hall", "kiosk", "ui")


def lint_imports(root: Path, contract: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(root), "PATH": str(LINT_IMPORTS.parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *(["--contract", contract] if contract else [])],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the code that a test may plant modules in (each under its own name)."""
    root = tmp_path_factory.mktemp("contracts") / "tree"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root)
    for package in PACKAGES:
        shutil.copytree(REPO / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def plant(tree: Path, module: str, source: str) -> Path:
    path = tree.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(source + "\n", encoding="utf-8")
    return path


def test_the_contracts_are_kept(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr


# (contract id, planted module, its import): one breach of each contract.
BREACHES = [
    ("no-qt", "kiosk.sneaky_qt", "from PySide6.QtCore import QTimer"),
    ("no-qt", "hall.sneaky_qt", "import shiboken6"),
    ("devices", "devices.sneaky", "import drivers"),
    ("common", "common.sneaky", "import kiosk.station"),
    ("drivers", "drivers.sneaky", "import kiosk"),
    ("hall", "hall.sneaky", "import kiosk.store"),
    ("kiosk-to-hall", "kiosk.station.sneaky", "import hall.queue"),
    ("kiosk-layers", "kiosk.store.sneaky", "import kiosk.station"),
    ("kiosk-layers", "kiosk.hallclient.sneaky", "import kiosk.flows"),
    ("no-ui", "hall.sneaky_ui", "import ui"),
    ("ui-no-drivers", "ui.sneaky", "import drivers.escpos.printer"),
    ("keyboard-engine", "ui.keyboard.engine.sneaky_qt", "from PySide6.QtCore import QObject"),
    ("kiosk-drivers", "kiosk.station.sneaky_driver", "import drivers.escpos.printer"),
    ("kiosk-drivers", "kiosk.halldevices.sneaky_driver", "from drivers.ticketer.displays import SerialWindowDisplays"),
]


@pytest.mark.parametrize(("contract", "module", "line"), BREACHES, ids=[f"{c}:{m}" for c, m, _ in BREACHES])
def test_a_breach_breaks_its_contract(tree: Path, contract: str, module: str, line: str) -> None:
    path = plant(tree, module, line)
    try:
        result = lint_imports(tree, contract)
    finally:
        path.unlink()
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    assert f"{module} ->" in result.stdout


# Imports the contracts allow on purpose.
ALLOWED = [
    ("kiosk-to-hall", "kiosk.cli.sneaky", "import hall.server"),
    ("kiosk-layers", "kiosk.cli.sneaky", "import kiosk.store"),
    ("kiosk-drivers", "kiosk.station.sneaky_registry", "from drivers.registry import create_printer"),
    ("kiosk-drivers", "kiosk.cli.sneaky", "import drivers.escpos.printer"),
]


@pytest.mark.parametrize(("contract", "module", "line"), ALLOWED, ids=[f"{c}:{m}" for c, m, _ in ALLOWED])
def test_what_the_contracts_allow(tree: Path, contract: str, module: str, line: str) -> None:
    path = plant(tree, module, line)
    try:
        result = lint_imports(tree, contract)
    finally:
        path.unlink()
    assert result.returncode == 0, result.stdout
