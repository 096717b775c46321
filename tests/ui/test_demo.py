"""`kiosk demo`: one full walk, offscreen; every screen in both languages (and elder mode), non-blank PNGs of
the right size, the printed receipts, and a contact sheet naming them all."""

from __future__ import annotations

import re

from PIL import Image, ImageStat

from ui.demo_clock import DemoWallClock
from ui.demo_run import DemoRun

SCREENS = {
    "home": "home",
    "take number": "take-number",
    "ID card consent": "id-card-consent",
    "ticket": "ticket",
    "check-in": "check-in",
    "service guide": "guide-departments",
    "guide search": "guide-search",
    "guide item": "guide-detail",
    "rating": "rate",
    "technician": "technician",
    "error": "error",
    "walk-away countdown": "walk-away-countdown",
}


def test_the_demo_shows_every_screen_in_both_languages(demo_walk: DemoRun) -> None:
    run, out = demo_walk, demo_walk.out
    names = {path.name for path in out.glob("*.png")}
    for language in ("zh", "en"):
        for screen, scene in SCREENS.items():
            pattern = re.compile(rf"^\d{{3}}-{language}-{re.escape(scene)}\.png$")
            assert any(pattern.match(name) for name in names), f"no {language} screenshot of the {screen}"
    assert any("-zh-elder-" in name for name in names)
    assert any(name.endswith("-home-landscape.png") for name in names)
    assert any(name.endswith("-home-hall-unreachable.png") for name in names)
    for variant in ("zh", "en", "zh-elder"):  # Saturday 07:47 on the demo's own clock, whatever the real day
        assert any(name.endswith(f"-{variant}-home-out-of-hours.png") for name in names), variant
    assert isinstance(run.wall, DemoWallClock) and run.wall().strftime("%a") == "Mon"
    assert len(run.shots) == len(names) >= 60
    for variant in ("zh", "en", "zh-elder"):
        for scene in ("filing-keyboard-pinyin", "filing-camera-preview", "filing-receipt-screen", "filing-progress"):
            assert f"{variant}-{scene}" in " ".join(sorted(names)), f"no {variant} {scene}"
        for printout in ("filing-receipt-printout", "filing-result-printout"):
            assert (out / "printed" / f"{printout}-{variant}.png").exists(), f"no {variant} {printout}"

    for shot in run.shots:
        image = Image.open(shot.path)
        assert image.size in {(1080, 1920), (1920, 1080)}, (shot.path.name, image.size)
        grey = image.convert("L")
        low, high = grey.getextrema()
        assert high - low > 100 and ImageStat.Stat(grey).stddev[0] > 10, f"{shot.path.name} looks blank"

    printed = sorted((out / "printed").glob("*.png"))
    assert len(printed) >= 6, "tickets and guides from each walk"
    for receipt in printed:
        assert Image.open(receipt).convert("L").getextrema()[0] < 100, f"{receipt.name} is empty"
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in [shot.path.name for shot in run.shots] + [f"printed/{receipt.name}" for receipt in printed]:
        assert name in index
