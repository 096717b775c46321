"""The pad bus's register map (docs/protocols.md §4), pure: ticket numbers in registers, views, readings,
and the key tracker that turns (sequence, ring) readings into each key event once, in order.

Key tracking decisions (docs/pads.md explains them for people):

* First contact: the pad's current sequence becomes the baseline; presses made before the master first heard
  the pad are not replayed (they belong to a controller that is gone, or to nobody).
* A pad that was not heard for a while keeps its baseline: presses made meanwhile arrive when it answers again
  (the newest 8 of them, with an EventGap for the rest).
* The sequence is uint16 and wraps after 65535 to 0; differences are taken modulo 65536. A difference of 32768
  or more cannot be presses (no one presses that often between two polls): the sequence went backwards, so the
  pad restarted and counts from 0 again. The tracker logs it, counts it, and takes 0 as the baseline, so the
  presses made since the restart (``seq`` of them) are delivered rather than lost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from devices.pads import (
    MAX_NUMBER_CHARS,
    EventGap,
    KeyEvent,
    PadEvent,
    PadMode,
    PadView,
    PadViewError,
    check_pad_number,
)

log = logging.getLogger(__name__)

RING_SIZE = 8
INPUT_COUNT = 1 + RING_SIZE + 1  # sequence, ring, firmware version
HOLDING_COUNT = 6  # window, mode, three number registers, staff
NUMBER_REGISTERS = MAX_NUMBER_CHARS // 2
SEQ_MODULO = 0x10000
BACKWARDS = SEQ_MODULO // 2  # a jump this large or larger is a restart, not presses


def ring_index(seq: int) -> int:
    """Where in the ring (0 to 7, i.e. input register 1 to 8) the event with sequence ``seq`` is kept."""
    return (seq - 1) % RING_SIZE


def number_to_registers(number: str) -> tuple[int, int, int]:
    """``"A017"`` -> ``(0x4130, 0x3137, 0x0000)``: ASCII, two characters a register, high byte first, NUL padded."""
    raw = check_pad_number(number).encode("ascii").ljust(MAX_NUMBER_CHARS, b"\0")
    return (raw[0] << 8 | raw[1], raw[2] << 8 | raw[3], raw[4] << 8 | raw[5])


def registers_to_number(registers: Sequence[int]) -> str:
    """The ticket number three registers spell; the text ends at the first NUL. PadViewError if it is not one."""
    if len(registers) != NUMBER_REGISTERS or not all(0 <= r <= 0xFFFF for r in registers):
        raise PadViewError(f"号码应占 3 个寄存器 / a number takes 3 registers of 0 to 65535, got {list(registers)}")
    raw = b"".join(r.to_bytes(2, "big") for r in registers).split(b"\0", 1)[0]
    try:
        return check_pad_number(raw.decode("ascii"))
    except UnicodeDecodeError:
        raise PadViewError(f"号码不是 ASCII / number registers are not ASCII: {raw!r}") from None


def view_to_registers(view: PadView) -> list[int]:
    """Holding registers 0 to 5 for a view: window, mode, number (3 registers), staff."""
    return [view.window, int(view.mode), *number_to_registers(view.number), view.staff]


def view_from_registers(registers: Sequence[int]) -> PadView:
    """The view holding registers 0 to 5 describe; PadViewError for an unknown mode or a bad number."""
    if len(registers) != HOLDING_COUNT:
        raise PadViewError(f"应为 6 个保持寄存器 / expected 6 holding registers, got {len(registers)}")
    try:
        mode = PadMode(registers[1])
    except ValueError:
        raise PadViewError(f"未知的显示模式 / unknown display mode {registers[1]}") from None
    return PadView(registers[0], mode, registers_to_number(registers[2:5]), registers[5])


@dataclass(frozen=True)
class PadReading:
    """Input registers 0 to 9 of one pad: its event sequence, the ring of the last 8 key codes, its firmware."""

    seq: int
    ring: tuple[int, ...]
    firmware: int

    @classmethod
    def from_registers(cls, registers: Sequence[int]) -> PadReading:
        if len(registers) != INPUT_COUNT:
            raise ValueError(f"应为 10 个输入寄存器 / expected 10 input registers, got {len(registers)}")
        return cls(registers[0], tuple(registers[1 : 1 + RING_SIZE]), registers[1 + RING_SIZE])


class KeyTracker:
    """One pad's key events: feed it each reading, get each new press once and in order (see module doc)."""

    def __init__(self, address: int) -> None:
        self.address = address
        self.last_seq: int | None = None
        self.restarts = 0

    def update(self, reading: PadReading) -> list[PadEvent]:
        if len(reading.ring) != RING_SIZE:
            raise ValueError(f"环形缓冲应为 8 个 / the ring holds 8 key codes, got {len(reading.ring)}")
        seq = reading.seq % SEQ_MODULO
        if self.last_seq is None:
            log.info("pad %d: first contact at sequence %d, earlier presses are not replayed", self.address, seq)
            self.last_seq = seq
            return []
        base, new = self.last_seq, (seq - self.last_seq) % SEQ_MODULO
        if new >= BACKWARDS:
            self.restarts += 1
            log.warning(
                "pad %d: sequence went back from %d to %d, the pad restarted; taking its %d press(es) since then",
                self.address, base, seq, seq,
            )  # fmt: skip
            base, new = 0, seq
        self.last_seq = seq
        events: list[PadEvent] = []
        kept = min(new, RING_SIZE)
        if new > RING_SIZE:
            log.warning("pad %d: %d key event(s) lost between %d and %d", self.address, new - kept, base, seq)
            events.append(EventGap(self.address, last_seq=base, seq=seq, lost=new - kept))
        for step in range(new - kept + 1, new + 1):
            event_seq = (base + step) % SEQ_MODULO
            events.append(KeyEvent(self.address, event_seq, reading.ring[ring_index(event_seq)]))
        return events


class PadMemory:
    """A pad's registers as its firmware keeps them: the simulator's pad, and the model tests press keys on."""

    def __init__(self, firmware: int = 0x0100, seq: int = 0) -> None:
        self.firmware = firmware
        self.seq = seq % SEQ_MODULO
        self.ring = [0] * RING_SIZE
        self.holding = [0] * HOLDING_COUNT

    def press(self, key: int) -> int:
        """One key press: the sequence goes up by one (65535 wraps to 0) and the key lands in its ring slot."""
        if not 0 <= key <= 0xFFFF:
            raise ValueError(f"按键码应为 0 到 65535 / key code must be 0 to 65535, got {key}")
        self.seq = (self.seq + 1) % SEQ_MODULO
        self.ring[ring_index(self.seq)] = key
        return self.seq

    def restart(self) -> None:
        """Power cycle: the sequence counts from 0 again, the ring and the display are cleared."""
        self.seq, self.ring, self.holding = 0, [0] * RING_SIZE, [0] * HOLDING_COUNT

    def input_registers(self) -> list[int]:
        return [self.seq, *self.ring, self.firmware]

    def reading(self) -> PadReading:
        return PadReading.from_registers(self.input_registers())

    def write_holding(self, start: int, values: Sequence[int]) -> None:
        if start < 0 or start + len(values) > HOLDING_COUNT:
            raise ValueError(f"保持寄存器只有 0 到 5 / holding registers are 0 to 5, got {start}+{len(values)}")
        self.holding[start : start + len(values)] = list(values)

    def view(self) -> PadView:
        return view_from_registers(self.holding)
