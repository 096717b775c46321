"""Compiling the power-cut layer (cutfs*.c) with the machine's gcc, once per source version, into a cache dir."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = [HERE / "cutfs.c", HERE / "cutfs_data.c", HERE / "cutfs_names.c"]
HEADER = HERE / "cutfs.h"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME if set; else inside the virtualenv running this (it outlives a test's private HOME)."""
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "kiosk-powercut"
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "cache" / "kiosk-powercut"
    return Path.home() / ".cache" / "kiosk-powercut"


def library() -> Path:
    """The path of the compiled layer, building it first if this source was never compiled here."""
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in [HEADER, *SOURCES])).hexdigest()[:16]
    target = cache_dir() / f"cutfs-{digest}.so"
    if target.exists():
        return target
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        raise RuntimeError("未找到 C 编译器 / no C compiler (gcc) to build the power-cut layer")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        built = Path(scratch) / target.name
        command = [compiler, "-shared", "-fPIC", "-O2", "-Wall", "-Wno-format-truncation"]
        command += ["-o", str(built), *map(str, SOURCES), "-ldl", "-lpthread"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"掉电层编译失败 / the power-cut layer did not compile:\n{result.stderr}")
        built.replace(target)  # atomic: a concurrent build of the same source lands the same bytes
    return target
