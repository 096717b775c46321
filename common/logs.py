"""Logging: one line per event, rotating files in the data dir, and no readable ID number in any line."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from common.settings.paths import open_private, private_dir
from devices.privacy import mask_id_numbers

LOG_FILE = "kiosk.log"
_OURS = "_kiosk_handler"


class IdNumberMaskingFilter(logging.Filter):
    """Masks ID numbers in the message, its arguments, the exception and the stack before any handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_id_numbers(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_id_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_id_numbers(record.stack_info)
        return True


LOG_PAUSED = (
    "日志无法写入，暂停记录，恢复后自动继续 / cannot write the log ({reason}); logging pauses and resumes by itself"
)
LOG_RESUMED = "日志恢复写入 / logging resumed; {lost} lines were lost while it could not write ({reason})"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are 0600 whatever the umask: a masked line still says who came when.

    A log that cannot be written (the disk full, the file system gone read-only) never stops the process and never
    floods stderr with a traceback a line: stderr gets one line when writing stops, the log one when it resumes,
    counting the lines lost in between."""

    lost = 0  # lines not written since writing stopped
    failure = ""
    _resuming = False

    def _open(self) -> Any:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        if self.lost:
            resumed = logging.makeLogRecord({"name": __name__, "levelno": logging.WARNING, "levelname": "WARNING"})
            resumed.msg = LOG_RESUMED.format(lost=self.lost, reason=self.failure)
            lost, self._resuming = self.lost, True
            try:
                super().emit(resumed)
            finally:
                self._resuming = False
            if self.lost > lost:  # still failing: the line saying so was not written either
                self.lost = lost + 1
                return
            self.lost, self.failure = 0, ""
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)
            return
        if not self.lost:
            self.failure = error.strerror or type(error).__name__
            with contextlib.suppress(Exception):
                sys.stderr.write(LOG_PAUSED.format(reason=self.failure) + "\n")
        self.lost += 1


class OneLineFormatter(logging.Formatter):
    """ISO time with offset, level, logger, message; newlines (tracebacks too) escaped so one event is one line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


class ConsoleFormatter(OneLineFormatter):
    """The terminal gets the line without the traceback; the log file keeps it."""

    def format(self, record: logging.LogRecord) -> str:
        if not (record.exc_info or record.exc_text or record.stack_info):
            return super().format(record)
        plain = logging.makeLogRecord(record.__dict__)
        plain.exc_info, plain.exc_text, plain.stack_info = None, None, None
        return super().format(plain) + " (详情见日志 / traceback in the kiosk log)"


def setup_logging(
    data_dir: Path, level: str = "INFO", *, max_bytes: int = 5_000_000, backups: int = 5, console: bool = True
) -> Path:
    """Send every logger to ``data_dir/logs/kiosk.log`` (and warnings to stderr); return the file's path."""
    log_dir = private_dir(data_dir / "logs")
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = [
        PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    ]
    if console:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.WARNING)
        handlers.append(stderr)
    for handler in handlers:
        setattr(handler, _OURS, True)
        handler.addFilter(IdNumberMaskingFilter())
        handler.setFormatter(OneLineFormatter() if handler is handlers[0] else ConsoleFormatter())
        root.addHandler(handler)
    root.setLevel(level)
    return path
