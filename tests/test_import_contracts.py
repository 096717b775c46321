"""The layer contracts hold, and would catch Qt creeping into the application layer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(root), "PATH": str(LINT_IMPORTS.parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root)
    for package in ("common", "devices", "drivers", "hall", "kiosk", "ui"):
        shutil.copytree(REPO / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_contracts_are_kept(tmp_path: Path) -> None:
    result = lint_imports(copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_qt_import_under_kiosk_breaks_the_build(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / "kiosk" / "sneaky.py").write_text("from PySide6.QtCore import QTimer\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "only the touch UI imports Qt BROKEN" in result.stdout
    assert "kiosk.sneaky -> PySide6" in result.stdout


def test_devices_importing_drivers_breaks_the_build(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    (root / "devices" / "sneaky.py").write_text("import drivers\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode != 0 and "devices.sneaky -> drivers" in result.stdout
