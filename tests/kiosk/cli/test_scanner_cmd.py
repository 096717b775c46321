"""`kiosk sim scanner` and `kiosk device scan` as docs/scanner.md documents them."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import segno

from devices.scanner import Scanner
from devices.state import DeviceState, StatusChanged
from drivers.scanner.factory import create_scanner
from drivers.scanner.serial_scanner import SerialScanner
from drivers.sim.scanner import VirtualScanner
from kiosk.cli import main
from kiosk.cli.sim_scanner import scanner_command

KIOSK = Path(sys.executable).with_name("kiosk")
ID_CODE = "ID:110101199003071234"


def scanning(payload: bytes) -> Callable[..., Scanner]:
    """create_scanner for sim:// whose virtual scanner sends ``payload`` (and a CR) once the port is open."""

    def make(url: str, *, name: str = "scanner") -> Scanner:
        scanner = create_scanner(url, name=name)
        assert isinstance(scanner, SerialScanner) and isinstance(scanner.simulator, VirtualScanner)
        sim = scanner.simulator

        def on_change(change: StatusChanged) -> None:
            if change.new.state is DeviceState.READY:
                sim.send_payload(payload)

        scanner.subscribe(on_change)
        return scanner

    return make


def test_scan_prints_the_code_its_symbology_and_bytes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("kiosk.cli.device_scan.create_scanner", scanning("社保卡 张三".encode("gb18030")))
    assert main(["device", "scan", "sim://"]) == 0
    captured = capsys.readouterr()
    assert "码 / code: 社保卡 张三" in captured.out
    assert "symbology: UNKNOWN" in captured.out
    assert "c9e7b1a3bfa820d5c5c8fd" in captured.out
    assert "waiting for a code" in captured.err


def test_scan_json_is_one_object(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("kiosk.cli.device_scan.create_scanner", scanning("预约码:A017".encode()))
    assert main(["device", "scan", "sim://", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["text"] == "预约码:A017" and result["symbology"] == "UNKNOWN"
    assert bytes.fromhex(result["bytes_hex"]) == "预约码:A017".encode()


def test_an_id_number_in_a_code_is_masked_unless_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("kiosk.cli.device_scan.create_scanner", scanning(ID_CODE.encode()))
    assert main(["device", "scan", "sim://", "--json"]) == 0
    masked = json.loads(capsys.readouterr().out)
    assert masked["text"] == "ID:110101********1234" and masked["bytes_hex"] is None
    assert main(["device", "scan", "sim://", "--json", "--unmasked"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["text"] == ID_CODE and full["bytes_hex"] == ID_CODE.encode().hex()


def test_an_unreadable_code_is_said_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("kiosk.cli.device_scan.create_scanner", scanning(bytes.fromhex("00 FF 13 FE 80 81 9A")))
    assert main(["device", "scan", "sim://"]) == 1
    assert capsys.readouterr().out.strip() == "无法识别的码 / unreadable code (7 bytes)"


def test_no_code_times_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "scan", "sim://", "--timeout", "0.3"]) == 1
    assert capsys.readouterr().out.strip() == "等待扫码超时 / timed out waiting for a code"
    assert main(["device", "scan", "sim://", "--timeout", "0.3", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {"error": "等待扫码超时 / timed out waiting for a code"}


def test_a_missing_port_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "scan", f"serial://{tmp_path}/ttyNOPE"]) == 1
    assert "设备未连接 / device disconnected" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["device", "scan"], "give a scanner URL or --image"),
        (["device", "scan", "sim://", "--image", "a.png"], "give a scanner URL or --image"),
        (["device", "scan", "usb://0x0416:0x5011"], "not supported by this device"),
        (["device", "scan", "sim://", "--timeout", "0"], "--timeout must be positive"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_images_decode_one_json_line_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    utf8, gbk, blank = tmp_path / "utf8.png", tmp_path / "gbk.png", tmp_path / "blank.png"
    segno.make_qr("预约码:A017".encode()).save(str(utf8), scale=8)
    segno.make_qr("社保卡 张三".encode("gb18030")).save(str(gbk), scale=8)
    segno.make_qr("x").save(str(blank), scale=8, dark="white")
    assert main(["device", "scan", "--image", str(utf8), str(gbk), str(blank)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {
            "file": str(utf8),
            "codes": [{"text": "预约码:A017", "format": "QRCode", "bytes_hex": "预约码:A017".encode().hex()}],
        },
        {
            "file": str(gbk),
            "codes": [{"text": "社保卡 张三", "format": "QRCode", "bytes_hex": "c9e7b1a3bfa820d5c5c8fd"}],
        },
        {"file": str(blank), "codes": []},
    ]


def test_a_missing_image_is_reported_and_the_rest_still_decode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, text_file = tmp_path / "good.png", tmp_path / "notes.png"
    segno.make_qr("A017").save(str(good), scale=8)
    text_file.write_text("not a picture", encoding="utf-8")
    assert main(["device", "scan", "--image", str(tmp_path / "nope.png"), str(text_file), str(good)]) == 1
    missing, unreadable, decoded = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert missing["file"] == str(tmp_path / "nope.png") and missing["error"]
    assert unreadable["file"] == str(text_file) and unreadable["error"]
    assert decoded["codes"][0]["text"] == "A017"


# -- the simulator's prompt ---------------------------------------------------------------------------------------
@pytest.fixture
def pty_reader(tmp_path: Path) -> Iterator[tuple[VirtualScanner, Callable[[], bytes]]]:
    """A virtual scanner, and a function returning what it has put on the line so far."""
    sim = VirtualScanner()
    sim.start_pty(tmp_path / "scanner")
    fd = os.open(tmp_path / "scanner", os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)

    def read_line() -> bytes:
        data = b""
        while select.select([fd], [], [], 0.2)[0]:
            data += os.read(fd, 65536)
        return data

    yield sim, read_line
    os.close(fd)
    sim.stop()


def test_prompt_lines_and_commands_put_the_right_bytes_on_the_line(
    pty_reader: tuple[VirtualScanner, Callable[[], bytes]],
) -> None:
    sim, line = pty_reader
    assert scanner_command(sim, "A017\n") == "sent 5 bytes" and line() == bytes.fromhex("41 30 31 37 0D")
    assert scanner_command(sim, "/suffix crlf") == "suffix crlf"
    assert scanner_command(sim, "预约\n") == "sent 8 bytes" and line() == bytes.fromhex("E9 A2 84 E7 BA A6 0D 0A")
    assert scanner_command(sim, "/gbk 张三") == "sent 6 bytes" and line() == bytes.fromhex("D5 C5 C8 FD 0D 0A")
    assert scanner_command(sim, "/suffix none") == "suffix none"
    assert scanner_command(sim, "/hex 00 ff 13") == "sent 3 bytes" and line() == bytes.fromhex("00 FF 13")
    assert scanner_command(sim, "//path") == "sent 5 bytes" and line() == b"/path"
    assert scanner_command(sim, "/long 5000") == "sent 5000 bytes" and line() == (b"0123456789" * 500)
    junk = (scanner_command(sim, "/garbage 300"), line())
    assert junk[0] == "sent 300 bytes" and len(junk[1]) == 300 and b"\r" not in junk[1] and b"\n" not in junk[1]
    assert scanner_command(sim, "/baud 9600") == "baud 9600" and sim.baud == 9600
    assert scanner_command(sim, "/baud off") == "baud unthrottled" and sim.baud is None


def test_prompt_faults_and_mistakes(pty_reader: tuple[VirtualScanner, Callable[[], bytes]]) -> None:
    sim, _line = pty_reader
    assert "/garbage N" in (scanner_command(sim, "/help") or "")
    assert scanner_command(sim, "/drop") == "unplugged" and not sim.plugged_in
    assert scanner_command(sim, "A017") == "未发送：已拔出 / not sent: unplugged"
    assert (scanner_command(sim, "/replug") or "").startswith("plugged in: serial:///dev/pts/")
    for wrong in ("/suffix lf", "/hex zz", "/long -3", "/garbage", "/baud fast", "/frobnicate"):
        assert "unknown command" in (scanner_command(sim, wrong) or ""), wrong
    assert scanner_command(sim, "") == "空行未发送 / empty line: nothing sent"
    assert scanner_command(sim, "/quit") is None


# -- two processes, as a technician runs them ---------------------------------------------------------------------
def test_sim_scanner_and_device_scan_in_two_processes(tmp_path: Path) -> None:
    link = tmp_path / "scanner"
    sim = subprocess.Popen(
        [str(KIOSK), "sim", "scanner", "--link", str(link)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert sim.stdout is not None and sim.stdin is not None
        assert "virtual scanner: serial:///dev/pts/" in sim.stdout.readline()
        assert sim.stdout.readline().startswith("后缀 / suffix: cr")
        for command, reply, expected in [
            ("/gbk 社保卡 张三", "sent 12 bytes", "社保卡 张三"),
            ("预约码:A017", "sent 14 bytes", "预约码:A017"),  # no suffix: ended by the silence
        ]:
            reader = subprocess.Popen(
                [str(KIOSK), "device", "scan", f"serial://{link}", "--json", "--timeout", "60"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            try:
                assert reader.stderr is not None
                assert "waiting for a code" in reader.stderr.readline()
                sim.stdin.write(command + "\n")
                sim.stdin.flush()
                assert sim.stdout.readline().strip() == reply
                out, err = reader.communicate(timeout=60)
            finally:
                reader.kill()
                reader.wait()
            assert reader.returncode == 0, out + err
            assert json.loads(out)["text"] == expected
            sim.stdin.write("/suffix none\n")
            sim.stdin.flush()
            assert sim.stdout.readline().strip() == "suffix none"
        sim.stdin.write("/quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=10) == 0
        assert not link.exists()
    finally:
        sim.kill()
        sim.wait()
