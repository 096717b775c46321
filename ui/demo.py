"""`kiosk demo`: the real UI offscreen over the real station (simulated devices, embedded hall), walked through
every screen in Chinese, English and elder mode; a PNG per screen and state, every receipt printed, index.html."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from common.settings.loader import load_kiosk_config
from common.settings.paths import shipped_config_dir
from kiosk.station.services import open_station_services
from ui.app import application
from ui.contact_sheet import write_contact_sheet
from ui.demo_booking import walk_booking
from ui.demo_clock import DemoWallClock
from ui.demo_disclosure import walk_disclosure
from ui.demo_filing import walk_filing
from ui.demo_payment import walk_payment
from ui.demo_run import VARIANTS, DemoClock, DemoRun, Variant, copy_printed, data_dir_env
from ui.demo_voice import walk_voice
from ui.demo_walk import VARIANT_CARDS, walk_landscape, walk_offline, walk_out_of_hours, walk_variant

# The demo's hall has one more window, a self-service guide desk that calls the self-service numbers (S): so the
# demo can be served and rate its ticket at any hour. Everything else is the hall the kiosk config names.
DEMO_HALL_WINDOW = """

[[windows]]
number = 9
name = "自助服务导办台"
name_en = "Self-service help desk"
categories = ["S"]
staff = "9001"
"""


def demo_config(config_path: Path, work: Path) -> Path:
    """A copy of the kiosk config's folder with the demo's hall config in it (the embedded hall reads that one)."""
    for path in config_path.parent.glob("*.toml"):
        shutil.copyfile(path, work / path.name)
    kiosk_file = work / config_path.name
    hall_file = work / "hall.toml"
    if not hall_file.exists():
        shutil.copyfile(shipped_config_dir() / "hall.toml", hall_file)
    with hall_file.open("a", encoding="utf-8") as hall:
        hall.write(DEMO_HALL_WINDOW)
    return kiosk_file


def run_demo(
    config_path: Path,
    out: Path,
    *,
    data_dir: Path | None = None,
    variants: tuple[Variant, ...] = VARIANTS,
    landscape: bool = True,
    offline: bool = True,
) -> DemoRun:
    """Walk the UI and write the PNGs, the printed receipts and index.html into ``out``."""
    application()
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.png"), *out.glob("*.json")]:
        old.unlink()
    # The hall and the screens walk at a fixed moment (a Monday mid-morning), whatever the real day.
    clock = DemoClock()
    wall = DemoWallClock(clock, ZoneInfo(load_kiosk_config(config_path).station.timezone))
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-demo-config-") as work,
        data_dir_env(data_dir),
        open_station_services(demo_config(config_path, Path(work)), hall_clock=wall) as services,
    ):
        run = DemoRun(out, services, clock, wall=wall, offstage=[(started, time.perf_counter())])
        try:
            run.open_ui("portrait")
            for n, variant in enumerate(variants):
                walk_variant(run, variant)
                walk_filing(run, variant.key, card=VARIANT_CARDS.get(variant.key, 0))
                walk_payment(run, variant.key, n)
                walk_booking(run, variant.key, card=VARIANT_CARDS.get(variant.key, 0))
            walk_voice(run, variants)
            walk_out_of_hours(run)
            run.close_ui()
            if landscape:
                run.open_ui("landscape")
                walk_landscape(run)
                run.close_ui()
            if offline:
                run.open_ui("portrait")
                walk_disclosure(run)  # 政务公开 in each mode, then with the hall away (it stops the hall)
                walk_offline(run)
        finally:
            run.close_ui()
        closing = time.perf_counter()
        printed = copy_printed(services.printed_dir, out / "printed")
    write_contact_sheet(out, run.shots, printed, {v.key: v.title for v in variants})
    run.offstage.append((closing, time.perf_counter()))
    return run
