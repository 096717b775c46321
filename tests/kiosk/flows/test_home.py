"""Home's choices: out of hours what works now leads and the staffed windows' opening is said; elder mode shows
four tiles with the rest behind 更多服务; with the hall away the tiles that need it say so."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.flows.home import HomeFlow, HomeStep
from kiosk.flows.home_words import when_words
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import Offers
from kiosk.station.ports import CategoryInfo
from tests.kiosk.flows.conftest import FakeHall, run

SHANGHAI = ZoneInfo("Asia/Shanghai")
SATURDAY_EARLY = datetime(2026, 11, 21, 7, 47, tzinfo=SHANGHAI)
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
SATURDAY_9 = datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)
TILES = ["take_number", "check_in", "filing", "progress", "guide", "rate"]


def saturday_categories() -> list[CategoryInfo]:
    return [
        CategoryInfo("A", "社保医保", "Social insurance", False, 0, "周一至周五", "Mon-Fri", opens_at=MONDAY_9),
        CategoryInfo("B", "不动产登记", "Real estate", False, 0, "周一至周六", "Mon-Sat", opens_at=SATURDAY_9),
        CategoryInfo("S", "自助服务", "Self-service", True, 0, "24小时", "24 hours", always_open=True),
    ]


def home_at(kiosk: Kiosk, hall: FakeHall, categories: list[CategoryInfo], moment: datetime) -> HomeFlow:
    hall.categories_list = categories
    kiosk.context.wall_clock = lambda: moment
    run(kiosk, kiosk.home())
    assert isinstance(kiosk.flow, HomeFlow)
    return kiosk.flow


def test_out_of_hours_what_works_now_leads_and_the_opening_is_said(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = home_at(kiosk, hall, saturday_categories(), SATURDAY_EARLY)
    assert flow.out_of_hours
    opening = flow.opening()
    assert opening is not None and opening.zh == "人工窗口 今天 09:00 开始办理"
    assert opening.en == "Staffed windows open today 09:00"
    order = flow.order(TILES)
    assert order[0] == "guide" and order[-1] == "check_in" and order.index("take_number") == 1
    note = flow.note("take_number")
    assert note is not None and note.zh == "现在可取：自助服务"
    social = flow.categories[0]
    assert flow.state(social).zh == "周一 09:00 开始" and flow.state(social).en == "Opens Mon 09:00"


def test_with_no_number_given_at_all_the_take_number_tile_is_paused_with_the_time(kiosk: Kiosk, hall: FakeHall) -> None:
    closed = saturday_categories()[:2]
    flow = home_at(kiosk, hall, closed, SATURDAY_EARLY)
    tile = dict(kiosk.tiles())["take_number"]
    paused = flow.paused("take_number", tile)
    assert paused is not None and paused.zh == "今天 09:00 开始取号"
    assert flow.order(TILES)[-2:] == ["take_number", "check_in"]


def test_in_hours_the_registry_order_and_no_notice(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = home_at(kiosk, hall, hall.categories_list, MONDAY_9)
    assert not flow.out_of_hours and flow.opening() is None and flow.order(TILES) == TILES
    assert flow.note("take_number") is None


def test_home_shows_the_four_most_used_and_more_services(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = home_at(kiosk, hall, hall.categories_list, MONDAY_9)
    main, behind = flow.split(TILES, elder=False)
    assert main == ["take_number", "check_in", "guide", "filing"] and behind == ["progress", "rate"]
    assert flow.split(TILES[:5], elder=False) == (TILES[:5], []), "one tile is not hidden behind another"
    without_filing = [screen for screen in TILES if screen not in {"filing", "progress"}]
    assert flow.split(without_filing, elder=False) == (without_filing, [])


def test_elder_mode_shows_three_tiles_and_more_services(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = home_at(kiosk, hall, hall.categories_list, MONDAY_9)
    main, behind = flow.split(TILES, elder=True)
    assert main == ["take_number", "check_in", "guide"] and behind == ["filing", "progress", "rate"]
    assert flow.split(TILES[:4], elder=True) == (TILES[:4], [])
    saturday = home_at(kiosk, hall, saturday_categories(), SATURDAY_EARLY)
    assert saturday.split(TILES, elder=True)[0] == ["guide", "take_number", "filing"], "what works now leads"
    flow = saturday
    flow.show_more()
    assert flow.step is HomeStep.MORE
    kiosk.back()
    assert kiosk.screen == "home" and flow.step is HomeStep.MAIN


def test_with_the_hall_away_the_tiles_that_need_it_say_why(kiosk: Kiosk, hall: FakeHall) -> None:
    flow = home_at(kiosk, hall, saturday_categories(), SATURDAY_EARLY)
    kiosk.set_offers(Offers(hall_online=False))
    assert not flow.out_of_hours, "an old answer says nothing about the hours now"
    paused = flow.paused("take_number", dict(kiosk.tiles())["take_number"])
    assert paused is not None and paused.zh == "已暂停：连不上排队系统"
    assert flow.paused("guide", dict(kiosk.tiles())["guide"]) is None


def test_when_words_say_today_tomorrow_a_weekday_or_a_date() -> None:
    now = SATURDAY_EARLY
    assert when_words(SATURDAY_9, now).zh == "今天 09:00"
    assert when_words(datetime(2026, 11, 22, 9, 0, tzinfo=SHANGHAI), now).en == "tomorrow 09:00"
    assert when_words(MONDAY_9, now).zh == "周一 09:00"
    assert when_words(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), now).zh == "12月1日 09:00"
