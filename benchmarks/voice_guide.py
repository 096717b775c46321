"""The voice-guided mode's costs: how long its listener holds the UI thread after each change, against the
window's own drawing of the same change; and how long the station's voice takes to make what it says, against
how long that lasts when heard (espeak-ng and the clips engine).

    .venv/bin/python benchmarks/voice_guide.py [--citizens 10]

Runs offscreen over the real station (embedded hall on a free port, simulated devices) in a throwaway data dir;
results in docs/accessible-mode.md.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import tempfile
import time
import wave
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from common.settings.paths import shipped_config_dir
from devtools.ports import free_port
from drivers.registry import create_speech
from kiosk.flows.flow import KioskSettings
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.flows.voice import VoiceSettings
from kiosk.flows.voice_words import spoken
from kiosk.station.services import open_station_services
from ui.app import PORTRAIT, KioskUi, application

TEXTS = {
    "a button": "取号，选择业务，领取排队号，按钮。再次点击确认。",
    "a page": "取号。请点选您要办理的业务，点一下即取号。可选：社保医保、不动产登记、自助服务、绿色通道。",
    "the ticket": "取号成功。您的排队号。S007。自助服务。请到24小时自助服务区等候叫号。您前面还有 1 人等候，"
    "预计等候约 1 分钟。当日有效（11月23日），取号时间 10:17。请取走排队小票，留意叫号。",
    "the ticket (en)": "Here is your number. Your number. S007. Self-service. Please wait in 24-hour self-service "
    "area. 2 people are ahead of you. About 2 minutes' wait.",
}


def timed(listener: Callable[[], None], into: list[float]) -> Callable[[], None]:
    def run() -> None:
        started = time.perf_counter()
        listener()
        into.append((time.perf_counter() - started) * 1000)

    return run


def listener_costs(citizens: int, work: Path) -> tuple[list[float], list[float]]:
    config = work / "config"
    shutil.copytree(shipped_config_dir(), config, ignore=shutil.ignore_patterns("catalog"))
    kiosk_file = config / "kiosk.toml"
    kiosk_file.write_text(kiosk_file.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    os.environ["KIOSK_DATA_DIR"] = str(work / "data")
    drawing: list[float] = []
    speaking: list[float] = []
    with open_station_services(kiosk_file) as services:
        made = KioskUi(
            hall=services.hall,
            devices=services.devices,
            technician=services.technician,
            settings=KioskSettings.from_config(services.config),
            voice=services.voice,
            voice_settings=VoiceSettings.from_config(services.config),
        )
        made.window.resize(PORTRAIT)
        made.show(kiosk_mode=False)
        kiosk = made.kiosk

        def settle(until: Callable[[], bool] = lambda: True) -> None:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                QApplication.processEvents()
                if made.runner.pending == 0 and until():
                    return
                time.sleep(0.005)
            raise TimeoutError("the UI did not settle")

        settle(lambda: kiosk.offers.hall_online)
        window_listener, voice_listener = made.window.show_state, made.voice_guide.after_change
        listeners = kiosk._listeners  # the window's drawing, then the voice guide's
        listeners[listeners.index(window_listener)] = timed(window_listener, drawing)
        listeners[listeners.index(voice_listener)] = timed(voice_listener, speaking)
        try:
            for _ in range(citizens):
                made.ui.act(lambda: kiosk.set_voice_mode(True))
                settle()
                made.ui.go("take_number")
                settle(lambda: isinstance(kiosk.flow, TakeNumberFlow) and kiosk.flow.step is TakeStep.CHOOSE)
                flow = kiosk.flow
                assert isinstance(flow, TakeNumberFlow)
                made.ui.act(lambda flow=flow: flow.choose("S"))
                settle(lambda flow=flow: flow.step is TakeStep.DONE)
                made.ui.home()
                settle()
                made.ui.act(lambda: kiosk.set_voice_mode(False))
                settle()
        finally:
            made.close()
    return drawing, speaking


def seconds_of(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as heard:
        return heard.getnframes() / heard.getframerate()


def synthesis(work: Path) -> list[tuple[str, str, float, float]]:
    rows = []
    for engine in ("espeak", "clips"):
        speak = create_speech(engine, work / engine)
        speak("一")  # the clips engine makes its clips once, on first use
        for name, text in TEXTS.items():
            language = "en" if name.endswith("(en)") else "zh_CN"
            said = spoken(text, language)  # type: ignore[arg-type]
            times = []
            for _ in range(5):
                started = time.perf_counter()
                wav = speak(said)
                times.append((time.perf_counter() - started) * 1000)
            rows.append((engine, name, statistics.median(times), seconds_of(wav)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=10)
    args = parser.parse_args()
    application()
    with tempfile.TemporaryDirectory(prefix="voice-bench-") as work:
        drawing, speaking = listener_costs(args.citizens, Path(work))
        rows = synthesis(Path(work))
    print(f"UI thread per change, {args.citizens} citizens taking a number in voice mode ({len(speaking)} changes)\n")
    print("| listener | median ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    for name, values in (("the window drawing the change (baseline)", drawing), ("the voice guide", speaking)):
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        print(f"| {name} | {statistics.median(values):.2f} | {p95:.2f} | {max(values):.2f} |")
    print("\nMaking what is said (on the voice's own thread), median of 5, against how long it lasts\n")
    print("| engine | text | made in ms | lasts s | made / lasts |")
    print("|---|---|---|---|---|")
    for engine, name, made_ms, lasts in rows:
        print(f"| {engine} | {name} | {made_ms:.0f} | {lasts:.1f} | {made_ms / 1000 / lasts:.3f} |")


if __name__ == "__main__":
    main()
