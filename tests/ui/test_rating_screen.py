"""The rating screen on the real UI over the real station and embedded hall: it names what is rated (the number,
the service, the window, who served there) in Chinese and in English, and offers the bad-rating reasons in the
citizen's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devtools.ports import free_port
from kiosk.flows.rate import RateFlow, RateStep
from kiosk.flows.screens import RATE
from kiosk.station.services import StationServices
from tests.ui.conftest import find_button, settle, tap, visible_texts
from ui.app import KioskUi
from ui.demo import DEMO_HALL_WINDOW


@pytest.fixture
def station_config(config_dir: Path) -> Path:
    """The shipped configs with the hall on a free port and the demo's window 9 (staff 9001) serving S."""
    path = config_dir / "kiosk.toml"
    path.write_text(path.read_text().replace("127.0.0.1:8700", f"127.0.0.1:{free_port()}"))
    with (config_dir / "hall.toml").open("a", encoding="utf-8") as hall:
        hall.write(DEMO_HALL_WINDOW)
    return path


def scan_a_served_ticket(qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices) -> RateFlow:
    ticket = services.hall.take_number("S")
    assert services.embedded is not None and services.embedded.hall is not None
    called = services.embedded.hall.queue.call_next(9)
    assert called is not None and called.number == ticket.number
    kiosk = kiosk_ui.kiosk
    kiosk_ui.ui.go(RATE)
    settle(qtbot, kiosk_ui)
    flow = kiosk.flow
    assert isinstance(flow, RateFlow)
    kiosk_ui.ui.act(lambda: kiosk.scanned(ticket.qr_url))
    settle(qtbot, kiosk_ui, lambda: flow.step is RateStep.CHOOSE)
    return flow


def test_the_rating_screen_names_the_number_service_window_and_staff(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    scan_a_served_ticket(qtbot, kiosk_ui, services)
    chinese = "\n".join(visible_texts(kiosk_ui.window))
    for line in ("您正在评价", "号码：S001", "业务：自助服务", "窗口：自助服务导办台", "工作人员：工号 9001"):
        assert line in chinese, line
    assert "您对本次服务满意吗？" in chinese

    tap(qtbot, kiosk_ui.window.header.language)
    settle(qtbot, kiosk_ui)
    english = "\n".join(visible_texts(kiosk_ui.window))
    for line in ("You are rating", "Number: S001", "Service: Self-service", "Window: Self-service help desk",
                 "Served by: staff no. 9001"):  # fmt: skip
        assert line in english, line


def test_an_english_citizen_picks_english_reasons_and_the_hall_records_the_chinese(
    qtbot: QtBot, kiosk_ui: KioskUi, services: StationServices
) -> None:
    kiosk_ui.kiosk.set_language("en")
    flow = scan_a_served_ticket(qtbot, kiosk_ui, services)
    tap(qtbot, find_button(kiosk_ui.window, "Dissatisfied"))
    settle(qtbot, kiosk_ui, lambda: flow.step is RateStep.REASONS)

    tap(qtbot, find_button(kiosk_ui.window, "It took too long"))
    assert find_button(kiosk_ui.window, "The staff were unfriendly").isVisible()
    assert kiosk_ui.kiosk.session.rating_reasons == ["办理时间过长"]  # what the rating sends
    assert not any("\u4e00" <= c <= "\u9fff" for text in visible_texts(kiosk_ui.window) for c in text if text != "中文")
