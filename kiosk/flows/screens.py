"""The kiosk's screens and home tiles. A new screen (self-service filing) is one more ``registry.add`` call here
and one more widget in ui/screens; nothing else in the navigation changes."""

from __future__ import annotations

from devices.words import Words
from kiosk.flows.booking import BOOKING_SCREEN, BookingFlow
from kiosk.flows.check_in import CheckInFlow
from kiosk.flows.disclosure import DISCLOSURE_SCREEN, DisclosureFlow
from kiosk.flows.filing import FILING_SCREEN, FilingFlow
from kiosk.flows.guide import GuideFlow
from kiosk.flows.home import HomeFlow
from kiosk.flows.navigation import HOME, TECHNICIAN, ScreenRegistry, Tile
from kiosk.flows.offers import Need
from kiosk.flows.payment import PAYMENT_SCREEN, PaymentFlow
from kiosk.flows.progress import PROGRESS_SCREEN, ProgressFlow
from kiosk.flows.rate import RateFlow
from kiosk.flows.take_number import TakeNumberFlow
from kiosk.flows.technician import TechnicianFlow

TAKE_NUMBER = "take_number"
CHECK_IN = "check_in"
GUIDE = "guide"
RATE = "rate"
FILING = FILING_SCREEN
PROGRESS = PROGRESS_SCREEN
BOOKING = BOOKING_SCREEN
DISCLOSURE = DISCLOSURE_SCREEN
PAYMENT = PAYMENT_SCREEN


def default_registry() -> ScreenRegistry:
    registry = ScreenRegistry()
    registry.add(HOME, HomeFlow)
    registry.add(
        TAKE_NUMBER,
        TakeNumberFlow,
        Tile(Words("取号", "Take a number"), Words("选择业务，领取排队号", "Choose a service, get a queue number"),
             needs=frozenset({Need.HALL}), order=10),
    )  # fmt: skip
    registry.add(
        CHECK_IN,
        CheckInFlow,
        Tile(Words("预约签到", "Appointment check-in"), Words("扫预约码或刷身份证", "Scan your QR code or ID card"),
             needs=frozenset({Need.HALL}), needs_one_of=frozenset({Need.SCANNER, Need.ID_READER}), order=20),
    )  # fmt: skip
    # Filing and progress show only on a kiosk built with a filing port (Need.FILING): until the station wires one,
    # no tile appears. Filing is stored on the kiosk first, so it works with the hall away; it needs the ID card.
    registry.add(
        FILING,
        FilingFlow,
        Tile(
            Words("自助申报", "Self-service filing"),
            Words("填表拍照，打印回执", "Fill in the form, photograph the papers"),
            needs=frozenset({Need.ID_READER}),
            hidden_without=frozenset({Need.FILING}),
            order=24,
        ),
    )
    registry.add(
        PROGRESS,
        ProgressFlow,
        Tile(
            Words("办件查询", "Check progress"),
            Words("扫回执码或刷身份证", "Scan your receipt or ID card"),
            needs_one_of=frozenset({Need.SCANNER, Need.ID_READER}),
            hidden_without=frozenset({Need.FILING}),
            order=26,
        ),
    )
    # Fee payment shows only on a kiosk built with a payment port; it needs the hall (the hall prices and settles
    # every order) and the printer (the receipt).
    registry.add(
        PAYMENT,
        PaymentFlow,
        Tile(
            Words("自助缴费", "Pay a fee"),
            Words("扫码或出示付款码缴费", "Pay by phone: scan or show a payment code"),
            needs=frozenset({Need.HALL, Need.PRINTER}),
            hidden_without=frozenset({Need.PAYMENT}),
            order=28,
        ),
    )
    # Booking needs the hall (nothing of it is kept on the kiosk) and the ID card; shown on a kiosk with a booking port.
    registry.add(
        BOOKING,
        BookingFlow,
        Tile(
            Words("预约办理", "Book an appointment"),
            Words("预约办事时间，取消或改约", "Book a time, cancel or change it"),
            needs=frozenset({Need.HALL, Need.ID_READER}),
            hidden_without=frozenset({Need.BOOKING}),
            order=22,
        ),
    )
    registry.add(
        GUIDE,
        GuideFlow,
        Tile(Words("办事指南", "Service guide"), Words("办理条件与所需材料", "Conditions and required materials"),
             order=30),
    )  # fmt: skip
    registry.add(
        RATE,
        RateFlow,
        Tile(
            Words("服务评价", "Rate our service"),
            Words("扫描小票二维码，为服务打分", "Scan your ticket, rate us"),
            needs=frozenset({Need.SCANNER}),
            order=40,
        ),
    )
    # 政务公开 needs nothing: with the hall away it shows the kiosk's kept copy, marked with its day.
    registry.add(
        DISCLOSURE,
        DisclosureFlow,
        Tile(Words("政务公开", "Public information"), Words("通知公告、收费标准、办件公示", "Notices, fees, results"),
             order=38),
    )  # fmt: skip
    registry.add(TECHNICIAN, TechnicianFlow)
    return registry
