"""Every refusal of taking a number and of check-in, on the real screens in Chinese and English: what happened,
what to do now (a sentence beginning 请 / Please), and the hotline with its number, in the refusal's own box
(not only in the footer). The embedded hall's clock is held; device faults are set in the kiosk's offers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devtools.ports import free_port
from kiosk.flows.check_in import CheckInFlow, CheckInStep
from kiosk.flows.navigation import HOME
from kiosk.flows.screens import CHECK_IN, TAKE_NUMBER
from kiosk.flows.take_number import TakeNumberFlow, TakeStep
from kiosk.station.services import StationServices
from tests.support.hall import SHANGHAI
from tests.ui.conftest import find_button, settle, tap, visible_texts
from tests.ui.ticket_support import book, hold_hall_clock, simulator, without
from ui.app import KioskUi
from ui.screens.refusal import RefusalBox

HOTLINE = "12345"
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
SUNDAY_10AM = datetime(2026, 11, 29, 10, 0, tzinfo=SHANGHAI)  # the staffed categories are closed
SATURDAY_10AM = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)  # so are appointments
NEXT = {"zh_CN": "请", "en": "Please"}
NAMES = {"zh_CN": {"A": "社保医保", "S": "自助服务", "V": "绿色通道"},
         "en": {"A": "Social and medical insurance", "S": "Self-service", "V": "Green channel"}}  # fmt: skip
languages = pytest.mark.parametrize("language", ["zh_CN", "en"])


@pytest.fixture
def station_config(config_dir: Path) -> Path:
    """The shipped configs, the hall on a free port, one self-service number a day (to see the day's cap)."""
    path = config_dir / "kiosk.toml"
    path.write_text(path.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    hall = config_dir / "hall.toml"
    hall.write_text(hall.read_text().replace('prefix = "S"\n', 'prefix = "S"\ndaily_cap = 1\n', 1))
    return path


def shown_refusal(kiosk_ui: KioskUi, language: str, *, expect: str = "") -> str:
    """The text of the refusal box showing now; checks it says what to do now and the hotline with its number."""
    screen = kiosk_ui.window.screens[kiosk_ui.kiosk.screen]
    boxes = [value for value in vars(screen).values() if isinstance(value, RefusalBox) and value.frame.isVisible()]
    assert len(boxes) == 1, f"one refusal on screen, found {len(boxes)}: {visible_texts(kiosk_ui.window)}"
    text = boxes[0].text()
    assert NEXT[language] in text and HOTLINE in text, text
    assert expect in text, (expect, text)
    assert "现在不办理" not in text and "大厅服务" not in text, text
    return text


def open_screen(qtbot: QtBot, kiosk_ui: KioskUi, screen: str, ready: Callable[[], bool]) -> None:
    kiosk_ui.ui.home()
    settle(qtbot, kiosk_ui, lambda: kiosk_ui.kiosk.screen == HOME)
    kiosk_ui.ui.go(screen)
    settle(qtbot, kiosk_ui, ready)


def open_take_number(qtbot: QtBot, kiosk_ui: KioskUi) -> TakeNumberFlow:
    open_screen(qtbot, kiosk_ui, TAKE_NUMBER, lambda: getattr(kiosk_ui.kiosk.flow, "step", None) is TakeStep.CHOOSE)
    flow = kiosk_ui.kiosk.flow
    assert isinstance(flow, TakeNumberFlow)
    return flow


def tap_category(qtbot: QtBot, kiosk_ui: KioskUi, language: str, prefix: str) -> TakeNumberFlow:
    flow = open_take_number(qtbot, kiosk_ui)
    tap(qtbot, find_button(kiosk_ui.window, NAMES[language][prefix]))
    settle(qtbot, kiosk_ui, lambda: flow.step not in {TakeStep.TAKING, TakeStep.READING})
    return flow


@languages
def test_every_take_number_refusal_says_what_to_do_and_the_hotline(
    qtbot: QtBot, short_wait_ui: KioskUi, services: StationServices, language: str
) -> None:
    ui, window = short_wait_ui, short_wait_ui.window
    ui.ui.act(lambda: ui.kiosk.set_language(language))  # type: ignore[arg-type]
    clock = hold_hall_clock(services, SUNDAY_10AM)

    # Closed: the category says its hours and another way.
    flow = tap_category(qtbot, ui, language, "A")
    assert flow.step is TakeStep.REFUSED
    shown_refusal(ui, language, expect="09:00-12:00")
    tap(qtbot, find_button(window, "选择其他业务" if language == "zh_CN" else "Choose another service"))
    assert flow.step is TakeStep.CHOOSE

    # The day's numbers all taken.
    clock.moment = MONDAY_10AM
    assert tap_category(qtbot, ui, language, "S").step is TakeStep.DONE
    flow = tap_category(qtbot, ui, language, "S")
    assert flow.step is TakeStep.REFUSED
    shown_refusal(ui, language, expect="今日号已取完" if language == "zh_CN" else "No more numbers")

    # The reader out, for the category that needs the card.
    open_take_number(qtbot, ui)
    without(ui, can_read_id=False)
    tap(qtbot, find_button(window, NAMES[language]["V"]))
    shown_refusal(ui, language, expect="身份证阅读器" if language == "zh_CN" else "ID card reader")
    without(ui, can_read_id=True)

    # No card within the wait: what happened, read again, the hotline.
    flow = tap_category(qtbot, ui, language, "V")
    assert flow.step is TakeStep.CONSENT
    tap(qtbot, find_button(window, "同意并读卡" if language == "zh_CN" else "I agree, read my card"))
    settle(qtbot, ui, lambda: flow.step is TakeStep.READ_FAILED)
    shown_refusal(ui, language, expect="重新读卡" if language == "zh_CN" else "Read again")
    assert find_button(window, "重新读卡" if language == "zh_CN" else "Read again").isEnabled()

    # The printer out: the number is given, with what to do without the paper.
    simulator(services, "printer").set_condition(paper_out=True)
    flow = tap_category(qtbot, ui, language, "A")
    assert flow.step is TakeStep.DONE and ui.kiosk.session.ticket is not None
    texts = "\n".join(visible_texts(window))
    assert ui.kiosk.session.ticket.number in texts and HOTLINE in texts
    assert ("请记住您的号码" if language == "zh_CN" else "remember your number") in texts
    assert "扫描小票二维码" not in texts and "scan the ticket" not in texts, "no ticket, no QR code to scan"
    simulator(services, "printer").refill()

    # The hall away.
    flow = open_take_number(qtbot, ui)
    embedded = services.embedded
    assert embedded is not None
    embedded.stop()
    tap(qtbot, find_button(window, NAMES[language]["A"]))
    settle(qtbot, ui, lambda: flow.step is TakeStep.PAUSED, timeout=20_000)
    shown_refusal(ui, language)


@languages
def test_every_check_in_refusal_says_what_to_do_and_the_hotline(
    qtbot: QtBot, short_wait_ui: KioskUi, services: StationServices, language: str
) -> None:
    ui = short_wait_ui
    ui.ui.act(lambda: ui.kiosk.set_language(language))  # type: ignore[arg-type]
    clock = hold_hall_clock(services, MONDAY_10AM)
    scanner = simulator(services, "scanner")

    def scan(code: str) -> CheckInFlow:
        open_screen(qtbot, ui, CHECK_IN, lambda: isinstance(ui.kiosk.flow, CheckInFlow))
        flow = ui.kiosk.flow
        assert isinstance(flow, CheckInFlow)
        scanner.send_code(code)
        settle(qtbot, ui, lambda: flow.message is not None or flow.step is CheckInStep.DONE)
        assert flow.step is CheckInStep.CHOOSE
        return flow

    scan("NOPE-0000")
    shown_refusal(ui, language, expect="没有找到这个预约" if language == "zh_CN" else "not found")
    book(services, "EARLY0001", "2026-11-23", ("11:00", "11:30"))
    scan("EARLY0001")
    shown_refusal(ui, language, expect="10:30")
    book(services, "LATE00001", "2026-11-23", ("08:00", "08:30"))
    scan("LATE00001")
    shown_refusal(ui, language, expect="08:45")
    # Outside the hours of appointments: the closed wording, never "预约办理现在不办理".
    clock.moment = SATURDAY_10AM
    book(services, "SATURDAY1", "2026-11-28", ("10:00", "10:30"))
    scan("SATURDAY1")
    shown_refusal(ui, language, expect="当前不在办理时间" if language == "zh_CN" else "is closed now")

    # The scanner out; then the reader too.
    open_screen(qtbot, ui, CHECK_IN, lambda: isinstance(ui.kiosk.flow, CheckInFlow))
    without(ui, can_scan=False)
    settle(qtbot, ui)
    shown_refusal(ui, language, expect="扫码器" if language == "zh_CN" else "scanner")
    without(ui, can_scan=False, can_read_id=False)
    open_screen(qtbot, ui, CHECK_IN, lambda: isinstance(ui.kiosk.flow, CheckInFlow))
    shown_refusal(ui, language, expect="人工窗口" if language == "zh_CN" else "staffed window")
