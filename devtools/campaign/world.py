"""The world the robot citizen lives in: a hall (``kiosk hall serve``, SQLite, its payment gateway simulator in
its own process) and a virtual printer (``kiosk sim printer`` on a pty), each a process of its own, so what the
hall holds and what paper was cut both survive the kiosk's death; and the kiosk config that points at them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from common.settings.paths import ENV_DATA_DIR
from devtools.campaign.process import Child
from devtools.ports import free_port
from kiosk.hallclient import HallClient

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "config"
KIOSK = str(Path(sys.executable).with_name("kiosk"))
HALL_UP_WITHIN_S = 120.0
# Four more always-open categories beside the shipped S: a long campaign takes more than one category's 999 numbers
# a day. The robot takes numbers in every open category but the green channel's and appointments'.
EXTRA_CATEGORIES = "".join(
    f"""
[[categories]]
prefix = "{prefix}"
name_zh = "自助服务{prefix}"
name_en = "Self-service {prefix}"
service_minutes = 5
always_open = true
"""
    for prefix in "KLMN"
)


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"the shipped config no longer holds {old!r}")
    return text.replace(old, new, 1)


@dataclass
class World:
    """Hall and printer up under ``root``; ``kiosk_config`` is the robot's config, its data in ``kiosk_data``."""

    root: Path
    hall: Child | None = None
    printer: Child | None = None
    port: int = 0
    token: str = ""
    children: list[Child] = field(default_factory=list)

    @property
    def hall_dir(self) -> Path:
        return self.root / "hall"

    @property
    def hall_db(self) -> Path:
        return self.hall_dir / "hall.db"

    @property
    def printer_out(self) -> Path:
        return self.root / "printer" / "out"

    @property
    def kiosk_data(self) -> Path:
        return self.root / "kiosk" / "data"

    @property
    def kiosk_config(self) -> Path:
        return self.root / "kiosk" / "kiosk.toml"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> World:
        for made in (self.hall_dir, self.printer_out, self.kiosk_data, self.logs):
            made.mkdir(parents=True, exist_ok=True)
        self._start_hall()
        self._start_printer()
        self._write_kiosk_config()
        return self

    def env(self, data_dir: Path) -> dict[str, str]:
        """The environment a child runs with: its data dir named outright (an inherited one would win)."""
        return {**os.environ, ENV_DATA_DIR: str(data_dir)}

    def _hall_args(self) -> list[str]:
        return ["--config", str(self.hall_dir / "hall.toml"), "--db", f"sqlite:///{self.hall_db}"]

    def _start_hall(self) -> None:
        text = (SHIPPED / "hall.toml").read_text(encoding="utf-8")
        text = _replace(text, '[paths]\n# data_dir = "/var/lib/hall-kiosk"', f'[paths]\ndata_dir = "{self.hall_dir}"')
        (self.hall_dir / "hall.toml").write_text(text + EXTRA_CATEGORIES, encoding="utf-8")
        made = subprocess.run(
            [KIOSK, "hall", "token", "create", "--name", "kiosk-01", "--role", "kiosk", *self._hall_args()],
            capture_output=True, text=True, check=True, cwd=ROOT, env=self.env(self.hall_dir),
        )  # fmt: skip
        self.token = made.stdout.strip().splitlines()[-1]
        self.port = free_port()
        self.hall = Child(
            [KIOSK, "hall", "serve", *self._hall_args(), "--port", str(self.port)],
            log=self.logs / "hall.log",
            cwd=ROOT,
            env=self.env(self.hall_dir),
        )
        self.children.append(self.hall)
        deadline = time.monotonic() + HALL_UP_WITHIN_S
        with HallClient(self.url, self.token, timeout_s=2) as client:
            while not client.health():
                if self.hall.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the hall did not come up; see {self.hall.log}")
                time.sleep(0.2)

    def _start_printer(self) -> None:
        link = self.root / "printer" / "tty"
        self.printer = Child(
            [KIOSK, "sim", "printer", "--out", str(self.printer_out), "--link", str(link)],
            log=self.logs / "printer.log",
            cwd=ROOT,
        )
        self.children.append(self.printer)
        self.printer.wait_for("serial://")

    def _write_kiosk_config(self) -> None:
        text = (SHIPPED / "kiosk.toml").read_text(encoding="utf-8")
        text = _replace(text, 'url = "http://127.0.0.1:8700"', f'url = "{self.url}"')
        text = _replace(text, "embedded = true", "embedded = false")
        text = _replace(text, 'token = ""', f'token = "{self.token}"')
        text = _replace(text, '# data_dir = "/var/lib/hall-kiosk"', f'data_dir = "{self.kiosk_data}"')
        text = _replace(text, 'url = "sim://"', f'url = "serial://{self.root / "printer" / "tty"}"')
        text = _replace(text, "enabled = true", "enabled = false")
        self.kiosk_config.write_text(text, encoding="utf-8")

    def printed_receipts(self) -> int:
        """How many receipts the printer cut (each one a PNG)."""
        return len(list(self.printer_out.glob("*.png")))

    def stop(self) -> None:
        for child in reversed(self.children):
            if child.process.poll() is None:
                child.process.terminate()
                try:
                    child.wait(timeout=20)
                except Exception:
                    child.kill()
        self.children = []

    def __enter__(self) -> World:
        return self.start()

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
