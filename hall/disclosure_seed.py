"""Notices from a TOML file (``[[notices]]`` with the fields of ``NoticeIn``), for a demo hall or a first start:
``kiosk hall disclosure seed FILE``. A notice whose title is already published is skipped, so seeding twice adds
nothing. The shipped file, config/disclosure/samples.toml, holds clearly marked, fictional samples."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from common.errors import KioskError
from common.hallapi.disclosure import NoticeIn
from hall.disclosure import NoticeBoard

SAMPLES = Path("disclosure") / "samples.toml"  # under the shipped config dir


class SeedFileError(KioskError):
    exit_code = 2


def read_notices(path: Path) -> list[NoticeIn]:
    """The file's notices, checked as the API checks them; SeedFileError naming the file and the notice."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SeedFileError(f"公告文件无法读取 / cannot read {path}: {error}") from None
    notices = []
    for number, raw in enumerate(document.get("notices", []), start=1):
        try:
            notices.append(NoticeIn.model_validate(raw))
        except ValidationError as error:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            raise SeedFileError(f"公告文件有误 / {path}, notice {number}: {problem}") from None
    return notices


def seed(board: NoticeBoard, notices: list[NoticeIn]) -> list[str]:
    """Publish each notice not yet published (by title); the titles published."""
    published = {n.title for n in board.published()}
    added = []
    for notice in notices:
        if notice.title not in published:
            board.publish(notice)
            added.append(notice.title)
    return added
