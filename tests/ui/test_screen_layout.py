"""Every screenshot of `kiosk demo`, in every mode (zh, en, zh-elder, landscape, offline), measured as it was taken
(ui/layout_probe.py): no text cut or clipped, no word or short phrase broken across lines, nothing that matters
below the window's edge, every tap target at least 80 px high."""

from __future__ import annotations

import re

from ui.demo_run import DemoRun, Shot
from ui.layout_probe import TOLERANCE_PX, Box, Shown
from ui.theme import MIN_TOUCH_PX

# (screenshot name pattern, widget text pattern, why it is let through for now). Keep it short: each entry is a
# known fault on a screen being rebuilt, and goes when that screen is.
ALLOWED: list[tuple[str, str, str]] = []
# The help hotline with its number (the shipped config's): wherever a screen offers it, it shows without scrolling.
HOTLINE = re.compile(r"(热线|hotline).*12345")
REFUSALS = {"message", "warn-text"}  # the roles of what went wrong and what to do now: never scrolled away


def name(shot: Shot) -> str:
    return shot.path.stem


def allowed(shot: Shot, shown: Shown) -> bool:
    return any(re.search(screen, name(shot)) and re.search(text, shown.text) for screen, text, _why in ALLOWED)


def inside(box: Box, seen: Box | None) -> bool:
    return seen is not None and all(
        abs(a - b) <= TOLERANCE_PX
        for a, b in ((box.x, seen.x), (box.y, seen.y), (box.right, seen.right), (box.bottom, seen.bottom))
    )


def report(found: list[str]) -> str:
    return f"{len(found)} layout fault(s):\n" + "\n".join(found)


def faults(run: DemoRun, check: object) -> list[str]:
    found = []
    for shot in run.shots:
        for shown in shot.layout:
            if allowed(shot, shown):
                continue
            for problem in check(shot, shown):  # type: ignore[operator]
                found.append(f"{name(shot)}: {shown.describe()}: {problem}")
    return found


def test_the_layout_is_recorded_for_every_screenshot_in_every_mode(demo_walk: DemoRun) -> None:
    names = [name(shot) for shot in demo_walk.shots]
    for mode in ("-zh-", "-en-", "-zh-elder-", "-landscape", "hall-unreachable"):
        assert any(mode in shot for shot in names), f"no {mode.strip('-')} screenshot"
    for shot in demo_walk.shots:
        assert shot.path.with_suffix(".json").exists(), f"no layout beside {shot.path.name}"
        assert any(shown.kind == "button" for shown in shot.layout), f"{name(shot)}: nothing to tap recorded"
        assert any(shown.kind == "label" for shown in shot.layout), f"{name(shot)}: no text recorded"


def test_no_text_is_cut_clipped_or_broken_mid_word(demo_walk: DemoRun) -> None:
    def check(_shot: Shot, shown: Shown) -> list[str]:
        return shown.problems if shown.seen is not None else []

    found = faults(demo_walk, check)
    assert not found, report(found)


def test_nothing_that_matters_lies_below_the_fold(demo_walk: DemoRun) -> None:
    """Outside a scroll area every text and button lies whole within the window; in one, the primary action, the
    hotline and what went wrong show without scrolling."""

    def check(shot: Shot, shown: Shown) -> list[str]:
        if not shown.in_scroll and not inside(shown.rect, shown.seen):
            return [f"not wholly in the window (seen: {shown.seen})"]
        drawn = shown.text_box or shown.rect
        if shown.seen is not None and (shown.seen.x > drawn.x or shown.seen.right < drawn.right):
            return [f"cut at the side (seen: {shown.seen}): pages scroll only up and down"]
        if shown.in_scroll and not inside(shown.rect, shown.seen):
            if shown.role == "primary":
                return [f"the primary action needs scrolling to be seen (seen: {shown.seen})"]
            if HOTLINE.search(shown.text):
                return [f"the hotline needs scrolling to be seen (seen: {shown.seen})"]
            if shown.role in REFUSALS:
                return [f"what went wrong needs scrolling to be seen (seen: {shown.seen})"]
        return []

    found = faults(demo_walk, check)
    assert not found, report(found)


def test_every_tap_target_is_at_least_80_px_high(demo_walk: DemoRun) -> None:
    def check(shot: Shot, shown: Shown) -> list[str]:
        least = round(MIN_TOUCH_PX * min(shot.window) / 1080)
        if shown.kind == "button" and shown.seen is not None and shown.rect.height < least:
            return [f"{shown.rect.height} px high, under {least} px"]
        return []

    found = faults(demo_walk, check)
    assert not found, report(found)


def test_elder_mode_shows_search_results_without_scrolling(demo_walk: DemoRun) -> None:
    searches = [shot for shot in demo_walk.shots if name(shot).endswith("-zh-elder-guide-search")]
    assert searches, "no elder-mode search screenshot"
    for shot in searches:
        results = [s for s in shot.layout if s.widget == "TextButton[choice]" and inside(s.rect, s.seen)]
        assert results, f"{name(shot)}: no search result wholly on screen"
