"""The hall device controller: evaluation pads on an RS-485 bus, the windows' number displays and the voice,
following the hall server's events and acting through its API with a ``pads`` token (docs/hall-devices.md)."""

from kiosk.halldevices.controller import HallDeviceController, HallDevicesError

__all__ = ["HallDeviceController", "HallDevicesError"]
