"""Document camera: frame to stored page (find, de-skew, even the light, JPEG), p50/p95 ms on one core, and
bytes per A4 page by JPEG quality, against storing the whole frame as JPEG unprocessed. Frames come from the
virtual document camera (the sample form laid anyhow, 8 MP by default); rendering them is not timed."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import cv2
import numpy as np

from benchmarks.camera_pipeline import percentile, pin_to_one_core
from devices.document_camera import Page
from devtools.pages import similarity
from drivers.camera.desk import FRAME_SIZE, Placement, photograph_sample
from drivers.camera.document import A4_PAGE_BUDGET, PageOptions, encode_jpeg, page_image, process_frame
from drivers.camera.pagefind import find_page
from drivers.camera.sample_page import A4_PX, sample_page

T = TypeVar("T")


def timed(action: Callable[[T], object], items: Sequence[T], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            action(item)
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=12, help="placements of the sample page")
    parser.add_argument("--rounds", type=int, default=3, help="times each frame is processed")
    parser.add_argument("--width", type=int, default=FRAME_SIZE[0])
    parser.add_argument("--height", type=int, default=FRAME_SIZE[1])
    args = parser.parse_args()
    size = (args.width, args.height)
    rng = np.random.default_rng(0)
    frames = [photograph_sample(Placement.random(rng), size=size, seed=i).frame for i in range(args.frames)]
    print(f"{size[0]}x{size[1]} frames, {args.frames} placements x {args.rounds} rounds, {pin_to_one_core()}\n")

    print("### Frame to stored page, ms (target p95 < 1000)\n")
    print("| step | p50 ms | p95 ms |")
    print("|---|---|---|")
    gray = [cv2.cvtColor(f, cv2.COLOR_BGR2GRAY) for f in frames]
    pairs = []
    for frame, g in zip(frames, gray, strict=True):
        quad = find_page(g).quad
        if quad is None:
            raise SystemExit("a page was not found: the benchmark measures found pages only")
        pairs.append((frame, quad))
    steps = {
        "find the page (gray frame in)": timed(find_page, gray, args.rounds),
        "de-skew and even the light": timed(lambda pair: page_image(*pair), pairs, args.rounds),
        "whole: colour frame to JPEG page": timed(process_frame, frames, args.rounds),
        "baseline: the whole frame to JPEG": timed(lambda f: encode_jpeg(f, 75), frames, args.rounds),
    }
    for name, values in steps.items():
        print(f"| {name} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} |")

    print(f"\n### Bytes per A4 page ({A4_PX[0]}x{A4_PX[1]}, 200 dpi), budget {A4_PAGE_BUDGET // 1000} kB\n")
    print("| JPEG quality | light | mean kB | max kB | similarity to the clean page (min) |")
    print("|---|---|---|---|---|")
    original = sample_page()
    for quality in (60, 75, 85):
        for even in (True, False):
            pages = [process_frame(f, PageOptions(jpeg_quality=quality, even_light=even)) for f in frames]
            found = [p for p in pages if isinstance(p, Page)]
            sizes = [len(p.jpeg) / 1000 for p in found]
            alike = [similarity(cv2.imdecode(np.frombuffer(p.jpeg, np.uint8), 1), original) for p in found]
            light = "evened" if even else "as photographed"
            print(f"| {quality} | {light} | {statistics.mean(sizes):.0f} | {max(sizes):.0f} | {min(alike):.3f} |")
    whole = [len(encode_jpeg(f, 75)) / 1000 for f in frames]
    print(f"| 75 | baseline: whole {size[0]}x{size[1]} frame | {statistics.mean(whole):.0f} | {max(whole):.0f} | |")


if __name__ == "__main__":
    main()
