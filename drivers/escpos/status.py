"""Real-time status bytes (DLE EOT n): parsing what a printer answers, and building what the simulator answers."""

from __future__ import annotations

from dataclasses import dataclass

from devices.state import Reason

FIXED_MASK, FIXED_BITS = 0b1001_0011, 0b0001_0010  # every status byte reads 0xx1xx10


class MalformedStatus(ValueError):
    """A byte that is not a status answer: line noise, or a device that is not an ESC/POS printer."""


def is_status_byte(value: int) -> bool:
    return value & FIXED_MASK == FIXED_BITS


# Which bits of each answer mean what (docs/protocols.md §3.3); a multi-bit mask matches when any of its bits is set.
_MEANING: dict[int, tuple[tuple[int, Reason], ...]] = {
    1: ((0x08, Reason.PRINTER_OFFLINE),),
    2: ((0x04, Reason.COVER_OPEN), (0x20, Reason.PAPER_OUT), (0x40, Reason.PRINTER_OFFLINE)),
    3: ((0x08, Reason.CUTTER_ERROR), (0x20, Reason.UNRECOVERABLE_ERROR), (0x40, Reason.AUTO_RECOVERABLE_ERROR)),
    4: ((0x0C, Reason.PAPER_NEAR_END), (0x60, Reason.PAPER_OUT)),
}


def parse_status(n: int, value: int) -> frozenset[Reason]:
    """The reasons one status byte reports. n=1 printer, 2 offline cause, 3 error cause, 4 paper sensor."""
    if not is_status_byte(value):
        raise MalformedStatus(f"DLE EOT {n} answered {value:#04x}, which is not a status byte")
    return frozenset(reason for mask, reason in _MEANING.get(n, ()) if value & mask)


def combine(answers: dict[int, frozenset[Reason]]) -> frozenset[Reason]:
    """All four answers as one set: a bare "offline" is dropped when a cause for it was found."""
    reasons = frozenset().union(*answers.values())
    if Reason.PRINTER_OFFLINE in reasons and reasons - {Reason.PRINTER_OFFLINE, Reason.PAPER_NEAR_END}:
        reasons -= {Reason.PRINTER_OFFLINE}
    if Reason.PAPER_OUT in reasons:
        reasons -= {Reason.PAPER_NEAR_END}
    return reasons


@dataclass(frozen=True)
class PrinterCondition:
    """A simulated printer's condition, from which it answers status requests as a real one would."""

    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    cutter_error: bool = False

    @property
    def offline(self) -> bool:
        return self.cover_open or self.paper_out or self.cutter_error

    def status_byte(self, n: int) -> int:
        value = FIXED_BITS
        if n == 1 and self.offline:
            value |= 0x08
        elif n == 2:
            value |= (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)
            value |= 0x40 if self.cutter_error else 0
        elif n == 3 and self.cutter_error:
            value |= 0x08
        elif n == 4:
            value |= (0x0C if self.paper_near_end or self.paper_out else 0) | (0x60 if self.paper_out else 0)
        return value
