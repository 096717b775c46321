"""Screen names the widgets link to (the registry's names, kiosk/flows/screens.py)."""

from kiosk.flows.navigation import ERROR, HOME, TECHNICIAN
from kiosk.flows.screens import CHECK_IN, GUIDE, RATE, TAKE_NUMBER

__all__ = ["CHECK_IN", "ERROR", "GUIDE", "HOME", "RATE", "TAKE_NUMBER", "TECHNICIAN"]
