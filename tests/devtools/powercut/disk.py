"""What the power-cut tests do to a directory before the child starts."""

from __future__ import annotations

import os
from pathlib import Path


def sync_tree(root: Path) -> None:
    """What an installed station has long had on disk: every file and directory under ``root`` durable."""
    for path in [root, *root.rglob("*")]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
