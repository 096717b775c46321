"""The simulators' prompt: one word names a command, the next is its argument; unknown input says so."""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from collections.abc import Callable, Mapping
from typing import TypeVar

from common.stopping import StopSignals
from devices.simulator import Simulator, UnknownFault, fault_table

FAULT_VERBS = ("faults", "inject", "clear")


def fault_help(prefix: str = "") -> str:
    """The help lines of the fault commands every simulator's prompt takes (``prefix``: the scanner's ``/``)."""
    return (
        f"  {prefix + 'faults':<22}the faults it declares (the technician page offers some of them)\n"
        f"  {prefix + 'inject NAME [TARGET]':<22}turn a fault on, or make a one-shot one happen\n"
        f"  {prefix + 'clear NAME [TARGET]':<22}turn a fault off"
    )


def fault_command(sim: Simulator, line: str, prefix: str = "") -> str | None:
    """``faults``, ``inject NAME [TARGET]`` or ``clear NAME [TARGET]`` from the simulator's own declarations;
    None when the line is none of these. TARGET is a pad's address or a window number on a bus."""
    words = line.lower().split()
    if not words or not words[0].startswith(prefix) or words[0][len(prefix) :] not in FAULT_VERBS:
        return None
    verb = words[0][len(prefix) :]
    if verb == "faults":
        return fault_table(sim)
    if len(words) not in {2, 3} or (len(words) == 3 and not words[2].isdigit()):
        return f"用法 / usage: {prefix}{verb} NAME [TARGET] ({prefix}faults lists them)"
    target = int(words[2]) if len(words) == 3 else None
    try:
        (sim.inject_fault if verb == "inject" else sim.clear_fault)(words[1], target)
    except UnknownFault as error:
        return str(error)
    where = f" {target}" if target is not None else ""
    return f"{'on' if verb == 'inject' else 'off'}: {words[1]}{where} ({sim.fault(words[1]).label})"


Sim = TypeVar("Sim")
Handler = Callable[[argparse.Namespace], int]
_active: list[StopSignals] = []  # the running simulator command's, for serve_prompt


def stopping_on_signals(handler: Handler) -> Handler:
    """A simulator command with SIGINT and SIGTERM handled from its first line, not only once its prompt runs:
    a signal sent as soon as it prints where it listens stops it cleanly too."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        with StopSignals() as signals:
            _active.append(signals)
            try:
                return handler(args)
            finally:
                _active.remove(signals)

    return run


def dispatch(commands: Mapping[str, Callable[[Sim, str], str | None]], sim: Sim, line: str) -> str | None:
    """Apply one prompt line; the reply to print, or None to quit."""
    words = line.split()
    if not words:
        return ""
    name, arg = words[0].lower(), (words[1].lower() if len(words) > 1 else "")
    if name in {"quit", "exit"}:
        return None
    command = commands.get(name)
    reply = command(sim, arg) if command else None
    return reply if reply is not None else f"不认识的命令 / unknown command: {line.strip()!r} (type 'help')"


def serve_prompt(command: Callable[[str], str | None], stop: Callable[[], None]) -> int:
    """Read commands from stdin until 'quit'; if stdin closes (run in the background), keep serving until
    SIGINT or SIGTERM. ``stop`` shuts the simulator down either way; a signal ends a command only between
    commands, never half way through one."""
    with contextlib.ExitStack() as stack:
        signals = _active[-1] if _active else stack.enter_context(StopSignals())
        try:
            for line in signals.lines(sys.stdin):
                reply = command(line)
                if reply is None:
                    return 0
                print(reply, flush=True)
            # stdin closed (run in the background): serve on until stopped
            while not signals.wait(3600):
                pass
        finally:
            stop()
    return 0
