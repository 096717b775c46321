"""`kiosk sim printer`, `kiosk device print-test` and `kiosk device status` as the README documents them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from drivers.sim.printer import VirtualPrinter
from kiosk.cli import main
from kiosk.cli.sim_printer import printer_command

KIOSK = Path(sys.executable).with_name("kiosk")


def qr_texts(path: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(np.asarray(Image.open(path).convert("L")))]


def test_print_test_to_the_simulator_renders_what_it_sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "test.png"
    assert main(["device", "print-test", "sim://", "--render", str(target)]) == 0
    out = capsys.readouterr().out
    assert "status: ready" in out and "printed:" in out
    assert Image.open(target).width == 576
    assert qr_texts(target) == ["sim://"]


def test_print_test_at_58mm(tmp_path: Path) -> None:
    target = tmp_path / "t58.png"
    assert main(["device", "print-test", "sim://", "--dots", "384", "--render", str(target)]) == 0
    assert Image.open(target).width == 384


def test_print_test_to_a_missing_port_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "print-test", f"serial://{tmp_path}/ttyNOPE"]) == 1
    out = capsys.readouterr().out
    assert "设备未连接 / device disconnected" in out and "printing failed" in out


def test_print_test_with_a_bad_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "print-test", "lpt://1"]) == 2
    assert "unknown device URL scheme 'lpt'" in capsys.readouterr().err


def test_device_status_lists_every_configured_device(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "status", "--json"]) == 0
    rows = {row["device"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["printer"]["state"] == "ready" and rows["printer"]["url"] == "sim://"
    assert set(rows) == {"printer", "id_reader", "scanner", "doccam"}


def test_sim_printer_serves_a_pty_and_takes_fault_commands(tmp_path: Path) -> None:
    link, out = tmp_path / "printer", tmp_path / "receipts"
    sim = subprocess.Popen(
        [str(KIOSK), "sim", "printer", "--link", str(link), "--out", str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None and sim.stdin is not None
        first = sim.stdout.readline()
        assert "virtual printer: serial:///dev/pts/" in first
        assert sim.stdout.readline().startswith("小票图片 / receipts as PNG in:")
        printed = subprocess.run(
            [str(KIOSK), "device", "print-test", f"serial://{link}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert printed.returncode == 0, printed.stdout + printed.stderr
        deadline = time.monotonic() + 10
        while not list(out.glob("*.png")) and time.monotonic() < deadline:
            time.sleep(0.05)
        [png] = out.glob("*.png")
        assert qr_texts(png) == [f"serial://{link}"]
        sim.stdin.write("cover open\n")
        sim.stdin.flush()
        assert sim.stdout.readline().strip() == "ok"
        failed = subprocess.run(
            [str(KIOSK), "device", "print-test", f"serial://{link}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert failed.returncode == 1 and "printer cover open" in failed.stdout
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=10) == 0
    finally:
        sim.kill()
        sim.wait()


def test_prompt_commands() -> None:
    sim = VirtualPrinter()
    assert printer_command(sim, "near-end on") == "ok" and sim.condition.paper_near_end
    assert printer_command(sim, "paper-out-after 30") == "ok" and sim.paper_left_mm == 30
    assert printer_command(sim, "baud 9600") == "ok" and sim.baud == 9600
    assert printer_command(sim, "silent on") == "ok" and sim.silent
    assert printer_command(sim, "refill") == "ok" and sim.paper_left_mm is None
    assert "paper_left_mm=unlimited" in (printer_command(sim, "status") or "")
    assert "unknown command" in (printer_command(sim, "cover sideways") or "")
    assert "unknown command" in (printer_command(sim, "baud fast") or "")
    assert printer_command(sim, "quit") is None


def test_device_status_includes_a_fitted_camera_and_reports_one_that_fails(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_dir / "kiosk.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('[devices.camera]\nurl = ""', '[devices.camera]\nurl = "sim://"'), encoding="utf-8")
    assert main(["device", "status", "--json"]) == 0
    rows = {row["device"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["camera"]["state"] == "ready" and rows["id_reader"]["state"] == "ready"
    config.write_text(
        text.replace('[devices.camera]\nurl = ""', '[devices.camera]\nurl = "camera://7"'), encoding="utf-8"
    )
    assert main(["device", "status"]) == 1
    [camera] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("camera")]
    assert "fault" in camera and "摄像头无法打开 / camera cannot be opened" in camera
