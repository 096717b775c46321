"""Device URLs: how config names the port or peer a device is reached through, parsed and checked."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

SERIAL_FAMILY = frozenset({"serial", "socket", "rfc2217", "loop", "spy"})
"""Schemes opened by pyserial's serial_for_url (serial:// is a local port path)."""

KNOWN_SCHEMES = frozenset({"sim", "usb", "tcp", "file", "camera", "keyboard"} | SERIAL_FAMILY)
PRINTER_SCHEMES = frozenset({"sim", "usb", "tcp", "file"} | SERIAL_FAMILY)
READER_SCHEMES = frozenset({"sim"} | SERIAL_FAMILY)  # GA 467 readers are serial (USB ones expose a serial port)
# keyboard://: a USB scanner that types (HID keyboard wedge); the touch UI feeds it the key presses it receives.
SCANNER_SCHEMES = frozenset({"sim", "camera", "keyboard"} | SERIAL_FAMILY)
CAMERA_SCHEMES = frozenset({"sim", "camera"})
PAD_SCHEMES = frozenset({"sim", "serial", "socket"})  # an RS-485 adapter, or an RS-485-to-Ethernet gateway
DISPLAY_SCHEMES = frozenset({"sim"} | SERIAL_FAMILY)  # window displays: one RS-485 line, or a gateway

_HEX_ID = re.compile(r"^(0x)?[0-9a-fA-F]{1,4}$")
_SERIAL_PARAMS: Mapping[str, str] = {
    "baudrate": "int",
    "bytesize": "int",
    "parity": "str",
    "stopbits": "float",
    "timeout": "float",
    "rtscts": "bool",
    "xonxoff": "bool",
}


class DeviceUrlError(ValueError):
    """A device URL that no driver could open; the message is for a technician, Chinese first."""


@dataclass(frozen=True)
class DeviceUrl:
    """A parsed device URL such as ``serial:///dev/ttyUSB0?baudrate=115200`` or ``usb://0x0416:0x5011``."""

    raw: str
    scheme: str
    host: str = ""
    port: int | None = None
    path: str = ""
    params: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.raw

    @property
    def is_simulated(self) -> bool:
        return self.scheme == "sim"

    @property
    def usb_ids(self) -> tuple[int, int]:
        """Vendor and product id of a ``usb://VID:PID`` URL."""
        if self.scheme != "usb":
            raise DeviceUrlError(f"不是 USB 地址 / not a usb:// URL: {self.raw}")
        vid, pid = self.host.split(":")
        return int(vid, 16), int(pid, 16)


def parse_device_url(text: str, allowed: frozenset[str] = KNOWN_SCHEMES) -> DeviceUrl:
    """Parse and check a device URL; raise DeviceUrlError naming what is wrong and what is allowed."""
    text = text.strip()
    if "://" not in text:
        raise DeviceUrlError(
            f"设备地址缺少类型 / device URL has no scheme: {text!r} "
            f"(expected e.g. sim://, serial:///dev/ttyUSB0, usb://0x0416:0x5011)"
        )
    scheme = text.split("://", 1)[0].lower()
    if scheme not in KNOWN_SCHEMES:
        raise DeviceUrlError(
            f"未知的设备地址类型 / unknown device URL scheme {scheme!r} (allowed: {', '.join(sorted(allowed))})"
        )
    if scheme not in allowed:
        raise DeviceUrlError(
            f"此设备不支持该地址类型 / scheme {scheme!r} is not supported by this device "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    parts = urlsplit(text)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    return _CHECKS[scheme](text, scheme, parts.netloc, parts.path, params)


def _check_sim(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    return DeviceUrl(raw, scheme, host=netloc, path=path, params=params)


def _check_keyboard(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    if netloc or path.strip("/") or params:
        raise DeviceUrlError(
            f"键盘式扫码枪的地址就是 keyboard:// / a keyboard-wedge scanner is just keyboard://: {raw}"
        )
    return DeviceUrl(raw, scheme)


def _check_serial_params(raw: str, params: dict[str, str]) -> None:
    for key, value in params.items():
        kind = _SERIAL_PARAMS.get(key)
        if kind is None:
            # pyserial URL handlers take their own options (logging=, timeout=); only the common ones are checked.
            continue
        if kind == "int" and not value.isdigit():
            raise DeviceUrlError(f"串口参数应为整数 / serial option {key} must be an integer, got {value!r}: {raw}")
        if kind == "float":
            try:
                float(value)
            except ValueError:
                raise DeviceUrlError(
                    f"串口参数应为数字 / serial option {key} must be a number, got {value!r}: {raw}"
                ) from None
    if "baudrate" in params and int(params["baudrate"]) <= 0:
        raise DeviceUrlError(f"波特率必须大于 0 / baudrate must be positive: {raw}")
    if "parity" in params and params["parity"].upper() not in {"N", "E", "O", "M", "S"}:
        raise DeviceUrlError(f"校验位只能是 N/E/O/M/S / parity must be one of N, E, O, M, S: {raw}")


def _host_port(raw: str, netloc: str, *, port_required: bool) -> tuple[str, int | None]:
    host, sep, port_text = netloc.rpartition(":")
    if not sep:
        host, port_text = netloc, ""
    if not host:
        raise DeviceUrlError(f"设备地址缺少主机名 / device URL has no host: {raw}")
    if not port_text:
        if port_required:
            raise DeviceUrlError(f"设备地址缺少端口 / device URL has no port: {raw} (e.g. socket://10.0.0.5:4001)")
        return host, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise DeviceUrlError(f"端口应为 1 到 65535 / port must be 1 to 65535, got {port_text!r}: {raw}")
    return host, int(port_text)


def _check_serial(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    _check_serial_params(raw, params)
    if scheme in {"socket", "rfc2217"}:
        host, port = _host_port(raw, netloc, port_required=True)
        return DeviceUrl(raw, scheme, host=host, port=port, params=params)
    if scheme == "serial" and not (netloc + path):
        raise DeviceUrlError(f"串口地址缺少设备路径 / serial URL has no port path: {raw} (e.g. serial:///dev/ttyUSB0)")
    return DeviceUrl(raw, scheme, host=netloc, path=path, params=params)


def _check_usb(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    ids = netloc.split(":")
    if len(ids) != 2 or not all(_HEX_ID.match(i) for i in ids):
        raise DeviceUrlError(
            f"USB 地址应为 usb://厂商号:产品号 / USB URL must be usb://VID:PID in hex, e.g. usb://0x0416:0x5011: {raw}"
        )
    return DeviceUrl(raw, scheme, host=netloc.lower(), params=params)


def _check_tcp(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    host, port = _host_port(raw, netloc, port_required=False)
    return DeviceUrl(raw, scheme, host=host, port=port, params=params)


def _check_file(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    if netloc or not path.startswith("/"):
        raise DeviceUrlError(
            f"文件地址应为绝对路径 / file URL needs an absolute path, e.g. file:///var/spool/kiosk/ticket.bin: {raw}"
        )
    return DeviceUrl(raw, scheme, path=path, params=params)


def _check_camera(raw: str, scheme: str, netloc: str, path: str, params: dict[str, str]) -> DeviceUrl:
    if netloc == "file":
        if not path.startswith("/"):
            raise DeviceUrlError(f"摄像头文件地址应为绝对路径 / camera://file/PATH needs an absolute path: {raw}")
    elif not netloc.isdigit():
        raise DeviceUrlError(
            f"摄像头地址应为 camera://编号 / camera URL must be camera://INDEX or camera://file/PATH: {raw}"
        )
    for key in ("width", "height", "fps"):
        if key in params and not params[key].isdigit():
            raise DeviceUrlError(f"摄像头参数应为整数 / camera option {key} must be an integer: {raw}")
    if "fourcc" in params and not re.fullmatch(r"[A-Za-z0-9]{4}", params["fourcc"]):
        raise DeviceUrlError(
            f"摄像头像素格式应为四个字母或数字，如 MJPG / camera fourcc must be 4 letters or digits, e.g. MJPG: {raw}"
        )
    return DeviceUrl(raw, scheme, host=netloc, path=path, params=params)


_CHECKS = {
    "sim": _check_sim,
    "serial": _check_serial,
    "socket": _check_serial,
    "rfc2217": _check_serial,
    "loop": _check_serial,
    "spy": _check_serial,
    "usb": _check_usb,
    "tcp": _check_tcp,
    "file": _check_file,
    "camera": _check_camera,
    "keyboard": _check_keyboard,
}
