"""A power-cut layer: an LD_PRELOAD library that journals unsynced writes, and the cut that throws them away.

A SIGKILL leaves everything the process wrote in the kernel's page cache; a power cut loses what was never
fsynced. Start the process under test with ``preload_env`` (the layer, cutfs.c, is compiled on first use),
kill it, then call ``cut``: every file under the watched directory loses the writes, creations and renames
that were never made durable. The model and its limits: docs/development.md, "Power cuts".
"""

from __future__ import annotations

import random
from pathlib import Path

from devtools.powercut.build import library
from devtools.powercut.journal import read_journal
from devtools.powercut.revert import CutReport, revert

__all__ = ["CutReport", "cut", "preload_env"]


def preload_env(watched_dir: Path, journal: Path) -> dict[str, str]:
    """Extra environment for a child process: the layer preloaded, the directory it watches, its journal."""
    watched = watched_dir.resolve()
    journal = journal.resolve()
    if journal.is_relative_to(watched):
        raise ValueError(f"掉电日志不能在被监视的目录中 / the journal must be outside {watched}: {journal}")
    return {"LD_PRELOAD": str(library()), "POWERCUT_DIR": str(watched), "POWERCUT_JOURNAL": str(journal)}


def cut(watched_dir: Path, journal: Path, rng: random.Random, *, drop_all: bool = False) -> CutReport:
    """After the child was killed: undo under ``watched_dir`` what it never made durable.

    A seeded random subset of the undurable writes, creations and renames is lost (the same seed on the
    same journal and files loses the same ones), or all of them with ``drop_all``. The journal is emptied
    afterwards, so the next run of the child starts a new one."""
    records = read_journal(journal)
    report = revert(watched_dir.resolve(), records, None if drop_all else rng)
    if journal.exists():
        journal.write_bytes(b"")
    return report
