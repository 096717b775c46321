"""The last known good copy of a config file, so a damaged file never keeps a station down.

Each time a long-running command (``kiosk run``, ``kiosk hall serve``, ``kiosk hall devices``) starts from a
config file that loads, it keeps a byte-for-byte copy beside it, ``.<name>.last-good`` (mode 0600 whatever the
umask: the file may hold a token or the PIN's hash; written beside and renamed, so a power cut leaves the old
copy or the new one). When the file later cannot be used (truncated, garbage bytes, a key that fails
validation), the command starts from that copy and says so loudly: one bilingual warning line naming the file,
the problem and the copy, on stderr and in the log (which the technician page shows). A file that is the
first part of the copy, shorter, counts as damaged even when what is left parses: a save cut off at a line's
end would otherwise quietly drop every key after the cut. Without a copy the
problem stops the start as before. ``kiosk config check`` still reports the damaged file itself. The shipped
files (``config/``) are part of the installation and get no copy.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from common.errors import ConfigError
from common.settings.paths import PRIVATE_FILE_MODE, open_private, shipped_config_dir

log = logging.getLogger(__name__)

Config = TypeVar("Config")


def last_good_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.last-good")


def fallback_warning(path: Path, copy: Path, problem: str) -> str:
    return (
        f"{path}: 配置文件无法使用，已按上次成功启动时的副本运行，请尽快修复 / the config file cannot be used; "
        f"running from the copy kept at the last good start ({copy}); fix the file soon. Problem: {problem}"
    )


def load_keeping_last_good(path: Path, load: Callable[[Path], Config]) -> tuple[Config, str | None]:
    """``load(path)``, keeping the copy; or, when the file cannot be used and a copy exists, ``load(copy)`` and
    the warning to log once logging is set up (a warning reaches stderr too). Raises the file's ConfigError
    when there is no usable copy."""
    try:
        _refuse_cut_short(path)
        config = load(path)
    except ConfigError as error:
        copy = last_good_path(path)
        if not copy.is_file():
            raise
        try:
            config = load(copy)
        except ConfigError:
            raise error from None
        warning = fallback_warning(path, copy, error.message.removeprefix(f"{path}: "))
        return config, warning
    _keep(path)
    return config, None


def _refuse_cut_short(path: Path) -> None:
    """A file cut at a line's end may still parse, quietly losing every key after the cut: a file that is the
    first part of the last good copy, and shorter, is taken for what a cut-off save leaves."""
    copy = last_good_path(path)
    with contextlib.suppress(OSError):
        data, kept = path.read_bytes(), copy.read_bytes()
        if len(data) < len(kept) and kept.startswith(data):
            line, lines = len(data.splitlines()), len(kept.splitlines())
            raise ConfigError(
                f"{path}: 第 {line} 行后被截断 / cut short: the file ends at line {line} of the last good "
                f"copy's {lines}"
            )


def _keep(path: Path) -> None:
    copy = last_good_path(path)
    if path.resolve().parent == shipped_config_dir().resolve():
        return  # the shipped files are part of the installation, not a station's own config
    try:
        data = path.read_bytes()
        if copy.is_file() and copy.read_bytes() == data:
            copy.chmod(PRIVATE_FILE_MODE)
            return
        partial = copy.with_name(copy.name + ".partial")
        fd = open_private(partial)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        partial.replace(copy)
    except OSError as error:  # a read-only config dir: the station runs, only without the safety copy
        log.warning("no last-good copy of %s kept (%s)", path, error.strerror or error)
