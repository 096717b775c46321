"""The kiosk's and the hall device controller's client for the hall server's HTTP API (docs/hall.md)."""

from kiosk.hallclient.base import HallClient
from kiosk.hallclient.errors import HallError, HallRefused, HallUnreachable
from kiosk.hallclient.events import EventFollower, HallEvent
from kiosk.hallclient.link import HallLink

__all__ = ["EventFollower", "HallClient", "HallError", "HallEvent", "HallLink", "HallRefused", "HallUnreachable"]
