"""`kiosk device read-id` and `kiosk sim idcard` as docs/idcard.md documents them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.sim.idcard import FICTIONAL_IDENTITIES, SimFault, VirtualIdReader
from kiosk.cli import main
from kiosk.cli.sim_idcard import idcard_command

KIOSK = Path(sys.executable).with_name("kiosk")


def test_read_id_prints_the_fields_with_the_number_masked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "read-id", "sim://?card=1"]) == 0
    out = capsys.readouterr().out
    card = FICTIONAL_IDENTITIES[1]
    assert "姓名 / name: 李\U00020bb7祥" in out and "民族 / nation: 回" in out and "性别 / sex: 女" in out
    assert f"公民身份号码 / ID number: {card.masked_id}" in out and card.id_number not in out
    assert "照片 / photo: 1024 bytes" in out and card.photo.hex()[:16] not in out


def test_read_id_unmasked_shows_the_whole_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "read-id", "sim://?card=2", "--unmasked"]) == 0
    out = capsys.readouterr().out
    assert f"公民身份号码 / ID number: {FICTIONAL_IDENTITIES[2].id_number}" in out
    assert "有效期限 / valid: 2010-04-20 至 长期" in out


def test_read_id_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "read-id", "sim://?card=3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "read"
    assert result["identity"]["id_number"] == "990404********048X"
    assert result["identity"]["photo_bytes"] == 1024 and "photo" not in result["identity"]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("sim://", "读卡超时 / timed out waiting for a card"),
        ("sim://?card=0&fault=expired", "身份证已过期 / this ID card has expired"),
        ("sim://?card=0&fault=corrupt-id", "请重新放置身份证 / please place the ID card again"),
        ("sim://?card=0&fault=sam", "身份证阅读模块故障 / ID reader security module failed"),
    ],
)
def test_read_id_without_a_usable_card_exits_1_with_one_bilingual_line(
    url: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["device", "read-id", url, "--timeout", "0.5"]) == 1
    last_line = capsys.readouterr().out.splitlines()[-1]
    assert last_line.startswith(says)


def test_read_id_of_an_expired_card_still_shows_whose_it_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "read-id", "sim://?card=0&fault=expired", "--timeout", "2"]) == 1
    out = capsys.readouterr().out
    assert "张示例" in out and FICTIONAL_IDENTITIES[0].masked_id in out and FICTIONAL_IDENTITIES[0].id_number not in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["lpt://1"], "unknown device URL scheme 'lpt'"),
        (["usb://0x0400:0xc35a"], "scheme 'usb' is not supported by this device"),
        (["sim://?card=x"], "bad sim:// option card"),
    ],
)
def test_read_id_with_a_bad_url_exits_2(argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["device", "read-id", *argv]) == 2
    assert says in capsys.readouterr().err


def test_read_id_with_a_bad_timeout_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["device", "read-id", "sim://", "--timeout", "soon"])
    assert exit_.value.code == 2
    assert "timeout must be 0 to 3600 seconds" in capsys.readouterr().err


def read_id(link: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KIOSK), "device", "read-id", f"serial://{link}", *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_sim_idcard_serves_a_pty_and_takes_commands(tmp_path: Path) -> None:
    link = tmp_path / "idcard"
    sim = subprocess.Popen(
        [str(KIOSK), "sim", "idcard", "--link", str(link), "--card", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None and sim.stdin is not None

        def command(line: str) -> str:
            sim.stdin.write(line + "\n")  # type: ignore[union-attr]
            sim.stdin.flush()  # type: ignore[union-attr]
            return sim.stdout.readline().strip()  # type: ignore[union-attr]

        assert "virtual ID card reader: serial:///dev/pts/" in sim.stdout.readline()
        assert sim.stdout.readline().startswith("card=李\U00020bb7祥 990202********0043")
        read = read_id(link)
        assert read.returncode == 0, read.stdout + read.stderr
        assert "李\U00020bb7祥" in read.stdout and "990202********0043" in read.stdout
        assert command("fault sam") == "ok"
        failed = read_id(link, "--timeout", "2")
        assert failed.returncode == 1 and "ID reader security module failed" in failed.stdout
        assert command("fault none") == "ok"
        assert command("remove") == "removed"
        nothing = read_id(link, "--timeout", "1")
        assert nothing.returncode == 1 and "timed out waiting for a card" in nothing.stdout
        assert command("place 2") == "placed: 王长青 990303********0015"
        assert read_id(link).returncode == 0
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        assert sim.wait(timeout=10) == 0
    finally:
        sim.kill()
        sim.wait()


def test_sim_idcard_refuses_a_card_it_does_not_have(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "idcard", "--card", "9"]) == 2
    assert "no card 9 (0 to 4)" in capsys.readouterr().err


def test_prompt_commands() -> None:
    sim = VirtualIdReader()
    assert "990404********048X" in (idcard_command(sim, "list") or "")
    assert FICTIONAL_IDENTITIES[3].id_number not in (idcard_command(sim, "list") or "")
    assert idcard_command(sim, "place 3") == "placed: 赵晓测 990404********048X"
    assert sim.placed == FICTIONAL_IDENTITIES[3]
    assert idcard_command(sim, "fault corrupt-id") == "ok" and sim.faults == {SimFault.CORRUPT_ID}
    assert idcard_command(sim, "fault read") == "ok" and SimFault.READ in sim.faults
    assert "faults=corrupt-id,read" in (idcard_command(sim, "status") or "")
    assert idcard_command(sim, "fault none") == "ok" and not sim.faults
    assert idcard_command(sim, "baud 115200") == "ok" and sim.baud == 115200
    assert idcard_command(sim, "baud off") == "ok" and sim.baud is None
    assert idcard_command(sim, "remove") == "removed" and sim.placed is None
    for bad in ("place 9", "place x", "fault smoke", "baud fast", "eject"):
        assert "unknown command" in (idcard_command(sim, bad) or "")
    assert idcard_command(sim, "quit") is None
