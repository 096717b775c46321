"""In-memory stand-ins for the station's ports: the flows are pure logic, tested here without Qt or devices.

(The UI's tests in tests/ui drive the real StationServices with simulated devices and a real hall.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from devices.identity import CardResult, Identity
from devices.simulator import Simulator
from devices.state import DeviceState
from devices.words import Language, Words
from drivers.sim.printer import VirtualPrinter
from kiosk.flows.flow import KioskSettings
from kiosk.flows.jobs import Job
from kiosk.flows.machine import Kiosk
from kiosk.flows.offers import Offers
from kiosk.flows.screens import default_registry
from kiosk.station.ports import (
    CategoryInfo,
    DeviceInfo,
    Guide,
    GuideItem,
    Material,
    PinResult,
    RatedTicket,
    Refused,
    Ticket,
    Unavailable,
)
from tests.support.clocks import SteppedClock

if TYPE_CHECKING:  # filing_fakes imports this module
    from tests.kiosk.flows.filing_fakes import FakeCamera, FakeFiling

CARD = Identity(
    name="张示例", sex="男", nation="汉", birth_date=datetime(1990, 3, 7).date(), address="示例市示范区幸福路18号",
    id_number="990101199003071237", issuer="示例市公安局", valid_from=datetime(2015, 6, 1).date(),
    valid_to=datetime(2035, 6, 1).date(),
)  # fmt: skip
OFFLINE = Words("暂时无法连接大厅", "the hall cannot be reached")


def item(code: str, name: str, department: str, events: tuple[str, ...], initials: str) -> GuideItem:
    return GuideItem(
        code=code, name=name, department=department, life_events=events, summary="即办，最多跑一次，不收费",
        legal_basis=("《居民身份证法》第十一条",), conditions=("本市户籍居民",),
        materials=(Material("居民身份证", "原件", 1, ""),), time_limit="法定 60 个工作日，承诺 15 个工作日",
        fee="不收费", place="一楼 A 区", hours="周一至周五 9:00-17:00", contact="0571-12345", online_url="",
        fileable=False, pinyin_initials=initials, keywords=("身份证",) if "身份证" in name else (),
    )  # fmt: skip


GUIDE = Guide(
    "v1",
    (
        item("A-1", "居民身份证换领", "公安局", ("证照办理",), "jmsfzhl"),
        item("A-2", "户口迁移", "公安局", ("迁居",), "hkqy"),
        item("B-1", "社保卡申领", "人社局", ("就业", "证照办理"), "sbksl"),
    ),
)


class FakeHall:
    def __init__(self) -> None:
        self.online = True
        self.categories_list = [
            CategoryInfo("A", "社保医保", "Social insurance", True, 3, "09:00-17:00", "09:00-17:00"),
            CategoryInfo("B", "不动产登记", "Real estate", False, 0, "09:00-12:00", "09:00-12:00"),
            CategoryInfo("V", "绿色通道", "Green channel", True, 0, "", "", needs_id=True),
        ]
        self.taken: list[tuple[str, str | None]] = []
        self.languages: list[str] = []  # the language each number was taken in (its ticket's)
        self.checked_in: list[tuple[str | None, str | None]] = []
        self.ratings: list[tuple[int, list[str], str | None]] = []
        self.printed_guides: list[str] = []
        self.printed_languages: list[str] = []
        self.looked_up: list[str] = []
        self.rated_value: RatedTicket | None = RatedTicket(
            "S001", Words("自助服务", "Self-service"), Words("9号窗口", "Window 9"), "9001", served=True, rated=False
        )
        self.printer_ok = True
        self.refuse: Refused | None = None
        self.guide_value: Guide | Unavailable = GUIDE

    def _check_online(self) -> None:
        if not self.online:
            raise Unavailable(OFFLINE)

    def categories(self) -> list[CategoryInfo]:
        self._check_online()
        return list(self.categories_list)

    def _ticket(self, category: str) -> Ticket:
        number = f"{category}{len(self.taken) + len(self.checked_in):03d}"
        return Ticket(
            id=f"t-{number}", number=number, category=category, category_name_zh="社保医保",
            category_name_en="Social insurance", waiting_ahead=3, eta_minutes=24, issued_at=datetime.now(UTC),
            qr_url=f"http://hall/t/{number}", printed=self.printer_ok,
            print_message=None if self.printer_ok else Words("打印机缺纸，未能打印", "out of paper, not printed"),
        )  # fmt: skip

    def take_number(self, category: str, *, id_number: str | None = None, language: str = "zh_CN") -> Ticket:
        self._check_online()
        if self.refuse is not None:
            raise self.refuse
        self.taken.append((category, id_number))
        self.languages.append(language)
        return self._ticket(category)

    def check_in(self, *, code: str | None = None, id_number: str | None = None, language: str = "zh_CN") -> Ticket:
        self._check_online()
        if code == "unknown":
            raise Refused("no_appointment", Words("未找到预约", "no appointment found"))
        self.checked_in.append((code, id_number))
        return self._ticket("Y")

    def guide(self) -> Guide:
        if isinstance(self.guide_value, Unavailable):
            raise self.guide_value
        return self.guide_value

    def print_guide(self, code: str, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        self.printed_guides.append(code)
        self.printed_languages.append(language)
        return (True, None) if self.printer_ok else (False, Words("缺纸", "out of paper"))

    def bad_rating_reasons(self) -> list[Words]:
        return [
            Words("等候时间长", "Long wait"),
            Words("态度不好", "Unfriendly staff"),
            Words("材料要求不清", "Unclear about materials"),
        ]

    def rated_ticket(self, ticket_code: str) -> RatedTicket | None:
        self.looked_up.append(ticket_code)
        return None if self.rated_value is None or not self.online else self.rated_value

    def rate(self, level: int, reasons: list[str], *, ticket_code: str | None = None) -> None:
        self.ratings.append((level, reasons, ticket_code))

    def on_online_change(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        return lambda: None


class FakeDevices:
    def __init__(self) -> None:
        self.printer = DeviceState.READY
        self.reader = DeviceState.READY
        self.scanner = DeviceState.READY
        self.card: CardResult = CardResult.read(CARD)
        self.cancelled = 0
        self.restarted: list[str] = []
        self.printer_sim = VirtualPrinter()  # made, never started: its faults are plain state

    def infos(self) -> list[DeviceInfo]:
        def info(kind: str, state: DeviceState) -> DeviceInfo:
            message = None if state is DeviceState.READY else Words("缺纸", "out of paper")
            return DeviceInfo(kind, kind, kind, state, message, "", True)

        return [info("printer", self.printer), info("id_reader", self.reader), info("scanner", self.scanner)]

    def can_print(self) -> bool:
        return self.printer is DeviceState.READY

    def can_read_id(self) -> bool:
        return self.reader is DeviceState.READY

    def can_scan(self) -> bool:
        return self.scanner is DeviceState.READY

    def read_id_card(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> CardResult:
        return self.card

    def cancel_read(self) -> None:
        self.cancelled += 1

    def on_scan(self, listener: Callable[[str], None]) -> Callable[[], None]:
        return lambda: None

    def key_scanner(self) -> None:
        return None

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        return lambda: None

    def test_print(self) -> tuple[bool, Words | None]:
        return True, None

    def restart(self, kind: str) -> None:
        if kind not in {"printer", "id_reader", "scanner"}:
            raise KeyError(f"no device {kind!r}")
        self.restarted.append(kind)

    def simulators(self) -> dict[str, Simulator]:
        return {"printer": self.printer_sim}


class FakeTechnician:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.pin = "2468"
        self.failures = 0
        self.locked_until: datetime | None = None
        self._now = clock
        self.recorded: list[tuple[str, str, str]] = []  # (action, target, outcome) of each record()

    def check_pin(self, pin: str) -> PinResult:
        if self.locked_until is not None and self._now() < self.locked_until:
            return PinResult(False, self.locked_until, 0)
        if pin == self.pin:
            self.failures = 0
            return PinResult(True, None, 5)
        self.failures += 1
        if self.failures >= 5:
            self.locked_until = self._now() + timedelta(minutes=5)
            return PinResult(False, self.locked_until, 0)
        return PinResult(False, None, 5 - self.failures)

    def outbox_status(self) -> tuple[int, str | None]:
        return 2, None

    def log_tail(self, lines: int) -> list[str]:
        return ["line one", "line two"][-lines:]

    def record(
        self, action: str, *, target: str = "", outcome: str = "ok", detail: Mapping[str, object] | None = None
    ) -> None:
        self.recorded.append((action, target, outcome))


def run(kiosk: Kiosk, job: Job[Any] | None) -> None:
    """What the UI's workers do, on this thread: run each job and hand its result back, following chains."""
    while job is not None:
        job = kiosk.deliver(job, job.work())


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock()


@pytest.fixture
def hall() -> FakeHall:
    return FakeHall()


@pytest.fixture
def devices() -> FakeDevices:
    return FakeDevices()


@pytest.fixture
def kiosk(hall: FakeHall, devices: FakeDevices, clock: SteppedClock) -> Kiosk:
    settings = KioskSettings(hall_name="示例市政务服务中心", idle_timeout_s=60, elder_idle_timeout_s=120)
    made = Kiosk(
        hall=hall, devices=devices, technician=FakeTechnician(lambda: datetime.now(UTC)),
        registry=default_registry(), settings=settings, clock=clock, offers=Offers.read(hall, devices),
    )  # fmt: skip
    run(made, made.start())
    return made


def refresh_offers(kiosk: Kiosk, hall: FakeHall, devices: FakeDevices) -> None:
    kiosk.set_offers(Offers.read(hall, devices))


@pytest.fixture
def filing() -> FakeFiling:
    from tests.kiosk.flows.filing_fakes import FakeFiling  # noqa: PLC0415 - it imports this module

    return FakeFiling()


@pytest.fixture
def camera() -> FakeCamera:
    from tests.kiosk.flows.filing_fakes import FakeCamera  # noqa: PLC0415 - it imports this module

    return FakeCamera()


@pytest.fixture
def filing_kiosk(
    hall: FakeHall, devices: FakeDevices, clock: SteppedClock, filing: FakeFiling, camera: FakeCamera
) -> Kiosk:
    """The kiosk with the filing port and the document camera (the filing and progress screens are registered)."""
    registry = default_registry()
    settings = KioskSettings(hall_name="示例市政务服务中心", idle_timeout_s=60, elder_idle_timeout_s=120)
    made = Kiosk(
        hall=hall, devices=devices, technician=FakeTechnician(lambda: datetime.now(UTC)),
        registry=registry, settings=settings, clock=clock, offers=Offers.read(hall, devices),
        filing=filing, camera=camera,
    )  # fmt: skip
    run(made, made.start())
    return made
