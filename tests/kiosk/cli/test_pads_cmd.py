"""`kiosk sim pads` and `kiosk device pads` as a technician uses them, against simulated pads on a pty."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from devices.pads import PadKey, PadMode, PadView
from drivers.sim.pads import SimPads
from kiosk.cli import main
from kiosk.cli.sim_pads import pads_command

KIOSK = Path(sys.executable).with_name("kiosk")


class Lines:
    """A subprocess stream read line by line in the background, so a test can wait for a line with a deadline."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()
        self.seen: list[str] = []

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {self.seen}")

    def first(self, text: str, timeout: float = 20) -> str:
        """The first line with ``text``, seen already or still to come: for states, whose lines come in any order
        (on a loaded machine a pad may time out once before it is ready)."""
        return next((line for line in self.seen if text in line), None) or self.wait_for(text, timeout)

    def close(self) -> None:
        self._thread.join(timeout=5)


@pytest.fixture
def sim_on_pty() -> Iterator[tuple[SimPads, str]]:
    sim = SimPads(3)
    path = sim.start_pty()
    yield sim, path
    sim.stop()


@pytest.mark.shutdown
def test_device_pads_prints_each_press_once_as_json_and_stops_cleanly_on_ctrl_c(
    sim_on_pty: tuple[SimPads, str],
) -> None:
    sim, path = sim_on_pty
    check = subprocess.Popen(
        [str(KIOSK), "device", "pads", f"serial://{path}?baudrate=115200", "--addresses", "1-4", "--json",
         "--timeout", "0.05"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert check.stdout is not None and check.stderr is not None
    out = Lines(check.stdout)
    try:
        for address in (1, 2, 3):
            assert json.loads(out.first(f'"address": {address}, "state": "ready"'))["firmware"] == 0x0103
        no_answer = json.loads(out.first('"address": 4, "state": "offline"'))
        assert no_answer["reasons"] == ["no_answer"]
        sim.press(2, PadKey.CALL_NEXT)
        assert json.loads(out.wait_for('"key"')) == {"address": 2, "seq": 1, "key": 16}
        sim.press(3, PadKey.INVITE_RATING)
        sim.press(3, PadKey.VERY_SATISFIED)
        assert json.loads(out.wait_for('"seq": 1, "key": 20')) == {"address": 3, "seq": 1, "key": 20}
        assert json.loads(out.wait_for('"seq": 2')) == {"address": 3, "seq": 2, "key": 5}
        sim.silence(1)
        assert json.loads(out.wait_for('"address": 1, "state": "offline"'))["reasons"] == ["no_answer"]
        check.send_signal(signal.SIGINT)
        assert check.wait(timeout=20) == 0
    finally:
        check.kill()
        check.wait()
        out.close()
    assert "Traceback" not in check.stderr.read()
    assert [line for line in out.seen if '"key"' in line] == [
        '{"address": 2, "seq": 1, "key": 16}',
        '{"address": 3, "seq": 1, "key": 20}',
        '{"address": 3, "seq": 2, "key": 5}',
    ]


def test_device_pads_show_writes_the_number_in_mode_serving(
    sim_on_pty: tuple[SimPads, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sim, path = sim_on_pty
    assert main(["device", "pads", f"serial://{path}", "--show", "2", "A017"]) == 0
    assert "pad 2 shows A017" in capsys.readouterr().out
    assert sim.view(2) == PadView(window=2, mode=PadMode.SERVING, number="A017")
    assert main(["device", "pads", f"serial://{path}", "--show", "3", "B5", "--window", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"address": 3, "number": "B5", "window": 7, "shown": True}
    assert sim.view(3) == PadView(window=7, mode=PadMode.SERVING, number="B5")


def test_device_pads_show_to_a_silent_pad_exits_1(
    sim_on_pty: tuple[SimPads, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sim, path = sim_on_pty
    sim.silence(1)
    assert main(["device", "pads", f"serial://{path}", "--show", "1", "A017", "--timeout", "0.05"]) == 1
    assert "pad 1 did not confirm" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["lpt://1"], "unknown device URL scheme 'lpt'"),
        (["usb://0x0416:0x5011"], "not supported by this device"),
        (["serial:///dev/ttyNOPE"], "cannot open the pad bus"),
        (["sim://", "--addresses", "8-1"], "bad --addresses"),
        (["sim://", "--addresses", "1-300"], "pad addresses must be 1 to 247"),
        (["sim://", "--show", "2", "A0170001"], "too long"),
        (["sim://", "--show", "0", "A017"], "pad address must be 1 to 247"),
        (["sim://", "--timeout", "0"], "--timeout must be"),
    ],
)
def test_device_pads_bad_input_is_one_bilingual_line_and_exit_2(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["device", "pads", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and " / " in err and "\n" not in err and "Traceback" not in err


def test_sim_pads_serves_a_pty_shows_the_pads_and_takes_keys_at_its_prompt(tmp_path: Path) -> None:
    link = tmp_path / "pads"
    sim = subprocess.Popen(
        [str(KIOSK), "sim", "pads", "--count", "3", "--link", str(link)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert sim.stdin is not None and sim.stdout is not None
    out = Lines(sim.stdout)
    try:
        assert "virtual evaluation pads 1-3: serial:///dev/pts/" in out.wait_for("virtual evaluation pads")
        out.wait_for("pad 3")
        shown = subprocess.run(
            [str(KIOSK), "device", "pads", f"serial://{link}", "--show", "2", "C042", "--json"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        assert "C042" in out.wait_for("办理中 serving")
        sim.stdin.write("press 2 call\n")
        sim.stdin.flush()
        assert out.wait_for("pad 2: key") == "pad 2: key 16 (叫号), seq 1"
        sim.stdin.write("noise 2\n")
        sim.stdin.flush()
        assert "unknown command" in out.wait_for("unknown command")
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=20) == 0
    finally:
        sim.kill()
        sim.wait()
        out.close()


def test_sim_pads_on_tcp_answers_as_a_gateway(capsys: pytest.CaptureFixture[str]) -> None:
    sim = subprocess.Popen(
        [str(KIOSK), "sim", "pads", "--count", "2", "--tcp", "0"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert sim.stdin is not None and sim.stdout is not None
    out = Lines(sim.stdout)
    try:
        url = out.wait_for("socket://").split(": ", 1)[1]
        assert main(["device", "pads", url, "--show", "1", "A001", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["shown"] is True
        assert "A001" in out.wait_for("A001")
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=20) == 0
    finally:
        sim.kill()
        sim.wait()
        out.close()


def test_sim_pads_on_a_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    taken = SimPads(1)
    try:
        _host, port = taken.start_tcp()
        assert main(["sim", "pads", "--tcp", str(port)]) == 2
    finally:
        taken.stop()
    err = capsys.readouterr().err.strip()
    assert err == f"无法启动模拟评价器 / cannot start the simulated pads: cannot listen on 127.0.0.1:{port} (in use?)"


def test_prompt_commands() -> None:
    sim = SimPads(3)
    assert pads_command(sim, "press 1 invite") == "pad 1: key 20 (邀请评价), seq 1"
    assert pads_command(sim, "press 1 5") == "pad 1: key 5 (非常满意), seq 2"
    assert sim.recent_keys(1) == [20, 5]
    assert pads_command(sim, "silence 2") == "pad 2: silent on" and sim.faults()["silent"] == [2]
    assert pads_command(sim, "silence 2 off") == "pad 2: silent off" and sim.faults()["silent"] == []
    assert pads_command(sim, "noise 0.1") == "noise 0.1" and sim.faults()["noise"] == 0.1
    assert pads_command(sim, "slow 3 0.5") == "pad 3: answers 0.5 s late"
    assert pads_command(sim, "answer-as 3 9") == "pad 3: answers as 9" and sim.faults()["answer_as"] == {3: 9}
    assert pads_command(sim, "fail 1") == "pad 1: exception answers on"
    assert pads_command(sim, "restart 1") == "pad 1: restarted" and sim.seq(1) == 0
    assert pads_command(sim, "clear") == "faults cleared" and not any(sim.faults().values())
    for bad in ("press 9 16", "press 1", "press 1 hello", "noise lots", "slow 1", "answer-as 1 x", "dance"):
        assert "unknown command" in (pads_command(sim, bad) or ""), bad
    assert "press A KEY" in (pads_command(sim, "help") or "")
    assert "pad 3" in (pads_command(sim, "show") or "")
    assert pads_command(sim, "quit") is None
