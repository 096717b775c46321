"""The previous tagged release, extracted once per test session, for the version-skew tests.

``previous_release`` is the newest ``v*`` tag older than this tree's HEAD (``git describe`` from HEAD's parent,
so a tree sitting on a tag is compared with the release before it), extracted with ``git archive``. Its code runs
with this tree's ``.venv`` python and ``PYTHONPATH`` set to it: the release's dependencies must all be installed
here, which holds while dependencies are only ever added (the fixture checks it, and skips if not).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import Running

ROOT = Path(__file__).resolve().parents[3]
DRIVER = Path(__file__).with_name("skew_driver.py")
FETCH_TAGS = "git fetch --tags --unshallow origin (or clone without --depth) to get the release tags"
AGAINST = "KIOSK_SKEW_RELEASE"  # a tag or commit to take as the previous release instead (docs/upgrades.md)


def extract_previous_release(into: Path) -> Release:
    """The previous release extracted under ``into``; skips the test (saying how to fetch tags) without one."""
    tag = os.environ.get(AGAINST) or previous_tag()
    if tag is None:
        pytest.skip(f"no release tag older than HEAD (a shallow clone?): {FETCH_TAGS}")
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", tag], stdout=subprocess.PIPE)
    extracted = subprocess.run(["tar", "-x", "-C", str(into)], stdin=archive.stdout, check=False)
    assert archive.wait() == 0 and extracted.returncode == 0, f"could not extract {tag}"
    missing = requirement_names(into / "pyproject.toml") - requirement_names(ROOT / "pyproject.toml")
    if missing:
        pytest.skip(f"{tag} needs packages this tree no longer installs: {', '.join(sorted(missing))}")
    return Release(tag, into)


@dataclass(frozen=True)
class Release:
    tag: str
    tree: Path

    def env(self, data_dir: Path) -> dict[str, str]:
        return {"PYTHONPATH": str(self.tree), "KIOSK_DATA_DIR": str(data_dir)}

    def run(self, argv: Sequence[str], data_dir: Path, timeout: float = 180) -> str:
        """Run ``python ARGV`` on this release's code (``-P``: the script's own directory is not on the path)."""
        done = subprocess.run(
            [sys.executable, "-P", *argv], env={**os.environ, **self.env(data_dir)}, cwd=self.tree,
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{argv} ended {done.returncode}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, argv: Sequence[str], data_dir: Path) -> Running:
        return Running([sys.executable, "-P", *argv], env=self.env(data_dir), cwd=self.tree)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def previous_tag(root: Path = ROOT) -> str | None:
    """The newest ``v*`` tag reachable from HEAD's parent, or None (no git, a shallow clone, no tag yet)."""
    return git(root, "describe", "--tags", "--abbrev=0", "--match", "v*", "HEAD^") or None


def requirement_names(pyproject: Path) -> set[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    return {re.split(r"[\s<>=!~;\[(]", item, maxsplit=1)[0].lower().replace("_", "-") for item in wanted}
