"""Rebuild the translation files: ``python -m ui.i18n.build`` (pyside6-lupdate, then pyside6-lrelease).

lupdate adds new strings to kiosk_en.ts as unfinished and marks removed ones vanished; translate them there,
then run this again to compile kiosk_en.qm. tests/ui/test_translations.py fails while any string is untranslated.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ui.i18n import QM_FILE, TS_FILE

UI_DIR = TS_FILE.parents[1]


def tool(name: str) -> str:
    """The PySide6 tool next to this Python (the venv's bin), or on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it ships with PySide6-Essentials)")
    return found


def sources() -> list[Path]:
    return sorted(path for path in UI_DIR.rglob("*.py") if "i18n" not in path.parts)


def update(ts_file: Path = TS_FILE) -> None:
    names = [str(path) for path in sources()]
    command = [tool("pyside6-lupdate"), *names, "-source-language", "zh_CN", "-target-language", "en"]
    subprocess.run([*command, "-locations", "none", "-ts", str(ts_file)], check=True, capture_output=True)


def release(ts_file: Path = TS_FILE, qm_file: Path = QM_FILE) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)], check=True, capture_output=True)


def main() -> int:
    update()
    release()
    print(f"{TS_FILE}\n{QM_FILE}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
