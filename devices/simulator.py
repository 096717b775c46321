"""What every device simulator offers, whatever device it plays: its kind, the faults it declares, and how to
inject and clear them.

A fault is declared once, by the simulator that can produce it, with its bilingual label. The technician page
offers the faults marked ``technician`` as buttons; the ``kiosk sim`` prompts list them all (``faults``) and
inject or clear any of them by name. "Fault" is meant broadly: anything a technician or a test makes happen to
the simulated device, from paper running out to a card being placed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class FaultMode(StrEnum):
    SWITCH = "switch"  # on until cleared (paper out, a silent pad)
    ONCE = "once"  # happens once and is over (a card placed, a power cut); clearing it does nothing


@dataclass(frozen=True)
class Fault:
    """One fault a simulator can produce."""

    name: str  # the word typed at a ``kiosk sim`` prompt, e.g. ``paper-out``
    zh: str
    en: str
    mode: FaultMode = FaultMode.SWITCH
    technician: bool = False  # offered as a button on the technician page
    target: str = ""  # on a bus, what names the one device it hits ("address", "window"); "" for the whole device

    @property
    def label(self) -> str:
        return f"{self.zh} / {self.en}"


Action = Callable[[int | None], object]
"""What injecting or clearing one fault does; it gets the target (None when the fault has none)."""


def _nothing(_target: int | None) -> None:
    """Clearing a ONCE fault: it is already over."""


class UnknownFault(ValueError):
    """A fault name (or target) the simulator does not declare; the message is bilingual."""


class Simulator(ABC):
    """An in-process stand-in for a device, speaking the device's real bytes on a pty or a socket."""

    kind = "device"  # the device kind it plays: printer, id_reader, scanner, camera, pads, displays

    @abstractmethod
    def fault_list(self) -> tuple[Fault, ...]:
        """The faults this simulator can produce, in the order a technician is offered them."""

    @abstractmethod
    def fault_actions(self) -> Mapping[str, tuple[Action, Action]]:
        """For each declared fault's name, what injecting it and what clearing it does."""

    def inject_fault(self, name: str, target: int | None = None) -> None:
        """Turn a SWITCH fault on, or make a ONCE fault happen; ``target`` names one device on a bus.
        UnknownFault for a name or target it does not know."""
        self.fault(name)
        self.fault_actions()[name][0](target)

    def clear_fault(self, name: str, target: int | None = None) -> None:
        """Turn a SWITCH fault off (a ONCE fault is already over)."""
        if self.fault(name).mode is FaultMode.SWITCH:
            self.fault_actions()[name][1](target)

    @abstractmethod
    def stop(self) -> None:
        """Stop serving: close its pty or socket and its threads."""

    def fault(self, name: str) -> Fault:
        """The declared fault called ``name``; UnknownFault if there is none."""
        for fault in self.fault_list():
            if fault.name == name:
                return fault
        known = ", ".join(f.name for f in self.fault_list())
        raise UnknownFault(f"没有这种故障 / no fault {name!r} here (known: {known})")


def once(action: Action) -> tuple[Action, Action]:
    """The actions of a ONCE fault: it happens, and there is nothing to clear."""
    return action, _nothing


def fault_table(simulator: Simulator) -> str:
    """The declared faults, one a line, for a ``kiosk sim`` prompt: name, target, on/off or once, label."""
    lines = []
    for fault in simulator.fault_list():
        name = f"{fault.name} {fault.target.upper()}" if fault.target else fault.name
        mode = "on/off" if fault.mode is FaultMode.SWITCH else "once"
        lines.append(f"  {name:<20} {mode:<7} {fault.label}")
    return "\n".join(lines)


def require_target(fault: Fault, target: int | None, known: set[int]) -> int:
    """The target a per-device fault needs, checked against the devices on the bus."""
    if target is None or target not in known:
        raise UnknownFault(
            f"故障 {fault.name} 需要有效的{fault.target} / fault {fault.name} needs a known {fault.target or 'target'}"
            f" (have: {', '.join(map(str, sorted(known)))})"
        )
    return target
