"""Logging: one line per event, rotating files in the data dir, and no readable ID number in any line."""

from __future__ import annotations

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


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are 0600 whatever the umask: a masked line still says who came when."""

    def _open(self) -> Any:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)


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
