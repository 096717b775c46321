"""The out-of-service screen's state without Qt: the door's PIN and lockout words, the history in the hall's time,
the reset, the idle reset, the cool-off's restart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.flows.flow import KioskSettings
from kiosk.flows.out_of_service import OosStep, OutOfService, go_instead
from kiosk.station.crash_record import CrashRecord
from kiosk.station.ports import PinResult
from tests.support.clocks import FrozenClock, SteppedClock

T0 = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)  # 12:00 in the hall


class FakeDoor:
    def __init__(self) -> None:
        self.pins: list[str] = []

    def check_pin(self, pin: str) -> PinResult:
        self.pins.append(pin)
        if pin == "2468":
            return PinResult(True, None, 5)
        if pin == "9999":
            return PinResult(False, datetime(2026, 12, 5, 4, 5, tzinfo=UTC), 0)
        return PinResult(False, None, 3)

    def log_tail(self, lines: int) -> list[str]:
        return ["2026-12-05T04:03:00.000+00:00 ERROR kiosk.station.crash_record: out of service"][:lines]


def made(tmp_path: Path) -> tuple[OutOfService, CrashRecord, SteppedClock, FrozenClock]:
    wall = FrozenClock(T0)
    for _ in range(3):
        CrashRecord(tmp_path, clock=wall).start()
        wall.advance(minutes=1)
    record = CrashRecord(tmp_path, clock=wall)
    assert record.start().out_of_service
    clock = SteppedClock()
    settings = KioskSettings(help_hotline="12345", help_desk="一层", help_desk_en="ground floor")
    model = OutOfService(settings, "kiosk-07", FakeDoor(), record, clock=clock, wall_clock=wall)
    return model, record, clock, wall


def type_pin(model: OutOfService, pin: str) -> None:
    for digit in pin:
        model.digit(digit)
    model.submit_pin()


def test_five_quick_taps_open_the_door_and_the_pin_shows_the_history(tmp_path: Path) -> None:
    model, record, clock, _wall = made(tmp_path)
    for _ in range(4):
        model.corner_tap()
        clock.advance(0.2)
    assert model.step is OosStep.NOTICE
    model.corner_tap()
    assert model.step is OosStep.PIN
    type_pin(model, "1234")
    assert model.step is OosStep.PIN and model.message is not None and "3" in model.message.en
    type_pin(model, "9999")
    assert model.message is not None and "12:05" in model.message.zh  # locked until, in the hall's time
    type_pin(model, "2468")
    assert model.step is OosStep.OPEN
    assert model.history == ("12-05 12:03:00", "12-05 12:02:00", "12-05 12:01:00")
    assert model.log_tail == ("12-05 12:03:00 ERROR kiosk.station.crash_record: out of service",)
    quits: list[bool] = []
    model.quit = lambda: quits.append(True)
    model.reset()
    assert quits == [True] and not record.out_of_service()


def test_the_reset_needs_the_open_door(tmp_path: Path) -> None:
    model, record, _clock, _wall = made(tmp_path)
    model.reset()
    assert record.out_of_service()


def test_a_minute_without_a_tap_shuts_the_door_and_puts_the_switches_back(tmp_path: Path) -> None:
    model, _record, clock, _wall = made(tmp_path)
    model.set_language("en")
    model.set_elder_mode(True)
    for _ in range(5):
        model.corner_tap()
    model.digit("1")
    clock.advance(59)
    model.tick()
    assert model.step is OosStep.PIN and model.pin == "1"
    clock.advance(2)
    model.tick()
    assert (model.step, model.pin, model.language, model.elder_mode) == (OosStep.NOTICE, "", "zh_CN", False)


def test_the_cool_off_stops_the_program_only_on_the_notice(tmp_path: Path) -> None:
    model, _record, clock, wall = made(tmp_path)
    quits: list[bool] = []
    model.quit = lambda: quits.append(True)
    clock.advance(61)
    model.tick()
    assert not quits
    wall.advance(minutes=30)
    for _ in range(5):
        model.corner_tap()
    clock.advance(30)
    model.tick()
    assert not quits, "not while the technician is at the door"
    model.close_door()
    clock.advance(61)
    model.tick()
    assert quits == [True]


def test_where_to_go_names_the_help_desk_when_the_config_does() -> None:
    assert go_instead(KioskSettings()).zh == "请到大厅人工窗口办理。"
    named = go_instead(KioskSettings(help_desk="一层", help_desk_en="ground floor"))
    assert "一层" in named.zh and "ground floor" in named.en
