"""`kiosk sim payment`: started as a technician starts it, it serves the signed protocol, takes commands at its
prompt, keeps its keys private, and stops cleanly."""

from __future__ import annotations

import re
import signal
import stat
import subprocess
from pathlib import Path

import pytest

from hall.payments import gateway_keys as keys
from hall.payments.gateway_http import HttpGateway
from hall.payments.sim import GatewaySimulator
from kiosk.cli.sim_payment import payment_command
from tests.support.processes import KIOSK, Running


def test_the_simulator_serves_the_protocol_and_takes_commands(tmp_path: Path) -> None:
    key_dir = tmp_path / "keys"
    argv = [KIOSK, "sim", "payment", "--port", "0", "--key-dir", key_dir]
    with Running(argv, stdin=subprocess.PIPE) as command:
        line = command.out.wait_for("payment gateway simulator: http://")
        url = re.search(r"http://\S+", line).group(0)  # type: ignore[union-attr]
        command.out.wait_for("'help' for commands")
        gateway = HttpGateway(
            url,
            "1900000001",
            keys.private_key(key_dir / "merchant.key.pem"),
            keys.public_key(key_dir / "gateway.pub.pem"),
            timeout_s=5,
        )
        try:
            assert gateway.pay_with_code("F2026000401", 100, "工本费", "134567890123111111").state.value == "USERPAYING"
            stdin = command.process.stdin
            assert stdin is not None
            stdin.write("trades\npay F2026000401\ninject hang 1\nbogus\nquit\n")
            stdin.flush()
            assert "USERPAYING" in command.out.wait_for("F2026000401")
            assert "SUCCESS" in command.out.wait_for("F2026000401")
            command.out.wait_for("on: hang 1")
            command.out.wait_for("unknown command: 'bogus'")
            assert command.process.wait(timeout=30) == 0
        finally:
            gateway.shutdown()
    for name in ("gateway.key.pem", "merchant.key.pem"):
        assert stat.S_IMODE((key_dir / name).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("stdin", "stops"),
    [(subprocess.DEVNULL, (signal.SIGINT,)), (subprocess.PIPE, (signal.SIGTERM, signal.SIGINT))],
    ids=["background-sigint", "prompt-sigterm-then-sigint"],
)
def test_the_simulator_stops_on_a_signal(tmp_path: Path, stdin: int, stops: tuple[signal.Signals, ...]) -> None:
    with Running([KIOSK, "sim", "payment", "--port", "0", "--key-dir", tmp_path / "keys"], stdin=stdin) as command:
        command.out.wait_for("'help' for commands")
        command.stop(*stops).assert_clean()


def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    taken = GatewaySimulator(key_dir=tmp_path / "keys")
    taken.start()
    try:
        argv = [KIOSK, "sim", "payment", "--port", str(taken.port), "--key-dir", tmp_path / "keys"]
        with Running(argv) as command:
            stopped = command.stop()
        assert stopped.code == 2 and "cannot listen" in stopped.err and "Traceback" not in stopped.err
    finally:
        taken.stop()


def test_prompt_commands(tmp_path: Path) -> None:
    sim = GatewaySimulator(key_dir=tmp_path / "keys")
    try:
        assert "late-success" in payment_command(sim, "help")  # type: ignore[operator]
        assert "no trades yet" in payment_command(sim, "trades")  # type: ignore[operator]
        assert "no notifications yet" in payment_command(sim, "notices")  # type: ignore[operator]
        assert "no trade NOPE0001" in payment_command(sim, "pay NOPE0001")  # type: ignore[operator]
        assert "unknown command" in payment_command(sim, "pay")  # type: ignore[operator]
        assert "no fault" in payment_command(sim, "inject meltdown")  # type: ignore[operator]
        assert "1-1000" in payment_command(sim, "inject hang 0")  # type: ignore[operator]
        assert payment_command(sim, "inject late-notify 3").startswith("on: late-notify")  # type: ignore[union-attr]
        assert sim.notifier.faults.delay_s == 3
        assert payment_command(sim, "clear late-notify").startswith("off")  # type: ignore[union-attr]
        assert str(sim.gateway_serial) in payment_command(sim, "keys")  # type: ignore[operator]
        assert payment_command(sim, "") == "" and payment_command(sim, "quit") is None
    finally:
        sim.stop()
