"""Device URLs: the forms in docs/configuration.md parse; anything else fails with a DeviceUrlError, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.url import DeviceUrlError, parse_device_url


def test_serial_with_options() -> None:
    url = parse_device_url("serial:///dev/ttyUSB0?baudrate=115200")
    assert url.scheme == "serial" and url.path == "/dev/ttyUSB0" and url.params == {"baudrate": "115200"}


def test_usb_ids() -> None:
    assert parse_device_url("usb://0x0416:0x5011").usb_ids == (0x0416, 0x5011)
    assert parse_device_url("usb://04b8:0e15").usb_ids == (0x04B8, 0x0E15)


def test_network_peers() -> None:
    tcp = parse_device_url("tcp://10.0.0.5:9100")
    assert (tcp.host, tcp.port) == ("10.0.0.5", 9100)
    assert parse_device_url("tcp://printer.local").port is None
    gateway = parse_device_url("socket://192.168.1.20:4001")
    assert (gateway.host, gateway.port) == ("192.168.1.20", 4001)


@pytest.mark.parametrize(
    "text",
    [
        "sim://",
        "sim://printer?fault=paper_out",
        "loop://",
        "spy:///dev/ttyUSB0",
        "rfc2217://10.0.0.9:2217",
        "file:///var/spool/kiosk/ticket.bin",
        "camera://0?width=640&height=480",
        "camera://file/srv/frames/qr.mp4",
        "keyboard://",
    ],
)
def test_the_documented_forms_parse(text: str) -> None:
    assert str(parse_device_url(text)) == text


def test_a_keyboard_scanner_has_nothing_more_to_say() -> None:
    with pytest.raises(DeviceUrlError, match="keyboard://"):
        parse_device_url("keyboard:///dev/input/event3")


@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        parse_device_url(text)
    except DeviceUrlError as error:
        assert " / " in str(error)  # Chinese first, English second
