"""Config files the tests write for the processes they start."""

from __future__ import annotations

from pathlib import Path


def hall_devices_config(tmp_path: Path, *, port: int = 1, pads: str = "sim://?count=2", token: str = "") -> Path:
    """A hall device controller's config: two simulated pads (or ``pads``) at windows 1 and 2, simulated
    displays, no voice, the hall at ``port`` on this machine."""
    path = tmp_path / "hall-devices.toml"
    path.write_text(
        f"""
[hall]
url = "http://127.0.0.1:{port}"
token = "{token}"
timeout_s = 2
[pads]
url = "{pads}"
timeout_s = 0.05
[[pads.pad]]
address = 1
window = 1
staff = "1001"
[[pads.pad]]
address = 2
window = 2
staff = "1002"
[displays]
url = "sim://"
windows = {{ 1 = 1, 2 = 2 }}
[voice]
backend = "none"
""",
        encoding="utf-8",
    )
    return path
