"""`kiosk sim pads`: N evaluation pads on one simulated Modbus RTU bus (a pty, or a TCP port as a gateway), shown
in the terminal and redrawn whenever a key is pressed or a display changes; keys and faults typed at its prompt."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.pads import KEY_TEXT, PadKey, PadMode, PadViewError
from drivers.sim.pads import SimPads
from kiosk.cli.prompt import fault_command, fault_help, serve_prompt

PADS_HELP = """commands (命令), A is a pad's address:
  press A KEY           press a key: 1..5 (ratings, 1 非常不满意 … 5 非常满意), 16 call, 17 recall,
                        18 noshow, 19 pause, 20 invite (a name or a number)
  show                  draw every pad again
  silence A [off]       pad A stops answering (off: answers again)
  noise RATE            damage this fraction of frames on the bus, e.g. 0.1 (0: clean)
  slow A SECONDS        pad A answers late (0: on time)
  answer-as A B|off     pad A answers from address B
  fail A [off]          pad A answers every request with a Modbus exception
  restart A             power-cycle pad A (its sequence starts again at 0)
  clear                 every fault off
  quit                  stop
""" + fault_help()

KEY_NAMES = {"call": 16, "next": 16, "recall": 17, "noshow": 18, "no-show": 18, "pause": 19, "invite": 20}
MODE_TEXT = {
    PadMode.IDLE: "空闲 idle",
    PadMode.SERVING: "办理中 serving",
    PadMode.AWAITING_RATING: "请评价 rate",
    PadMode.THANKS: "谢谢 thanks",
    PadMode.PAUSED: "暂停 paused",
    PadMode.BUSY: "系统忙 busy",
}


def register(kinds: Any) -> None:
    pads = kinds.add_parser(
        "pads",
        help="virtual evaluation pads on one Modbus RTU bus (pty or TCP), shown in the terminal",
        description="Simulated evaluation pads answering Modbus RTU (docs/protocols.md §4, docs/pads.md).",
        epilog=PADS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pads.add_argument("--count", type=int, default=4, help="how many pads (default 4)")
    pads.add_argument("--first", type=int, default=1, help="the first pad's address (default 1)")
    pads.add_argument("--tcp", type=int, metavar="PORT", help="serve on this TCP port (RTU over TCP, as a gateway)")
    pads.add_argument("--host", default="127.0.0.1", help="with --tcp: the interface to listen on (default local)")
    pads.add_argument("--link", type=Path, help="make a symlink to the pty here, e.g. /tmp/pads")
    pads.add_argument("--baud", type=int, help="pace the pty like a serial line at this speed, e.g. 9600")
    pads.set_defaults(handler=_pads)


def _pads(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if args.count < 1 or args.first < 1 or args.first + args.count - 1 > 247:
        print("评价器数量或地址无效 / --count and --first must keep addresses within 1 to 247", file=sys.stderr)
        return 2
    if args.baud is not None and args.baud <= 0:
        print("波特率必须大于 0 / --baud must be positive", file=sys.stderr)
        return 2
    sim = SimPads(args.count, first_address=args.first, baud=args.baud)
    try:
        if args.tcp is not None:
            host, port = sim.start_tcp(args.tcp, args.host)
            where = f"socket://{host}:{port}"
        else:
            where = f"serial://{sim.start_pty(args.link)}" + (f" (link {args.link})" if args.link else "")
    except OSError as error:
        sim.stop()
        print(f"无法启动模拟评价器 / cannot start the simulated pads: {error}", file=sys.stderr)
        return 2
    header = f"虚拟评价器 / virtual evaluation pads {sim.addresses[0]}-{sim.addresses[-1]}: {where}"
    clear_screen = sys.stdout.isatty()
    lock = threading.Lock()

    def redraw(_address: int | None = None) -> None:
        with lock:
            print(("\x1b[H\x1b[2J" + header + "\n" if clear_screen else "") + render(sim), flush=True)

    print(header, flush=True)
    print("('help' for commands, 'quit' to stop)", flush=True)
    redraw()
    sim.changes.add(redraw)
    return serve_prompt(lambda line: pads_command(sim, line), sim.stop)


def _key_name(key: int) -> str:
    try:
        return KEY_TEXT[PadKey(key)][0]
    except ValueError:
        return str(key)


def render(sim: SimPads) -> str:
    """One line per pad: address, window, mode, the number shown, staff, sequence, the last keys; then faults."""
    lines = []
    for address in sim.addresses:
        try:
            view = sim.view(address)
            shown = f"{view.window:>3}号窗口 {MODE_TEXT[view.mode]:<14} {view.number or '----':<6} 工号 {view.staff:<5}"
        except PadViewError:
            shown = "显示内容无效 / display registers hold no valid view"
        keys = " ".join(_key_name(k) for k in sim.recent_keys(address)) or "-"
        lines.append(f"  pad {address:<3} │ {shown} │ seq {sim.seq(address):<5} │ {keys}")
    faults = {name: value for name, value in sim.faults().items() if value}
    stats = sim.stats
    lines.append(
        f"  faults: {faults or 'none'}   bus: {stats.requests} requests, {stats.answers} answers, "
        f"{stats.corrupted} damaged, {stats.ignored} unanswered"
    )
    return "\n".join(lines)


def _address(sim: SimPads, text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) in sim.pads else None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _press(sim: SimPads, args: list[str]) -> str | None:
    if len(args) != 2 or (address := _address(sim, args[0])) is None:
        return None
    key = KEY_NAMES.get(args[1]) or (int(args[1]) if args[1].isdigit() and int(args[1]) <= 0xFFFF else None)
    if key is None:
        return None
    return f"pad {address}: key {key} ({_key_name(key)}), seq {sim.press(address, key)}"


def _switch(apply: Callable[[SimPads, int, bool], None], what: str) -> Callable[[SimPads, list[str]], str | None]:
    def command(sim: SimPads, args: list[str]) -> str | None:
        if not 1 <= len(args) <= 2 or (address := _address(sim, args[0])) is None:
            return None
        on = len(args) == 1 or args[1] != "off"
        apply(sim, address, on)
        return f"pad {address}: {what} {'on' if on else 'off'}"

    return command


def _noise(sim: SimPads, args: list[str]) -> str | None:
    rate = _number(args[0]) if len(args) == 1 else None
    if rate is None or not 0 <= rate <= 1:
        return None
    sim.noise(rate)
    return f"noise {rate:g}"


def _slow(sim: SimPads, args: list[str]) -> str | None:
    delay = _number(args[1]) if len(args) == 2 else None
    if delay is None or not 0 <= delay <= 60 or (address := _address(sim, args[0])) is None:
        return None
    sim.slow(address, delay)
    return f"pad {address}: answers {delay:g} s late"


def _answer_as(sim: SimPads, args: list[str]) -> str | None:
    if len(args) != 2 or (address := _address(sim, args[0])) is None:
        return None
    if args[1] == "off":
        sim.answer_as(address, None)
        return f"pad {address}: answers as itself"
    if not (args[1].isdigit() and 0 <= int(args[1]) <= 255):
        return None
    sim.answer_as(address, int(args[1]))
    return f"pad {address}: answers as {args[1]}"


def _restart(sim: SimPads, args: list[str]) -> str | None:
    if len(args) != 1 or (address := _address(sim, args[0])) is None:
        return None
    sim.restart(address)
    return f"pad {address}: restarted"


def _clear(sim: SimPads, _args: list[str]) -> str:
    sim.clear_faults()
    return "faults cleared"


PADS_COMMANDS: dict[str, Callable[[SimPads, list[str]], str | None]] = {
    "help": lambda _sim, _args: PADS_HELP,
    "show": lambda sim, _args: render(sim),
    "press": _press,
    "silence": _switch(SimPads.silence, "silent"),
    "fail": _switch(SimPads.fail, "exception answers"),
    "noise": _noise,
    "slow": _slow,
    "answer-as": _answer_as,
    "restart": _restart,
    "clear": _clear,
}


def pads_command(sim: SimPads, line: str) -> str | None:
    """Apply one prompt line (a command and its arguments); the reply to print, or None to quit."""
    words = line.lower().split()
    if not words:
        return ""
    if words[0] in {"quit", "exit"}:
        return None
    reply = fault_command(sim, line) if len(words) > 1 or words[0] == "faults" else None
    if reply is not None:
        return reply
    command = PADS_COMMANDS.get(words[0])
    reply = command(sim, words[1:]) if command else None
    return reply if reply is not None else f"不认识的命令 / unknown command: {line.strip()!r} (type 'help')"
