"""ID card reader figures: card placed -> Identity delivered over a 115200-baud line, against the read's wire time."""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from devices.identity import CardResult
from devices.url import parse_device_url
from drivers.idcard.protocol import READ_REPLY_SIZE, Command, Frame, FrameParser, command_frame
from drivers.idcard.reader import POLL_INTERVAL, Ga467Reader
from drivers.sim.idcard import VirtualIdReader
from drivers.transports import SerialTransport

BAUD = 115200
ROUNDS = 10


def serial(link: Path) -> SerialTransport:
    return SerialTransport(parse_device_url(f"serial://{link}?baudrate={BAUD}"))


def read_round_trip(sim: VirtualIdReader, link: Path) -> float:
    """Seconds from the read command written to the whole 1,295-byte reply parsed (card selected first)."""
    sim.place(0)
    transport = serial(link)
    transport.open()
    times = []
    try:
        for _ in range(ROUNDS):
            for command in (Command.SELECT_CARD, Command.READ_TEXT_PHOTO):
                parser = FrameParser()
                started = time.perf_counter()
                transport.write(command_frame(command))
                while not any(isinstance(e, Frame) for e in parser.feed(transport.read(4096, 2.0))):
                    pass
            times.append(time.perf_counter() - started)
    finally:
        transport.close()
        sim.remove()
    return statistics.median(times)


def placed_to_delivered(sim: VirtualIdReader, link: Path) -> list[float]:
    """Seconds from a card put on the reader to its Identity in the listener, with the driver polling every 300 ms."""
    reader = Ga467Reader(serial(link))
    delivered = threading.Event()
    arrived: list[tuple[float, CardResult]] = []

    def listener(result: CardResult) -> None:
        arrived.append((time.perf_counter(), result))
        delivered.set()

    chance = random.Random(467)
    times = []
    reader.start_waiting(listener)
    try:
        for round_ in range(ROUNDS):
            polls = sim.commands[Command.FIND_CARD]
            while sim.commands[Command.FIND_CARD] < polls + 2:  # the driver has seen the reader empty
                time.sleep(0.01)
            time.sleep(chance.uniform(0, POLL_INTERVAL))  # a citizen's timing is not in step with the polls
            delivered.clear()
            placed_at = time.perf_counter()
            sim.place(round_ % len(sim.identities))
            if not delivered.wait(10):
                raise RuntimeError("no card delivered within 10 s")
            at, result = arrived[-1]
            if not result.ok:
                raise RuntimeError(f"card not read: {result.message}")
            times.append(at - placed_at)
            sim.remove()
    finally:
        reader.close()
    return times


def main() -> None:
    wire = READ_REPLY_SIZE * 10 / BAUD
    with tempfile.TemporaryDirectory() as name:
        link = Path(name) / "idcard"
        sim = VirtualIdReader()
        sim.baud = BAUD
        sim.start_pty(link)
        try:
            round_trip = read_round_trip(sim, link)
            delivered = placed_to_delivered(sim, link)
        finally:
            sim.stop()
    print(f"| {BAUD} baud, virtual reader throttled to the line | median of {ROUNDS} | range |")
    print("|---|---|---|")
    print(f"| wire time of the {READ_REPLY_SIZE:,}-byte read reply (bytes x 10 / baud) | {wire * 1000:.0f} ms | |")
    print(f"| read command -> whole reply parsed | {round_trip * 1000:.0f} ms | |")
    print(
        f"| card placed -> Identity delivered (find card every {POLL_INTERVAL * 1000:.0f} ms, select, read) "
        f"| {statistics.median(delivered) * 1000:.0f} ms "
        f"| {min(delivered) * 1000:.0f} to {max(delivered) * 1000:.0f} ms |"
    )


if __name__ == "__main__":
    main()
