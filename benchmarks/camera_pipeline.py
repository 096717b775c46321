"""Camera pipeline cost: decode attempts per second through CameraScanner against the bare decoder, and
scan-to-event latency, at 640x480 on one core."""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

import numpy as np

from devices.scanner import ScanEvent, UnreadableScan
from drivers.camera.decoders import DECODERS, DEFAULT_DECODER, get_decoder
from drivers.camera.frames import PAYLOADS
from drivers.camera.scanner import CameraScanner
from drivers.camera.virtual import VirtualCamera

PAYLOAD = PAYLOADS["url"]


def pin_to_one_core() -> str:
    """The capture thread and the bare decoder get the same single core (as benchmarks/qr_decoders.py)."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here)"


def direct_rate(decoder: str, frame: np.ndarray, seconds: float) -> float:
    """Decodes per second calling the decoder in a loop on one frame."""
    chosen = get_decoder(decoder)
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        chosen.decode(frame)
        count += 1
    return count / elapsed


def piped_rate(scanner: CameraScanner, camera: VirtualCamera, seconds: float) -> float:
    """Decode attempts per second through an unpaced virtual camera and the scanner's capture thread."""
    camera.resume_frames()
    time.sleep(0.1)  # past the first frames of the scene
    before, started = scanner.frames_decoded, time.perf_counter()
    time.sleep(seconds)
    rate = (scanner.frames_decoded - before) / (time.perf_counter() - started)
    camera.stop_frames()  # the capture thread idles while the decoder is timed on its own
    time.sleep(0.2)
    return rate


def compare(decoder: str, seconds: float, rounds: int = 3) -> list[tuple[str, float, float]]:
    """Pipeline and direct rates, alternated ``rounds`` times per scene so drift on a shared machine hits both;
    medians of each, for nothing in view and for a code held in view."""
    camera = VirtualCamera(fps=0)
    scanner = CameraScanner(camera, decoder=decoder, stall_timeout=3600)
    rows: list[tuple[str, float, float]] = []
    scanner.open()
    try:
        for scene in ("no code", "code in view"):
            if scene == "code in view":
                camera.show(PAYLOAD)
            piped: list[float] = []
            direct: list[float] = []
            for _ in range(rounds):
                piped.append(piped_rate(scanner, camera, seconds / rounds))
                direct.append(direct_rate(decoder, camera.current_frame, seconds / rounds))
            rows.append((scene, statistics.median(piped), statistics.median(direct)))
    finally:
        scanner.close()
    return rows


def latency_ms(decoder: str, rounds: int, fps: float) -> list[float]:
    """From the first frame carrying a newly shown code leaving the camera to its ScanEvent, per round."""
    camera = VirtualCamera(fps=fps)
    scanner = CameraScanner(camera, decoder=decoder)
    arrived = threading.Event()
    stamp: list[float] = []

    def heard(scan: ScanEvent | UnreadableScan) -> None:
        stamp.append(time.perf_counter())
        arrived.set()

    scanner.on_scan(heard)
    scanner.open()
    results: list[float] = []
    try:
        for i in range(rounds):
            camera.hide()
            time.sleep(3 / fps)
            arrived.clear()
            stamp.clear()
            camera.show(f"YY-20261122-{i:04d}-A017")  # a new code each round, so no duplicate window applies
            if not arrived.wait(5.0) or camera.code_first_delivered_at is None:
                results.append(float("inf"))
                continue
            results.append((stamp[0] - camera.code_first_delivered_at) * 1000)
    finally:
        scanner.close()
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="per decoder and scene, for each of pipeline and direct"
    )
    parser.add_argument("--rounds", type=int, default=60, help="codes shown for the latency measurement")
    parser.add_argument("--fps", type=float, default=30.0, help="virtual camera rate for the latency measurement")
    args = parser.parse_args()
    print(f"640x480 frames, {pin_to_one_core()}\n")
    print("### Decode attempts per second: CameraScanner pipeline against the decoder called directly\n")
    print("| decoder | scene | pipeline /s | direct /s | direct ÷ pipeline (target ≤ 1.2) |")
    print("|---|---|---|---|---|")
    for name in DECODERS:
        for scene, piped, direct in compare(name, args.seconds):
            print(f"| {name} | {scene} | {piped:.0f} | {direct:.0f} | {direct / piped:.2f} |")
    lat = latency_ms(DEFAULT_DECODER, args.rounds, args.fps)
    found = [v for v in lat if v != float("inf")]
    print(f"\n### Scan-to-event latency, {DEFAULT_DECODER}, virtual camera at {args.fps:g} fps, {args.rounds} codes\n")
    print("| median ms | p95 ms (target < 150) | max ms | codes missed |")
    print("|---|---|---|---|")
    print(
        f"| {statistics.median(found):.1f} | {percentile(found, 0.95):.1f} | {max(found):.1f} "
        f"| {len(lat) - len(found)} |"
    )


if __name__ == "__main__":
    main()
