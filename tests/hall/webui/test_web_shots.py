"""devtools/hall_web_shots.py in its reduced mode: the demo hall served, signed in, one page photographed, small."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from devtools.hall_web_shots import take_all


def test_the_screenshot_tool_takes_a_small_picture_of_a_page(tmp_path: Path) -> None:
    taken = take_all(tmp_path, only="/web/queue")
    assert [p.name for p in taken] == ["supervisor-queue.png"]
    with Image.open(taken[0]) as picture:
        assert picture.mode == "P" and picture.width == 1366 and picture.height >= 768
    assert taken[0].stat().st_size < 150_000
