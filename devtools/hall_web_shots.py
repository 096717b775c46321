"""Screenshots of the staff's and supervisors' pages for docs/hall-web.md: a hall with the demo day
(hall/demo_day.py) on a throwaway SQLite database, served on a free port; Debian's chromium (Playwright) signs in
as the demo's staff member and supervisor and photographs every page in each one's navigation, the first detail
page each links to, the sign-in page, and two pages at a tablet's width. PNGs are reduced to a palette.

    .venv/bin/python -m devtools.hall_web_shots [--out docs/images/hall-web] [--only /web/queue]

The pages are whatever the hall registers (``add_nav``): run it again after adding one. The hall's clock stands at
Monday 2026-11-23 10:40 in Shanghai (the tests' working morning) and runs on from there while it serves."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from devtools.ports import free_port
from hall.demo_day import STAFF_TOKEN, SUPERVISOR_TOKEN, DemoClock, fill_demo_day
from hall.server import Hall, build_hall
from hall.serving import HallServer
from hall.transport import hall_uvicorn_config
from hall.workers import stop_workers

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images" / "hall-web"
CHROMIUM = Path("/usr/bin/chromium")
MORNING = datetime(2026, 11, 23, 10, 40, tzinfo=ZoneInfo("Asia/Shanghai"))
OFFICE: ViewportSize = {"width": 1366, "height": 768}
TABLET: ViewportSize = {"width": 800, "height": 1280}
MAX_HEIGHT = 2400  # a long page is cut here: the picture shows what it is, not every row
COLOURS = 96


class RunningClock(DemoClock):
    """The demo's clock, then running on in real time from where the demo left it."""

    def __init__(self, moment: datetime) -> None:
        super().__init__(moment)
        self.started: float | None = None

    def run(self) -> None:
        self.started = time.monotonic()

    def __call__(self) -> datetime:
        if self.started is None:
            return self.moment
        return self.moment + timedelta(seconds=time.monotonic() - self.started)


@dataclass
class Shots:
    out: Path
    only: str | None = None
    taken: list[Path] = field(default_factory=list)

    def wanted(self, path: str) -> bool:
        return self.only is None or path == self.only or path.startswith(self.only.rstrip("/") + "/")

    def take(self, page: Page, name: str) -> None:
        page.wait_for_load_state("load")  # not "networkidle": a live page's event stream stays open
        page.wait_for_timeout(300)  # a live page's first panel swap
        target = self.out / f"{name}.png"
        height = min(MAX_HEIGHT, int(page.evaluate("() => document.documentElement.scrollHeight")))
        width = int(page.viewport_size["width"]) if page.viewport_size else OFFICE["width"]
        page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
        small(target)
        self.taken.append(target)


def small(path: Path) -> None:
    """The PNG as a palette image, optimised: UI pictures hold few colours."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(
            colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    reduced.save(path, optimize=True)


def slug(path: str) -> str:
    name = path.removeprefix("/web").strip("/")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "home"


@contextlib.contextmanager
def demo_hall(directory: Path) -> Iterator[tuple[Hall, dict[str, str], str]]:
    """The demo hall served on a free port: the hall, the demo's tokens, and its address."""
    clock = RunningClock(MORNING)
    hall = build_hall(ROOT / "config" / "hall.toml", f"sqlite:///{directory / 'hall.db'}", clock=clock)
    try:
        stop_workers(hall.app)  # the day is written first; then each background job takes one turn over it
        summary = fill_demo_day(hall, clock, MORNING)
        for worker in getattr(hall.app.state, "workers", []):
            worker.step()  # electronic supervision's warnings, the hotline's work orders
        clock.run()
        port = free_port()
        config = hall_uvicorn_config(hall.app, hall.config.server, host="127.0.0.1", port=port)
        config.timeout_graceful_shutdown = 1
        server = HallServer(config)
        thread = threading.Thread(target=server.run, name="shots-uvicorn")
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        try:
            yield hall, summary.tokens, f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=15)
    finally:
        hall.close()


def signed_in(browser: Browser, base: str, token: str, size: ViewportSize) -> Page:
    context = browser.new_context(viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/web/sign-in?next=/web")
    page.fill("input[name=token]", token)
    page.click("form[action='/web/sign-in'] button[type=submit]")
    page.wait_for_url(f"{base}/web")
    return page


def nav_paths(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all("header.top nav a", "links => links.map(a => a.getAttribute('href'))")
    return [h for h in hrefs if isinstance(h, str) and h.startswith("/web")]


def first_detail(page: Page, path: str) -> str | None:
    """The first link in the page's main part to a page below ``path`` (a filing, a rating…), not a download."""
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if not isinstance(href, str) or not href.startswith(path.rstrip("/") + "/"):
            continue
        if re.search(r"(export|download|format=|\.csv|\.xlsx|/panel)", href):
            continue
        return href
    return None


def walk(page: Page, base: str, role: str, shots: Shots) -> None:
    """Every page in this person's navigation, and the first detail page each links to."""
    if shots.wanted("/web"):
        shots.take(page, f"{role}-home")
    for path in nav_paths(page):
        if not shots.wanted(path):
            continue
        page.goto(base + path)
        shots.take(page, f"{role}-{slug(path)}")
        detail = first_detail(page, path)
        if detail is not None:
            page.goto(base + detail)
            shots.take(page, f"{role}-{slug(path)}-detail")


def take_all(out: Path, only: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = Shots(out, only)
    with (
        tempfile.TemporaryDirectory() as directory,
        demo_hall(Path(directory)) as (_hall, tokens, base),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            if only is None:
                page = browser.new_context(viewport=OFFICE, locale="zh-CN").new_page()
                page.goto(f"{base}/web/sign-in")
                shots.take(page, "sign-in")
            for role, name in (("supervisor", SUPERVISOR_TOKEN), ("staff", STAFF_TOKEN)):
                page = signed_in(browser, base, tokens[name], OFFICE)
                walk(page, base, role, shots)
                if only is None:  # the tablet: the queue overview, else the first page of this person's navigation
                    tablet = signed_in(browser, base, tokens[name], TABLET)
                    paths = nav_paths(tablet)
                    first = next((p for p in paths if p.endswith("/queue")), paths[0] if paths else "/web")
                    tablet.goto(base + first)
                    shots.take(tablet, f"tablet-{role}-{slug(first)}")
        finally:
            browser.close()
    return shots.taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT.relative_to(ROOT)}")
    parser.add_argument("--only", help="only this page (and its detail pages), e.g. /web/queue")
    args = parser.parse_args(argv)
    taken = take_all(args.out, args.only)
    total = sum(p.stat().st_size for p in taken)
    for path in taken:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        sys.stdout.write(f"{shown}  {path.stat().st_size // 1024} KB\n")
    sys.stdout.write(f"{len(taken)} pictures, {total // 1024} KB\n")
    return 0 if taken else 1


if __name__ == "__main__":
    sys.exit(main())
