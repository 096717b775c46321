"""The simulators' prompt: one word names a command, the next is its argument; unknown input says so."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

Sim = TypeVar("Sim")


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
    interrupted. ``stop`` shuts the simulator down either way."""
    try:
        for line in sys.stdin:
            reply = command(line)
            if reply is None:
                break
            print(reply, flush=True)
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
    return 0
