"""Touch UI figures: cold start to an interactive home screen, screen switch time, the longest UI-thread stall
during a full demo run, and memory after 1,000 simulated citizen sessions against after 10.

    .venv/bin/python benchmarks/ui_kiosk.py [--sessions 1000]

Runs offscreen over the real station (embedded hall on a free port, simulated devices) in a throwaway data dir.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
STARTED = time.perf_counter()

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from common.settings.paths import shipped_config_dir  # noqa: E402
from devtools.ports import free_port  # noqa: E402
from kiosk.flows.flow import KioskSettings  # noqa: E402
from kiosk.flows.guide import BrowseBy, GuideFlow  # noqa: E402
from kiosk.flows.screens import CHECK_IN, GUIDE, RATE, TAKE_NUMBER  # noqa: E402
from kiosk.flows.take_number import TakeNumberFlow, TakeStep  # noqa: E402
from kiosk.station.services import StationServices, open_station_services  # noqa: E402
from ui.app import PORTRAIT, KioskUi, application  # noqa: E402
from ui.demo import run_demo  # noqa: E402

HEARTBEAT_MS = 5


def station_config(work: Path) -> Path:
    config = work / "config"
    shutil.copytree(shipped_config_dir(), config, ignore=shutil.ignore_patterns("catalog"))
    kiosk = config / "kiosk.toml"
    kiosk.write_text(kiosk.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    return kiosk


def open_ui(services: StationServices) -> KioskUi:
    kiosk_ui = KioskUi(
        hall=services.hall,
        devices=services.devices,
        technician=services.technician,
        settings=KioskSettings.from_config(services.config),
    )
    kiosk_ui.window.resize(PORTRAIT)
    kiosk_ui.show(kiosk_mode=False)
    return kiosk_ui


def settle(kiosk_ui: KioskUi, until: Callable[[], bool] = lambda: True, timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if kiosk_ui.runner.pending == 0 and until():
            return
        time.sleep(0.001)
    raise TimeoutError("the UI did not settle")


# -- cold start (in a child process, so imports and fonts are cold too) -------------------------------------------
def cold_child(config: Path) -> None:
    application()
    with open_station_services(config) as services:
        up = time.perf_counter()
        kiosk_ui = open_ui(services)
        settle(kiosk_ui, lambda: bool(kiosk_ui.kiosk.context.categories) and kiosk_ui.kiosk.offers.hall_online)
        ready = time.perf_counter()
        print(f"READY {up - STARTED:.3f} {ready - STARTED:.3f}", flush=True)
        kiosk_ui.close()


def cold_start(config: Path, runs: int = 4) -> list[tuple[float, float, float]]:
    """(wall from spawn to interactive home, of which station services up, of which UI) per run. The first run
    starts on an empty data dir (database made, tokens issued); the others restart on it, as a kiosk boots."""
    results = []
    data = tempfile.mkdtemp(prefix="kiosk-bench-data-")
    for _ in range(runs):
        env = {**os.environ, "KIOSK_DATA_DIR": data}
        spawned = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, "--cold-child", str(config)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        line = next((row for row in child.stdout if row.startswith("READY")), "")
        wall = time.perf_counter() - spawned
        child.communicate(timeout=60)
        _, services_up, ready = line.split()
        results.append((wall, float(services_up), float(ready) - float(services_up)))
    shutil.rmtree(data, ignore_errors=True)
    return results


# -- screen switches ---------------------------------------------------------------------------------------------
def screen_switches(kiosk_ui: KioskUi, rounds: int = 20) -> dict[str, tuple[list[float], list[float]]]:
    """Per screen: time until the new screen is drawn (UI thread) and until its data is shown (workers)."""
    found: dict[str, tuple[list[float], list[float]]] = {}
    for screen in (TAKE_NUMBER, CHECK_IN, GUIDE, RATE):
        drawn, loaded = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            kiosk_ui.ui.go(screen)
            QApplication.processEvents()
            drawn.append(time.perf_counter() - started)
            settle(kiosk_ui)
            loaded.append(time.perf_counter() - started)
            kiosk_ui.ui.home()
            settle(kiosk_ui)
        found[screen] = (drawn, loaded)
    return found


# -- UI-thread stalls during the demo ------------------------------------------------------------------------------
class Heartbeat:
    """A timer that should fire every few ms; the gaps between firings are how long the UI thread was busy."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def longest_stall(self, excluded: list[tuple[float, float]]) -> float:
        """The longest gap beyond the interval, leaving out the demo's own work (photographs, staff calls,
        starting and stopping the station): what is left is the kiosk's."""
        worst = 0.0
        for before, after in zip(self.beats, self.beats[1:], strict=False):
            if any(start < after and before < end for start, end in excluded):
                continue
            worst = max(worst, after - before - HEARTBEAT_MS / 1000)
        return worst


def demo_stall(config: Path, out: Path) -> tuple[float, int, int]:
    heartbeat = Heartbeat()
    heartbeat.start()
    run = run_demo(config, out)
    heartbeat.stop()
    return heartbeat.longest_stall(run.offstage), len(heartbeat.beats), len(run.shots)


# -- memory over many citizens -------------------------------------------------------------------------------------
def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def citizen(kiosk_ui: KioskUi, n: int) -> None:
    """One citizen: the guide (browse, search, an item), every tenth takes a number (printed); then home."""
    ui, kiosk = kiosk_ui.ui, kiosk_ui.kiosk
    ui.go(GUIDE)
    settle(kiosk_ui)
    guide = kiosk.flow
    assert isinstance(guide, GuideFlow)
    ui.act(lambda: guide.browse(BrowseBy.SEARCH))
    for letter in "SFZ":
        ui.act(lambda letter=letter: guide.type_letter(letter))
    ui.act(lambda: guide.browse(BrowseBy.DEPARTMENT))
    ui.act(lambda: guide.open_group(guide.groups()[n % len(guide.groups())]))
    ui.act(lambda: guide.open_item(guide.page_items()[0].code))
    if n % 10 == 0:
        ui.go(TAKE_NUMBER)
        settle(kiosk_ui)
        take = kiosk.flow
        assert isinstance(take, TakeNumberFlow)
        ui.act(lambda: take.choose("S"))
        settle(kiosk_ui, lambda: take.step is TakeStep.DONE)
        # The virtual printer keeps every receipt's image for tests to look at; a real printer keeps nothing.
        printer = kiosk.context.devices.simulators().get("printer")
        if printer is not None:
            printer.receipts.clear()  # type: ignore[attr-defined]
    ui.home()
    settle(kiosk_ui)


def memory(kiosk_ui: KioskUi, sessions: int) -> tuple[int, int]:
    for n in range(10):
        citizen(kiosk_ui, n)
    gc.collect()
    after_10 = rss_kib()
    for n in range(10, sessions):
        citizen(kiosk_ui, n)
    gc.collect()
    return after_10, rss_kib()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--cold-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        cold_child(args.cold_child)
        return 0
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as work_dir:
        work = Path(work_dir)
        config = station_config(work)
        os.environ["KIOSK_DATA_DIR"] = str(work / "data")
        cold = cold_start(config)
        application()
        stall, beats, shots = demo_stall(config, work / "demo")
        os.environ["KIOSK_DATA_DIR"] = str(work / "data-2")
        with open_station_services(config) as services:
            kiosk_ui = open_ui(services)
            settle(kiosk_ui, lambda: kiosk_ui.kiosk.offers.hall_online)
            switches = screen_switches(kiosk_ui)
            after_10, after_n = memory(kiosk_ui, args.sessions)
            kiosk_ui.close()
    report(cold, switches, (stall, beats, shots), (after_10, after_n), args.sessions)
    return 0


def report(
    cold: list[tuple[float, float, float]],
    switches: dict[str, tuple[list[float], list[float]]],
    stall: tuple[float, int, int],
    memory_kib: tuple[int, int],
    sessions: int,
) -> None:
    first, restarts = cold[0], cold[1:]
    walls = [run[0] for run in restarts]
    services_up = statistics.median(run[1] for run in restarts)
    ui_part = statistics.median(run[2] for run in restarts)
    rows = [
        ("cold start to interactive home: process spawn to home with hours shown (median of restarts)",
         f"{statistics.median(walls):.2f} s", "< 2 s",
         f"restarts {', '.join(f'{w:.2f}' for w in walls)} s (station up {services_up:.2f} s after the interpreter "
         f"started, then the UI {ui_part:.2f} s); first start on an empty data dir {first[0]:.2f} s"),
    ]  # fmt: skip
    for screen, (drawn, loaded) in switches.items():
        rows.append(
            (f"switch home -> {screen}: drawn / data shown (median, max of 20)",
             f"{statistics.median(drawn) * 1000:.1f} / {statistics.median(loaded) * 1000:.1f} ms", "",
             f"max {max(drawn) * 1000:.1f} / {max(loaded) * 1000:.1f} ms")
        )  # fmt: skip
    longest, beats, shots = stall
    detail = f"{beats} heartbeats of {HEARTBEAT_MS} ms over {shots} screens; the demo's own work left out"
    rows.append(("longest UI-thread stall during a full demo run", f"{longest * 1000:.1f} ms", "< 50 ms", detail))
    after_10, after_n = memory_kib
    growth = (after_n - after_10) / after_10 * 100
    rows.append((f"memory after {sessions} citizen sessions vs after 10", f"{growth:+.1f} %", "< 10 %",
                 f"RSS {after_10 / 1024:.1f} MiB -> {after_n / 1024:.1f} MiB"))  # fmt: skip
    print("| figure | measured | target | detail |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
