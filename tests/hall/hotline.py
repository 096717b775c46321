"""A hall with the 12345 hotline link pointed at a receiver, and the bad ratings the hotline tests make."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from hall.hotline_page import HotlineLink
from hall.keyring import keys_dir
from hall.ratings import NewRating, RatedService, RatingBook
from hall.server import Hall, build_hall
from hall.workers import stop_workers
from tests.support.clocks import FrozenClock
from tests.support.paths import SHIPPED_CONFIG

ITEM = "339900-002-GG-00101-002"  # 社会保障卡补领, served at window 2


def hotline_config(tmp_path: Path, url: str, **keys: object) -> Path:
    """The shipped hall.toml with ``[hotline]`` url set, its worker's own turns an hour apart (the tests call its
    step), and ``keys`` overriding others."""
    text = (SHIPPED_CONFIG / "hall.toml").read_text(encoding="utf-8")
    start = text.index("\n[hotline]\n")
    end = text.find("\n[", start + 1)
    section = text[start : end if end != -1 else len(text)]
    values = {"url": f'"{url}"', "every_s": "3600.0", **{k: _toml(v) for k, v in keys.items()}}
    for key, value in values.items():
        section, found = re.subn(rf"(?m)^{key} = [^#\n]*", f"{key} = {value}   ", section)
        assert found == 1, key
    path = tmp_path / "hall-hotline.toml"
    path.write_text(text[:start] + section + (text[end:] if end != -1 else ""), encoding="utf-8")
    return path


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


@contextlib.contextmanager
def hotline_hall(tmp_path: Path, db_url: str, clock: FrozenClock, url: str, **keys: object) -> Iterator[Hall]:
    built = build_hall(hotline_config(tmp_path, url, **keys), db_url, clock=clock)
    stop_workers(built.app)  # the tests take the link's steps themselves
    try:
        yield built
    finally:
        built.close()


def link_of(hall: Hall) -> HotlineLink:
    """The hall's hotline link, its background worker stopped: the test takes its steps itself."""
    link: HotlineLink = hall.app.state.hotline
    link.worker.stop()
    return link


def key_file(hall: Hall) -> Path:
    return keys_dir(hall.config) / f"{hall.config.hotline.key_name}.key"


def bad_rating(hall: Hall, filing: str = "F-0001", *, level: int = 1, comment: str | None = None) -> RatedService:
    book = RatingBook(hall.queue, hall.queue.config.ratings)
    return book.rate(
        NewRating(
            level=level,
            channel="qr",
            filing_id=filing,
            reasons=("办理时间过长", "工作人员态度不好") if level <= 2 else (),
            window=2,
            staff="1002",
            item_code=ITEM,
            comment=comment,
        )
    )


def eventually(condition: Callable[[], object], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)
