"""The soak's kiosk station: a headless process that opens the station services (kiosk/station/services.py), as
the touch UI does, and plays simulated citizens on them: take a number, file an application with a small
attachment and rate it, print a service guide; and now and then the printer runs out of paper or is unplugged and
comes back. A seeded random generator picks every choice.

``python -m devtools.soak.citizens --config KIOSK.toml --out DIR --seed N``. It writes ``DIR/counts.json`` after
each citizen (what it did so far) and reads commands on stdin: ``drain`` stops the citizens, sends what waits in
the outbox and writes ``DIR/made.json`` (every filing number made) once nothing waits; ``quit`` ends.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from kiosk.hallclient.errors import HallRefused, HallUnreachable
from kiosk.hallclient.outbox_state import outbox_report
from kiosk.station.filing_ports import DraftMaterial, FilingDraft, ResultDelivery
from kiosk.station.services import StationServices, open_station_services

log = logging.getLogger(__name__)

READY = "soak station ready"
DRAINED = "soak station drained"
BIRTH = "339900-001-QR-00201-001"  # 出生登记 in the shipped catalog: fileable, with a material to attach
ID_NUMBER = "990101199003071237"  # a fictional applicant (check character valid)
FORM: dict[str, Any] = {
    "applicant_name": "张示例",
    "applicant_id": ID_NUMBER,
    "relation": "父亲",
    "baby_name": "张小宝",
    "baby_sex": "男",
    "birth_date": "2026-11-01",
    "birth_certificate": "Q123456789",
    "phone": "13800138000",
}
PAUSE_S = (0.1, 0.4)  # between two citizens
FAULT_EVERY = 25  # one printer fault in this many citizens, on average
FAULT_FOR = 4  # citizens served while the printer is away


def small_photo(rng: random.Random) -> bytes:
    """A photographed page of a few kilobytes."""
    out = io.BytesIO()
    Image.effect_noise((120, 90), rng.randint(20, 80)).convert("RGB").save(out, "JPEG", quality=70)
    return out.getvalue()


def draft(rng: random.Random) -> FilingDraft:
    return FilingDraft(
        item_code=BIRTH,
        item_name="出生登记",
        applicant_name="张示例",
        id_number=ID_NUMBER,
        phone="13800138000",
        form=dict(FORM),
        attachments=(DraftMaterial("《出生医学证明》", (small_photo(rng),)),),
        materials_to_bring=("入户地居民户口簿",),
        delivery=ResultDelivery("hall"),
    )


class Citizens:
    """One citizen after another on the station's ports until stopped; ``counts`` says what was done."""

    def __init__(self, services: StationServices, out: Path, seed: int) -> None:
        self.services, self.out, self.rng = services, out, random.Random(seed)
        self.counts: Counter[str] = Counter()
        self.filed: list[str] = []  # filing numbers, in order
        self.stop = threading.Event()
        self._fault_left = 0
        self._fault: str | None = None

    def run(self) -> None:
        while not self.stop.is_set():
            self.one()
            self._write("counts.json", dict(self.counts))
            self.stop.wait(self.rng.uniform(*PAUSE_S))
        self._end_fault()

    def one(self) -> None:
        self._faults()
        try:
            ticket = self.services.hall.take_number("S")
            self.counts["tickets"] += 1
            self.counts["tickets_printed" if ticket.printed else "tickets_unprinted"] += 1
        except (HallUnreachable, HallRefused):
            self.counts["tickets_refused"] += 1  # the hall away (restarting): the citizen comes back later
        if self.rng.random() < 0.5:
            saved = self.services.filing_port.save(draft(self.rng))  # stored here; the outbox takes it on
            self.filed.append(saved.number)
            self.counts["filings"] += 1
            self.services.filing_port.rate(saved.number, self.rng.choice((3, 4, 5)), [])
            self.counts["ratings"] += 1
        if self.rng.random() < 0.2:
            with contextlib.suppress(HallUnreachable):
                self.services.hall.guide()  # the guide on screen first (it keeps the catalog), then its print
            printed, _why = self.services.hall.print_guide(BIRTH)
            self.counts["guides_printed" if printed else "guides_unprinted"] += 1

    def _faults(self) -> None:
        if self._fault is not None:
            self._fault_left -= 1
            if self._fault_left <= 0:
                self._end_fault()
            return
        if self.rng.random() >= 1 / FAULT_EVERY:
            return
        printer: Any = self.services.devices.simulators().get("printer")
        if printer is None:
            return
        self._fault, self._fault_left = self.rng.choice(("paper-out", "unplugged")), FAULT_FOR
        if self._fault == "paper-out":
            printer.set_condition(paper_out=True)
        else:
            printer.drop_connection()
        self.counts[f"printer_{self._fault}"] += 1

    def _end_fault(self) -> None:
        fault, self._fault = self._fault, None
        printer: Any = self.services.devices.simulators().get("printer")
        if fault is None or printer is None:
            return
        if fault == "paper-out":
            printer.refill()
        else:
            printer.replug()

    def drain(self, within_s: float = 120.0) -> None:
        """Send everything waiting (the hall is up), then write made.json; within ``within_s`` or say how many wait."""
        self.services.sender.wake(everything=True)
        deadline, pending = time.monotonic() + within_s, -1
        while time.monotonic() < deadline:
            with self.services.station.store.sessions() as session:
                pending = outbox_report(session).pending
            if pending == 0:
                break
            self.services.sender.wake(everything=True)
            time.sleep(0.5)
        self._write("made.json", {"filings": self.filed, "counts": dict(self.counts), "pending": pending})

    def _write(self, name: str, value: object) -> None:
        path = self.out / name
        path.with_suffix(".tmp").write_text(json.dumps(value), encoding="utf-8")
        path.with_suffix(".tmp").replace(path)


def say(line: str) -> None:
    """A line for the soak that reads this process's output."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devtools.soak.citizens")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with open_station_services(args.config) as services:
        citizens = Citizens(services, args.out, args.seed)
        worker = threading.Thread(target=citizens.run, name="soak-citizens", daemon=True)
        worker.start()
        say(READY)
        for line in sys.stdin:
            command = line.strip()
            if command == "drain":
                citizens.stop.set()
                worker.join()
                citizens.drain()
                say(DRAINED)
            elif command == "quit":
                break
        citizens.stop.set()
        worker.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
