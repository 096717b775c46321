"""Screen name -> its widget. A new flow registered in kiosk/flows/screens.py adds its widget here."""

from __future__ import annotations

from ui.screens.base import Screen
from ui.screens.booking import BookingScreen
from ui.screens.check_in import CheckInScreen
from ui.screens.disclosure import DisclosureScreen
from ui.screens.error import ErrorScreen
from ui.screens.filing import FilingScreen
from ui.screens.guide import GuideScreen
from ui.screens.home import HomeScreen
from ui.screens.payment import PaymentScreen
from ui.screens.progress import ProgressScreen
from ui.screens.rate import RateScreen
from ui.screens.screen_names import (
    BOOKING,
    CHECK_IN,
    DISCLOSURE,
    ERROR,
    FILING,
    GUIDE,
    HOME,
    PAYMENT,
    PROGRESS,
    RATE,
    TAKE_NUMBER,
    TECHNICIAN,
)
from ui.screens.take_number import TakeNumberScreen
from ui.screens.technician import TechnicianScreen

SCREEN_WIDGETS: dict[str, type[Screen]] = {
    HOME: HomeScreen,
    TAKE_NUMBER: TakeNumberScreen,
    CHECK_IN: CheckInScreen,
    BOOKING: BookingScreen,
    GUIDE: GuideScreen,
    RATE: RateScreen,
    FILING: FilingScreen,
    PROGRESS: ProgressScreen,
    PAYMENT: PaymentScreen,
    DISCLOSURE: DisclosureScreen,
    TECHNICIAN: TechnicianScreen,
    ERROR: ErrorScreen,
}
