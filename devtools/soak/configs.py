"""The soak's config files, made from the shipped ones (config/): small logs so that rotation happens within the
run, the 24-hour self-service category (S) called at the windows with pads, the kiosk pointed at the hall process."""

from __future__ import annotations

import re
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "config"
LOG_MAX_BYTES = 200_000  # small, so logs rotate within minutes
LOG_BACKUPS = 2
PADS = (1, 2)  # pad address = window number; both windows serve S


def _logging(text: str) -> str:
    text = re.sub(r"^max_bytes = .*$\n?", "", text, flags=re.M)
    text = re.sub(r"^backups = .*$\n?", "", text, flags=re.M)
    return text.replace("[logging]\n", f"[logging]\nmax_bytes = {LOG_MAX_BYTES}\nbackups = {LOG_BACKUPS}\n", 1)


def hall_config(directory: Path) -> Path:
    text = (SHIPPED / "hall.toml").read_text(encoding="utf-8")
    text = text.replace('categories = ["V", "Y", "A"]', 'categories = ["S", "V", "Y", "A"]', 1)
    text = text.replace('categories = ["A"]', 'categories = ["S", "A"]', 1)
    path = directory / "hall.toml"
    path.write_text(_logging(text), encoding="utf-8")
    return path


def kiosk_config(directory: Path, hall_url: str, token: str) -> Path:
    text = (SHIPPED / "kiosk.toml").read_text(encoding="utf-8")
    text = text.replace('url = "http://127.0.0.1:8700"', f'url = "{hall_url}"', 1)
    text = text.replace("embedded = true", "embedded = false", 1).replace('token = ""', f'token = "{token}"', 1)
    text = text.replace("enabled = true", "enabled = false", 1)  # the voice: no sound in a soak
    text = text.replace("retention_hours = 24", "retention_hours = 1", 1)
    path = directory / "kiosk.toml"
    path.write_text(_logging(text), encoding="utf-8")
    return path


def devices_config(directory: Path, hall_url: str, token: str, pads_port: int) -> Path:
    pads = "".join(f'[[pads.pad]]\naddress = {n}\nwindow = {n}\nstaff = "100{n}"\n' for n in PADS)
    windows = ", ".join(f"{n} = {n}" for n in PADS)
    path = directory / "hall-devices.toml"
    path.write_text(
        f"""[hall]
url = "{hall_url}"
token = "{token}"
timeout_s = 2
source = "soak-devices"
[pads]
url = "socket://127.0.0.1:{pads_port}"
timeout_s = 0.2
rating_timeout_s = 30
thanks_s = 1
{pads}[displays]
url = "sim://"
windows = {{ {windows} }}
[voice]
backend = "none"
[logging]
level = "INFO"
max_bytes = {LOG_MAX_BYTES}
backups = {LOG_BACKUPS}
""",
        encoding="utf-8",
    )
    return path
