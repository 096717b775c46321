"""The demo's moving parts: a clock it can move, the variants it walks, and the run that takes the pictures."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication

from devices.words import Language
from kiosk.flows.flow import Flow, KioskSettings, WallClock, real_time
from kiosk.flows.voice import VoiceSettings
from kiosk.station.services import StationServices
from ui.app import LANDSCAPE, PORTRAIT, KioskUi
from ui.layout_probe import Shown, as_json, probe
from ui.theme import Orientation
from ui.widgets.scroll import WholeLineScroll


class DemoClock:
    """Monotonic time that the demo can move forward (to show the walk-away countdown without waiting)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset


@dataclass(frozen=True)
class Variant:
    language: Language
    elder: bool = False

    @property
    def key(self) -> str:
        return ("zh" if self.language == "zh_CN" else "en") + ("-elder" if self.elder else "")

    @property
    def title(self) -> str:
        names = {"zh": "中文 / Chinese", "en": "英文 / English", "zh-elder": "长辈模式 / Elder mode (Chinese)"}
        return names.get(self.key, self.key)


VARIANTS = (Variant("zh_CN"), Variant("en"), Variant("zh_CN", elder=True))


@dataclass(frozen=True)
class Shot:
    scene: str
    variant: str
    path: Path
    # What was on screen when the picture was taken (also in ``path`` with .json): see ui/layout_probe.py.
    layout: list[Shown] = field(default_factory=list, compare=False)
    window: tuple[int, int] = (0, 0)
    elder: bool = False


@dataclass
class DemoRun:
    out: Path
    services: StationServices
    clock: DemoClock
    wall: WallClock = real_time  # the time of day the hall and the screens show (ui/demo_clock.py)
    shots: list[Shot] = field(default_factory=list)
    kiosk_ui: KioskUi | None = None
    staff_token: str = ""
    # (start, end) of the demo's own work on the UI thread: photographs, staff calls, starting and stopping the
    # station or a window. benchmarks/ui_kiosk.py leaves these out of the kiosk's UI-thread stalls.
    offstage: list[tuple[float, float]] = field(default_factory=list)

    @contextmanager
    def backstage(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.offstage.append((started, time.perf_counter()))

    @property
    def ui(self) -> KioskUi:
        assert self.kiosk_ui is not None
        return self.kiosk_ui

    def open_ui(self, orientation: Orientation) -> KioskUi:
        with self.backstage():
            return self._open_ui(orientation)

    def _open_ui(self, orientation: Orientation) -> KioskUi:
        services = self.services
        self.kiosk_ui = KioskUi(
            hall=services.hall,
            devices=services.devices,
            technician=services.technician,
            filing=services.filing_port,
            booking=services.booking,
            camera=services.document_camera,
            disclosure=services.disclosure,
            payment=services.payment,
            settings=KioskSettings.from_config(services.config),
            orientation=orientation,
            clock=self.clock,
            wall_clock=self.wall,
            voice=services.voice,
            voice_settings=VoiceSettings.from_config(services.config),
        )
        self.ui.window.resize(PORTRAIT if orientation == "portrait" else LANDSCAPE)
        self.ui.show(kiosk_mode=False)
        self.settle()
        return self.ui

    def close_ui(self) -> None:
        if self.kiosk_ui is not None:
            with self.backstage():
                self.kiosk_ui.close()
            self.kiosk_ui = None
            QApplication.processEvents()

    def settle(self, until: Callable[[], bool] = lambda: True, timeout_s: float = 15.0) -> bool:
        """Let workers finish and Qt lay out; True once ``until`` holds (False after the timeout)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            QApplication.processEvents()
            if self.ui.runner.pending == 0 and until():
                QApplication.processEvents()
                return True
            time.sleep(0.01)
        return False

    def shot(self, scene: str, variant: str, *, mid_job: bool = False) -> Path:
        """A picture of the window and the record of what it shows. ``mid_job``: as it is now, while a job still
        runs (the card wait), instead of after the jobs end."""
        settle = QApplication.processEvents if mid_job else self.settle
        settle()
        path = self.out / f"{len(self.shots) + 1:03d}-{variant}-{scene}.png"
        window = self.ui.window
        for scroll in window.findChildren(WholeLineScroll):
            scroll.fit_lines()  # what each does within RECHECK_MS of being drawn, done now
        settle()
        with self.backstage():
            saved = window.grab().save(str(path), "PNG")
            layout = probe(window)
            size = (window.width(), window.height())
            elder = self.ui.kiosk.elder_mode
            record = {"scene": scene, "variant": variant, "window": size, "elder": elder, "shown": as_json(layout)}
            path.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        if not saved:
            raise OSError(f"无法写入截图 / cannot write {path}")
        self.shots.append(Shot(scene, variant, path, layout, size, elder))
        return path


@contextmanager
def data_dir_env(data_dir: Path | None) -> Iterator[None]:
    """Run the station on a fresh data dir (the demo's numbers never mix with a real kiosk's)."""
    if data_dir is None:
        yield
        return
    before = os.environ.get("KIOSK_DATA_DIR")
    os.environ["KIOSK_DATA_DIR"] = str(data_dir)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("KIOSK_DATA_DIR", None)
        else:
            os.environ["KIOSK_DATA_DIR"] = before


def copy_printed(source: Path | None, target: Path) -> list[Path]:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if source is None or not source.exists():
        return []
    copied = []
    for path in sorted(source.glob("*.png")):
        copied.append(Path(shutil.copy2(path, target / path.name)))
    return copied


F = TypeVar("F", bound=Flow)


def flow_of(run: DemoRun, kind: type[F]) -> F:
    """The flow on screen, which the scene expects to be a ``kind``."""
    flow = run.ui.kiosk.flow
    if not isinstance(flow, kind):
        raise RuntimeError(f"demo expected {kind.__name__} on screen {run.ui.kiosk.screen}, found {flow!r}")
    return flow


def act(run: DemoRun, action: Any) -> None:
    """Tap: run the action as the UI does, then let its jobs end."""
    run.ui.ui.act(action)
    run.settle()
