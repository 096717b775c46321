"""The out-of-service screen: the notice in Chinese and English and in elder mode (screenshots, nothing clipped),
nothing of the citizen services reachable, and the technician's door: the crash history, the log, the reset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from common.settings import load_kiosk_config
from hall.server import Hall
from hall.tokens import Role, create_token
from kiosk.flows.out_of_service import OosStep
from kiosk.hallclient import HallClient
from kiosk.startup import prepare_logs
from kiosk.station.crash_record import CrashRecord
from kiosk.store import open_store
from tests.kiosk.hallclient.filing_fixtures import KIOSK_ID, filing, filing_store, photo
from tests.kiosk.station.test_drain import remote
from tests.support.clocks import FrozenClock
from tests.support.hall import served
from tests.ui.conftest import MovableClock, find_button, tap, visible_texts
from tests.ui.test_technician import DEMO_PIN
from ui.out_of_service_run import OutOfServiceUi
from ui.wrap import plain

SHOTS = os.environ.get("OOS_SHOTS", "")
NOON = datetime(2026, 12, 5, 4, 5, tzinfo=UTC)  # 12:05 in the hall (Asia/Shanghai); 12:08 after the crashes


@pytest.fixture
def out_of_service(qtbot: QtBot, config_dir: Path) -> Iterator[tuple[OutOfServiceUi, CrashRecord, MovableClock]]:
    """A data dir whose record has three crashes within ten minutes, and the screen over it."""
    config, data_dir, log_file = prepare_logs(config_dir / "kiosk.toml")
    wall = FrozenClock(NOON)
    for _ in range(3):
        CrashRecord(data_dir, clock=wall).start()
        wall.advance(minutes=1)
    record = CrashRecord(data_dir, clock=wall)
    assert record.start().out_of_service
    clock = MovableClock()
    oos = OutOfServiceUi(config, data_dir, log_file, record, clock=clock, wall_clock=wall)
    oos.show(kiosk_mode=False)
    qtbot.waitExposed(oos.window)
    try:
        yield oos, record, clock
    finally:
        oos.close()


def shot(oos: OutOfServiceUi, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        oos.window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def check_nothing_clipped(oos: OutOfServiceUi) -> None:
    """Every visible label and button is inside the window and wide enough for its text's longest line."""
    window = oos.window
    for widget in [*window.findChildren(QLabel), *window.findChildren(QPushButton)]:
        if not widget.isVisible() or not widget.text():
            continue
        box = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
        assert window.rect().contains(box), f"{plain(widget.text())!r} runs off the window: {box}"
        if isinstance(widget, QLabel) and widget.wordWrap():
            assert widget.height() >= widget.heightForWidth(widget.width()), f"{plain(widget.text())!r} is cut"
            continue
        assert widget.height() >= widget.sizeHint().height(), f"{plain(widget.text())!r} is cut in height"
        metrics = widget.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in plain(widget.text()).split("\n"))
        assert widest <= widget.contentsRect().width(), f"{plain(widget.text())!r} is cut ({widest} px)"


@pytest.mark.parametrize(("language", "elder"), [("zh_CN", False), ("en", False), ("zh_CN", True), ("en", True)])
def test_the_notice_in_every_mode(
    qtbot: QtBot, out_of_service: tuple[OutOfServiceUi, CrashRecord, MovableClock], language: str, elder: bool
) -> None:
    oos, _record, _clock = out_of_service
    if language == "en":
        tap(qtbot, find_button(oos.window, "English"))
    if elder:
        tap(qtbot, find_button(oos.window, "Elder mode" if language == "en" else "长辈模式"))
    qtbot.wait(50)
    texts = visible_texts(oos.window)
    assert "本机暂停服务" in texts and "This station is out of service" in texts
    assert texts.index("本机暂停服务") < texts.index("This station is out of service")  # Chinese first
    joined = "\n".join(texts)
    if language == "en":
        assert "Help hotline 12345" in joined and "service window" in joined and "Station ID" in joined
        assert "12:08" in joined and "Sat 5 Dec 2026" in joined
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in joined.replace("本机暂停服务", "")), joined
    else:
        assert "服务热线 12345" in joined and "人工窗口" in joined and "终端编号" in joined
        assert "12:08" in joined and "2026年12月5日" in joined
    buttons = [plain(b.text()) for b in oos.window.findChildren(QPushButton) if b.isVisible()]
    elder_switch = (
        ("Standard mode" if elder else "Elder mode") if language == "en" else ("标准模式" if elder else "长辈模式")
    )
    switches = ["中文" if language == "en" else "English", elder_switch]
    assert sorted(buttons) == sorted(switches)  # the switches, nothing else
    check_nothing_clipped(oos)
    shot(oos, f"out-of-service-{language}{'-elder' if elder else ''}")


def test_keys_reach_nothing(qtbot: QtBot, out_of_service: tuple[OutOfServiceUi, CrashRecord, MovableClock]) -> None:
    oos, _record, _clock = out_of_service
    from PySide6.QtCore import Qt  # noqa: PLC0415

    qtbot.keyClick(oos.window, Qt.Key.Key_Escape)
    qtbot.keyClick(oos.window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    oos.window.close()
    assert oos.window.isVisible() and oos.model.step is OosStep.NOTICE


def test_the_technician_sees_the_crashes_and_the_log_and_resets(
    qtbot: QtBot, out_of_service: tuple[OutOfServiceUi, CrashRecord, MovableClock]
) -> None:
    oos, record, _clock = out_of_service
    quits: list[bool] = []
    oos.model.quit = lambda: quits.append(True)
    for _ in range(5):
        tap(qtbot, oos.window.hall)
    assert oos.model.step is OosStep.PIN
    for digit in "1111":
        tap(qtbot, find_button(oos.window, digit))
    tap(qtbot, find_button(oos.window, "确认"))
    assert any(text.startswith("密码错误") for text in visible_texts(oos.window))
    for digit in DEMO_PIN:
        tap(qtbot, find_button(oos.window, digit))
    tap(qtbot, find_button(oos.window, "确认"))
    assert oos.model.step is OosStep.OPEN
    texts = "\n".join(visible_texts(oos.window))
    assert "12-05 12:08:00" in texts  # the third crash, in the hall's time
    assert "out of service: 3 crashes" in texts  # the log's tail
    check_nothing_clipped(oos)
    shot(oos, "out-of-service-technician")
    tap(qtbot, find_button(oos.window, "恢复服务（重新启动）"))
    assert quits == [True] and not record.out_of_service()


def test_a_minute_without_a_tap_closes_the_door_and_resets_the_switches(
    qtbot: QtBot, out_of_service: tuple[OutOfServiceUi, CrashRecord, MovableClock]
) -> None:
    oos, _record, clock = out_of_service
    tap(qtbot, find_button(oos.window, "English"))
    for _ in range(5):
        tap(qtbot, oos.window.hall)
    assert oos.model.step is OosStep.PIN and oos.model.language == "en"
    clock.advance(61)
    qtbot.waitUntil(lambda: oos.model.step is OosStep.NOTICE and oos.model.language == "zh_CN", timeout=5000)
    assert "English" in [plain(b.text()) for b in oos.window.findChildren(QPushButton) if b.isVisible()]


def test_after_the_cool_off_the_screen_stops_for_a_restart(
    qtbot: QtBot, out_of_service: tuple[OutOfServiceUi, CrashRecord, MovableClock], config_dir: Path
) -> None:
    oos, record, clock = out_of_service
    quits: list[bool] = []
    oos.model.quit = lambda: quits.append(True)
    clock.advance(61)
    qtbot.wait(600)
    assert not quits  # the cool-off is thirty minutes without a crash
    wall = record._clock
    assert isinstance(wall, FrozenClock)
    wall.advance(minutes=30)
    clock.advance(61)
    qtbot.waitUntil(lambda: bool(quits), timeout=5000)
    assert load_kiosk_config(config_dir / "kiosk.toml").station.id  # the config is untouched


def test_with_a_remote_hall_the_outbox_keeps_draining(qtbot: QtBot, hall: Hall, config_dir: Path) -> None:
    _config, data_dir, log_file = prepare_logs(config_dir / "kiosk.toml")
    store = open_store(data_dir)
    saved = filing_store(store, data_dir).save(filing(photo(10_000)))
    store.close()
    with served(hall.app) as url:
        token = create_token(hall.sessions, KIOSK_ID, Role.KIOSK)
        oos = OutOfServiceUi(remote(config_dir, url, token), data_dir, log_file, CrashRecord(data_dir))
        try:
            qtbot.waitUntil(lambda: oos.drain is not None, timeout=10_000)
            with HallClient(url, token) as client:
                listed = lambda: client.get("/api/v1/filings", kiosk_id=KIOSK_ID)["filings"]  # noqa: E731
                qtbot.waitUntil(lambda: [f["id"] for f in listed()] == [str(saved.id)], timeout=30_000)
        finally:
            oos.close()


def test_every_page_fits_a_landscape_screen(qtbot: QtBot, config_dir: Path) -> None:
    config, data_dir, log_file = prepare_logs(config_dir / "kiosk.toml")
    oos = OutOfServiceUi(config, data_dir, log_file, CrashRecord(data_dir), orientation="landscape")
    oos.show(kiosk_mode=False)
    try:
        qtbot.waitExposed(oos.window)
        tap(qtbot, find_button(oos.window, "长辈模式"))
        check_nothing_clipped(oos)
        for _ in range(5):
            tap(qtbot, oos.window.hall)
        tap(qtbot, find_button(oos.window, "1"))
        tap(qtbot, find_button(oos.window, "确认"))  # a wrong PIN's words under the keypad
        check_nothing_clipped(oos)
        for digit in DEMO_PIN:
            tap(qtbot, find_button(oos.window, digit))
        tap(qtbot, find_button(oos.window, "确认"))
        assert oos.model.step is OosStep.OPEN
        check_nothing_clipped(oos)
        assert (oos.window.width(), oos.window.height()) == (1920, 1080)
    finally:
        oos.close()
