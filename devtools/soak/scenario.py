"""The compressed day: start the parts, play the window pads, inject faults, restart the hall, sample, and at the
end drain the kiosk's outbox and read back at the hall what arrived.

Parts (each a process): the hall (devtools/soak/hall_process.py on the compressed clock), the pads' RS-485
gateway (`kiosk sim pads --tcp`), the hall device controller (`kiosk hall devices`) and the kiosk station with its
citizens (devtools/soak/citizens.py). Faults: the kiosk's printer (out of paper, unplugged; in the station), a
pad silent and back, the hall killed (SIGKILL or SIGTERM in turn) and started again.
"""

from __future__ import annotations

import json
import random
import signal
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from devtools.ports import free_port
from devtools.soak import configs
from devtools.soak.citizens import DRAINED
from devtools.soak.citizens import READY as STATION_READY
from devtools.soak.clock import CompressedClock, StartingClock, begin
from devtools.soak.parts import KIOSK, PYTHON, Part, answers, make_token
from devtools.soak.samplers import Files, Sample, take_sample
from devtools.soak.tally import HallTally, tally_hall

ZONE = ZoneInfo("Asia/Shanghai")
KIOSK_ID = "kiosk-01"


@dataclass(frozen=True)
class Plan:
    duration_s: float
    warmup_s: float
    sample_every_s: float = 5.0
    hall_restarts: int = 1  # spread over the time after warm-up
    speed: float = 144.0  # simulated seconds per real second: a day in 10 minutes
    start: datetime | None = None  # simulated time at the start; None: the first midnight half-way after warm-up
    seed: int = 1
    db_url: str | None = None  # the hall's database; None: SQLite in its data dir
    step_s: float = 1.0  # one move of the pads every this


@dataclass
class Result:
    plan: Plan
    start: datetime  # the simulated moment the run began at
    samples: list[Sample] = field(default_factory=list)
    events: Counter[str] = field(default_factory=Counter)
    made: dict[str, object] = field(default_factory=dict)
    hall: HallTally | None = None
    logs: dict[str, int] = field(default_factory=dict)  # log group -> its bound in bytes


def _pid(part: Part | None) -> int | None:
    return part.pid if part is not None else None


def first_moment(plan: Plan) -> datetime:
    """A moment of Saturday 5 December from which the first midnight comes half-way through the run after
    warm-up (the clock runs from when the load begins)."""
    real_s = plan.warmup_s + (plan.duration_s - plan.warmup_s) / 2
    return datetime(2026, 12, 6, tzinfo=ZONE) - timedelta(seconds=real_s * plan.speed)


class Soak:
    def __init__(self, plan: Plan, directory: Path) -> None:
        self.plan, self.dir = plan, directory
        self.rng = random.Random(plan.seed)
        self.starting = StartingClock(plan.start or first_moment(plan), plan.speed, directory / "out" / "epoch")
        self.clock: CompressedClock | None = None  # once the load begins
        self.result = Result(plan, self.starting.start)
        for name in ("hall", "kiosk", "devices", "out"):
            (directory / name).mkdir(parents=True, exist_ok=True)
        self.hall_port, self.pads_port = free_port(), free_port()
        self.hall_url = f"http://127.0.0.1:{self.hall_port}"
        self.hall_env = {"KIOSK_DATA_DIR": str(directory / "hall")}
        self.hall_config = configs.hall_config(directory)
        db = ["--db", plan.db_url] if plan.db_url else []
        self.hall = Part(
            "hall",
            [PYTHON, "-m", "devtools.soak.hall_process", "--config", self.hall_config, "--port", self.hall_port,
             *db, *self.starting.argv()],
            directory / "out" / "hall.out", env=self.hall_env,
        )  # fmt: skip
        self.pads = Part(
            "pads", [*KIOSK, "sim", "pads", "--count", len(configs.PADS), "--tcp", self.pads_port],
            directory / "out" / "pads.out", stdin=True,
        )  # fmt: skip
        self.devices: Part | None = None
        self.station: Part | None = None
        self._windows = dict.fromkeys(configs.PADS, 0)  # each pad's next move: call, invite, rate
        self._silent: dict[int, int] = {}  # pad -> steps left silent

    def hall_db_url(self) -> str:
        return self.plan.db_url or f"sqlite:///{self.dir / 'hall' / 'hall.db'}"

    # -- the run -----------------------------------------------------------------------------------------
    def run(self) -> Result:
        try:
            self._start()
            self._play()
            self._finish()
        finally:
            for part in (self.station, self.devices, self.pads, self.hall):
                if part is not None:
                    part.stop()
        return self.result

    def _start(self) -> None:
        self._start_hall()
        db = ["--db", self.plan.db_url] if self.plan.db_url else []
        made = self.dir / "out" / "tokens.out"
        kiosk_token = make_token(self.hall_config, self.hall_env, KIOSK_ID, "kiosk", output=made, db=db)
        pads_token = make_token(self.hall_config, self.hall_env, "soak-pads", "pads", output=made, db=db)
        kiosk_config = configs.kiosk_config(self.dir, self.hall_url, kiosk_token)
        devices_config = configs.devices_config(self.dir, self.hall_url, pads_token, self.pads_port)
        self.pads.start().wait_for(lambda: self.pads.printed("127.0.0.1"), "the pads listening")
        self.devices = Part(
            "devices", [*KIOSK, "hall", "devices", "--config", devices_config], self.dir / "out" / "devices.out",
            env={"KIOSK_DATA_DIR": str(self.dir / "devices")},
        ).start()  # fmt: skip
        self.station = Part(
            "station",
            [PYTHON, "-m", "devtools.soak.citizens", "--config", kiosk_config, "--out", self.dir / "out",
             "--seed", self.plan.seed],
            self.dir / "out" / "station.out", env={"KIOSK_DATA_DIR": str(self.dir / "kiosk")}, stdin=True,
        ).start()  # fmt: skip
        self.station.wait_for(lambda: self.station is not None and self.station.printed(STATION_READY), "its ready")
        self.result.logs = dict.fromkeys(
            ("hall log", "kiosk log", "devices log"), (configs.LOG_BACKUPS + 1) * configs.LOG_MAX_BYTES
        )

    def _start_hall(self) -> None:
        self.hall.start()
        self.hall.wait_for(answers(f"{self.hall_url}/api/v1/health"), "the hall answering")

    def _play(self) -> None:
        plan, started = self.plan, time.monotonic()
        self.clock = begin(self.starting)  # the hall's simulated time runs from now
        after = plan.duration_s - plan.warmup_s
        restarts = [plan.warmup_s + after * (n + 1) / (plan.hall_restarts + 2) for n in range(plan.hall_restarts)]
        next_sample = 0.0
        while (now := time.monotonic() - started) < plan.duration_s:
            if restarts and now >= restarts[0]:
                restarts.pop(0)
                self._restart_hall()
            if now >= next_sample:
                self._sample(now)
                next_sample += plan.sample_every_s
            self._step()
            time.sleep(plan.step_s)
        self._sample(time.monotonic() - started)

    def _restart_hall(self) -> None:
        sent = signal.SIGKILL if self.result.events["hall_restarts"] % 2 == 0 else signal.SIGTERM
        self.hall.stop(sent)
        self.result.events["hall_restarts"] += 1
        self._start_hall()

    def _step(self) -> None:
        """One move of every pad that is not silent; now and then a pad goes silent or comes back."""
        for pad, left in list(self._silent.items()):
            if left <= 1:
                del self._silent[pad]
                self.pads.tell(f"silence {pad} off")
            else:
                self._silent[pad] = left - 1
        if not self._silent and self.rng.random() < 0.03:
            pad = self.rng.choice(configs.PADS)
            self._silent[pad] = self.rng.randint(3, 8)
            self.pads.tell(f"silence {pad}")
            self.result.events["pad_silences"] += 1
        for pad, move in self._windows.items():
            if pad in self._silent:
                continue
            key = ("16", "20", str(self.rng.choice((3, 4, 5, 5))))[move]
            self.pads.tell(f"press {pad} {key}")
            self.result.events[("pad_calls", "pad_invites", "pad_ratings")[move]] += 1
            self._windows[pad] = (move + 1) % 3

    def _sample(self, at_s: float) -> None:
        counts_file = self.dir / "out" / "counts.json"
        events = dict(self.result.events)
        if counts_file.exists():
            events.update(json.loads(counts_file.read_text(encoding="utf-8")))
        events["midnights"] = self.clock.midnights(ZONE) if self.clock else 0
        self.result.events["midnights"] = events["midnights"]
        sample = take_sample(at_s, self._pids(), self._files(), events)
        self.result.samples.append(sample)
        with (self.dir / "out" / "samples.jsonl").open("a", encoding="utf-8") as kept:
            kept.write(json.dumps(asdict(sample)) + "\n")

    def _pids(self) -> dict[str, Callable[[], int | None]]:
        parts = {"hall": self.hall, "devices": self.devices, "station": self.station, "pads": self.pads}
        return {name: partial(_pid, part) for name, part in parts.items()}

    def _files(self) -> dict[str, Files]:
        kiosk, hall, devices = self.dir / "kiosk", self.dir / "hall", self.dir / "devices"
        files = {
            "kiosk db": Files(kiosk, ("kiosk.db",)),
            "kiosk wal": Files(kiosk, ("kiosk.db-wal",)),
            "kiosk attachments": Files(kiosk / "attachments", ("*",)),
            "kiosk log": Files(kiosk, ("kiosk.log*",)),
            "kiosk printed (simulator)": Files(kiosk / "printed", ("*",)),
            "hall log": Files(hall, ("kiosk.log*",)),
            "devices log": Files(devices, ("kiosk.log*",)),
        }
        if self.plan.db_url is None:
            files |= {"hall db": Files(hall, ("hall.db",)), "hall wal": Files(hall, ("hall.db-wal",))}
        return files

    def _finish(self) -> None:
        assert self.station is not None
        self.station.tell("drain")
        self.station.wait_for(lambda: self.station is not None and self.station.printed(DRAINED), "the outbox drained")
        made = json.loads((self.dir / "out" / "made.json").read_text(encoding="utf-8"))
        self.result.made = made
        self.result.events.update(made["counts"])
        self.result.hall = tally_hall(self.hall_db_url(), KIOSK_ID, made["filings"])
        self.station.tell("quit")
