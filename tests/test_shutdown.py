"""Every command that runs until stopped stops on SIGINT and on SIGTERM: within the bound, with its usual exit
code, without a traceback, also when a second signal lands while it is stopping.

Each test starts the real command as a process, waits for the sign it gives once it is up (never a fixed sleep),
signals it and waits with a bound (tests/support/processes.py). `scripts/shutdown-soak.sh` runs them again and
again beside a CPU hog, as a loaded two-core machine would.
"""

from __future__ import annotations

import ctypes
import platform
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from devtools.ports import free_port
from tests.support.configs import hall_devices_config
from tests.support.paths import SHIPPED_CONFIG
from tests.support.processes import KIOSK, Running

pytestmark = pytest.mark.shutdown

# SIGINT as Ctrl-C; SIGTERM as systemd stops a service, with an impatient Ctrl-C while it stops.
SIGINT, SIGTERM_THEN_SIGINT = (signal.SIGINT,), (signal.SIGTERM, signal.SIGINT)
STOPS = [pytest.param(SIGINT, id="sigint"), pytest.param(SIGTERM_THEN_SIGINT, id="sigterm-then-sigint")]


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


# The simulators share one prompt loop: each is stopped one way here, both ways between them (and the background
# test below), which keeps the soak short.
@pytest.mark.parametrize(
    ("device", "ready", "stops"),
    [
        ("printer", "'help' for faults", SIGINT),
        ("idcard", "'help' for commands", SIGTERM_THEN_SIGINT),
        ("scanner", "'/help' for commands", SIGINT),
        ("displays", "addr", SIGTERM_THEN_SIGINT),
        ("pads", "'help' for commands", SIGINT),
    ],
)
def test_a_simulator_at_its_prompt_stops(
    device: str, ready: str, stops: tuple[signal.Signals, ...], tmp_path: Path
) -> None:
    # Given a simulator waiting at its prompt for the technician to type
    with Running([KIOSK, "sim", device, *(["--out", tmp_path] if device == "printer" else [])],
                 stdin=subprocess.PIPE) as sim:  # fmt: skip
        sim.out.wait_for(ready)
        # When it is signalled, then it ends cleanly
        sim.stop(*stops).assert_clean(0)


@pytest.mark.parametrize("stops", STOPS)
def test_a_simulator_in_the_background_stops(stops: tuple[signal.Signals, ...], tmp_path: Path) -> None:
    # Given a simulator run without a terminal (stdin closed), serving until stopped
    with Running([KIOSK, "sim", "printer", "--out", tmp_path], stdin=subprocess.DEVNULL) as sim:
        sim.out.wait_for("'help' for faults")
        sim.stop(*stops).assert_clean(0)


@pytest.mark.parametrize("stops", STOPS)
def test_device_pads_watching_a_bus_stops(stops: tuple[signal.Signals, ...]) -> None:
    # Given the technician's bus check polling two simulated pads and a third that never answers
    with Running([KIOSK, "device", "pads", "sim://?count=2", "--addresses", "1-3", "--json"]) as check:
        check.err.wait_for("polling pads")
        check.out.wait_for('"address": 3, "state": "offline"')
        check.stop(*stops).assert_clean(0)


# The kernel hands a process-wide signal to any of its threads that does not block it.
SYS_TGKILL = {"x86_64": 234, "aarch64": 131}.get(platform.machine())


def signal_another_thread(pid: int, number: signal.Signals) -> None:
    """Send ``number`` to one thread of process ``pid`` other than its main thread (tgkill)."""
    others = sorted(int(task.name) for task in Path(f"/proc/{pid}/task").iterdir() if int(task.name) != pid)
    assert others, "the command has no thread besides its main one"
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(SYS_TGKILL, pid, others[-1], int(number)) != 0:
        raise OSError(ctypes.get_errno(), "tgkill failed")


@pytest.mark.skipif(SYS_TGKILL is None or not Path("/proc/self/task").is_dir(), reason="needs Linux's tgkill")
@pytest.mark.parametrize(("device", "ready"), [("pads", "'help' for commands"), ("scanner", "'/help' for commands")])
def test_a_signal_that_lands_on_another_thread_stops_it_too(device: str, ready: str) -> None:
    # Given a simulator at its prompt, its main thread waiting for a line, its other threads serving the device
    with Running([KIOSK, "sim", device], stdin=subprocess.PIPE) as sim:
        sim.out.wait_for(ready)
        # When SIGINT is delivered to one of the other threads (as the kernel may choose to)
        signal_another_thread(sim.process.pid, signal.SIGINT)
        # Then the main thread still hears it and the simulator ends cleanly, with no second signal
        sim.stop().assert_clean(0)


@pytest.mark.parametrize("stops", STOPS)
def test_the_hall_device_controller_stops(stops: tuple[signal.Signals, ...], tmp_path: Path) -> None:
    # Given the controller driving simulated pads and displays while the hall is away (nothing on its port)
    config = hall_devices_config(tmp_path, port=free_port(), token="not-checked-while-the-hall-is-away")
    with Running([KIOSK, "hall", "devices", "--config", config]) as controller:
        controller.out.wait_for("评价器 2 / pad 2")
        stopped = controller.stop(*stops)
    stopped.assert_clean(0)
    assert "正在停止 / stopping" in stopped.err


@pytest.mark.parametrize("stops", STOPS)
def test_the_hall_server_stops(stops: tuple[signal.Signals, ...], tmp_path: Path) -> None:
    # Given the hall serving on a free port
    port = free_port()
    command = [KIOSK, "hall", "serve", "--config", SHIPPED_CONFIG / "hall.toml", "--db",
               f"sqlite:///{tmp_path / 'hall.db'}", "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with Running(command) as hall:
        hall.wait_until(lambda: answers(f"http://127.0.0.1:{port}/api/v1/health"), "health answer")
        # When signalled, it ends as an interrupted command does: 130 for SIGINT, 143 for SIGTERM
        hall.stop(*stops).assert_clean(128 + stops[0])
    assert not answers(f"http://127.0.0.1:{port}/api/v1/health")


@pytest.mark.parametrize("stops", STOPS)
def test_the_kiosk_stops(stops: tuple[signal.Signals, ...], config_dir: Path, data_dir: Path) -> None:
    # Given the whole kiosk up: touch UI (offscreen), station, simulated devices and the embedded hall
    config = config_dir / "kiosk.toml"
    config.write_text(config.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    log = data_dir / "logs" / "kiosk.log"
    with Running([KIOSK, "run", "--windowed", "--config", config], env={"QT_QPA_PLATFORM": "offscreen"}) as kiosk:
        kiosk.wait_until(lambda: log.exists() and "touch UI up" in log.read_text(encoding="utf-8"), "touch UI")
        kiosk.stop(*stops).assert_clean(0)
    assert "kiosk stopped" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("stops", STOPS)
@pytest.mark.parametrize(
    ("command", "ready"),
    [
        (["device", "scan", "sim://", "--timeout", "600"], "waiting for a code"),
        (["device", "read-id", "sim://", "--timeout", "600"], "place an ID card"),
    ],
)
def test_a_device_check_waiting_for_a_code_or_card_stops(
    command: list[str], ready: str, stops: tuple[signal.Signals, ...]
) -> None:
    # Given a technician's check waiting for a code or a card that does not come
    with Running([KIOSK, *command]) as check:
        (check.err if "scan" in command else check.out).wait_for(ready)
        # When signalled, it ends as an interrupted command does: 130 for SIGINT, 143 for SIGTERM
        check.stop(*stops).assert_clean(128 + stops[0])


HANGING_STOP = """
import threading
from common.stopping import StopSignals
with StopSignals(bound_s=1) as signals:
    print("ready", flush=True)
    while not signals.wait(60):
        pass
    threading.Event().wait()  # a clean-up that never ends
"""


def test_a_stop_that_hangs_is_ended_by_the_watchdog_with_one_line() -> None:
    # Given a command whose clean-up hangs after the signal
    with Running([sys.executable, "-c", HANGING_STOP]) as command:
        command.out.wait_for("ready")
        # When it is signalled (twice, impatiently)
        stopped = command.stop(signal.SIGTERM, signal.SIGINT)
    # Then the watchdog ends it after its bound, with one line and no traceback
    assert stopped.code == 1
    assert stopped.err.strip() == "停止超时（1 秒），强制退出 / did not stop within 1 s; exiting anyway"
