"""Screen names the widgets link to (the registry's names, kiosk/flows/screens.py)."""

from kiosk.flows.navigation import ERROR, HOME, TECHNICIAN
from kiosk.flows.screens import BOOKING, CHECK_IN, DISCLOSURE, FILING, GUIDE, PAYMENT, PROGRESS, RATE, TAKE_NUMBER

__all__ = [
    "BOOKING",
    "CHECK_IN",
    "DISCLOSURE",
    "ERROR",
    "FILING",
    "GUIDE",
    "HOME",
    "PAYMENT",
    "PROGRESS",
    "RATE",
    "TAKE_NUMBER",
    "TECHNICIAN",
]
