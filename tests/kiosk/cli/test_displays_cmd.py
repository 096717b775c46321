"""`kiosk sim displays` as the docs show it: a bus on a pty that the production driver talks to, drawn as it changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drivers.sim.displays import DisplayFault, VirtualDisplayBus
from drivers.ticketer.display_protocol import ShowContent, ShowFlags
from drivers.ticketer.displays import SerialWindowDisplays
from kiosk.cli import main
from kiosk.cli.sim_displays import displays_command, parse_numbers, render

KIOSK = Path(sys.executable).with_name("kiosk")


def test_the_simulator_shows_what_the_driver_sends(tmp_path: Path) -> None:
    link = tmp_path / "displays"
    sim = subprocess.Popen(
        [str(KIOSK), "sim", "displays", "--windows", "1-3", "--link", str(link)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None and sim.stdin is not None
        assert sim.stdout.readline().startswith("虚拟窗口屏 / virtual window displays: serial:///dev/pts/")
        assert [sim.stdout.readline().split()[0] for _ in range(3)] == ["1号窗口", "2号窗口", "3号窗口"]
        driver = SerialWindowDisplays(f"serial://{link}", {1: 1, 2: 2, 3: 3}, health_interval=0, answer_timeout=1.0)
        driver.open()
        try:
            driver.show(2, "A017", "请A017号到2号窗口办理")
            panel = [sim.stdout.readline() for _ in range(3)]
            assert "A017" in panel[1] and "请A017号到2号窗口办理" in panel[1] and "新 new" in panel[1]
            assert "----" in panel[0] and "----" in panel[2]
            sim.stdin.write("silent 3\n")
            sim.stdin.flush()
            assert sim.stdout.readline().strip() == "window 3: silent"
            driver.show(3, "B001")
            assert driver.statuses()[3].state.value == "offline"
        finally:
            driver.close()
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=10) == 0
    finally:
        if sim.poll() is None:
            sim.kill()
            sim.wait()


def test_prompt_commands() -> None:
    sim = VirtualDisplayBus({1: 11, 2: 12})
    assert displays_command(sim, "nak 2") == "window 2: nak"
    assert sim.display(2).faults == {DisplayFault.NAK}
    assert displays_command(sim, "ok 2") == "window 2: ok" and not sim.display(2).faults
    assert displays_command(sim, "power 1") == "window 1: power cut, blank" and sim.display(1).restarted
    assert "unknown command" in (displays_command(sim, "silent 11") or "")  # windows, not addresses
    assert displays_command(sim, "quit") is None


def test_the_panel_marks_recalls() -> None:
    sim = VirtualDisplayBus({4: 4})
    sim.display(4).shown = ShowContent("A017", "请A017号到4号窗口办理", ShowFlags.RECALL)
    assert "A017" in render(sim) and "重呼 recall" in render(sim)


@pytest.mark.parametrize("text", ["1-3", "1,2,5", "7"])
def test_window_lists(text: str) -> None:
    assert parse_numbers(text) == {"1-3": [1, 2, 3], "1,2,5": [1, 2, 5], "7": [7]}[text]


@pytest.mark.parametrize("args", [["--windows", "3-1"], ["--windows", "1-3", "--addresses", "1-2"], ["--windows", "x"]])
def test_bad_windows_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "displays", *args]) == 2
    assert "窗口或地址无效" in capsys.readouterr().err
