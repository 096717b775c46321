"""What the touch UI may ask of the station: plain values, three ports (hall, devices, technician) and two errors.

The UI (ui/, kiosk/flows/) builds against these names only; kiosk/station/ implements them. No Qt here: every
port method is blocking and thread-safe, so the UI calls them from its workers and never from the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from devices.identity import CardResult
from devices.simulator import Simulator
from devices.state import DeviceState, Reason
from devices.words import Language, Words
from kiosk.hallclient.errors import HallRefused, HallUnreachable

# The flows' names for the hall client's two errors (the same classes, so a flow catches what the client raises):
# Unavailable, the hall cannot be reached and the function that needs it is paused (the UI says so and offers the
# rest); Refused, the hall answered no (a duplicate ticket for this ID, the category is closed, too early ...).
Unavailable = HallUnreachable
Refused = HallRefused


@dataclass(frozen=True)
class CategoryInfo:
    """A business category on the take-a-number screen."""

    prefix: str  # the number's letter, e.g. "A"
    name_zh: str
    name_en: str
    open: bool  # open for taking a number right now
    waiting: int  # people waiting in it now
    hours_zh: str  # e.g. "08:30-12:00 13:30-17:30" or "24小时"; "" when the hall does not say
    hours_en: str  # e.g. "08:30-12:00 13:30-17:30" or "24 hours"
    needs_id: bool = False  # the ID card must be read to take this number (green channel V)
    always_open: bool = False  # gives numbers around the clock (self-service)
    opens_at: datetime | None = None  # closed now: when it next gives numbers (aware); None when open or not known
    area_zh: str = ""  # where its numbers wait, e.g. "一楼A区"; "" when the hall does not say
    area_en: str = ""  # e.g. "Area A, floor 1"


@dataclass(frozen=True)
class Ticket:
    """A number taken (or an appointment checked in) at this kiosk, and whether its paper ticket came out."""

    id: str  # the hall's ticket UUID
    number: str  # "A017"
    category: str  # prefix
    category_name_zh: str
    category_name_en: str
    waiting_ahead: int
    eta_minutes: int
    issued_at: datetime  # aware
    qr_url: str  # the QR on the ticket: check position, rate afterwards
    printed: bool
    print_message: Words | None  # None when printed; else why not (e.g. paper out)
    area_zh: str = ""  # where to wait, from its category ("一楼A区"); "" when the hall does not say
    area_en: str = ""
    has_qr: bool = True  # the paper ticket carries a QR code a phone can open (the hall's address is reachable)


@dataclass(frozen=True)
class RatedTicket:
    """The service a rating is about, as the hall knows the ticket whose QR code was scanned."""

    number: str  # "S001"
    category: Words  # 社保医保 / Social and medical insurance
    window: Words | None  # 2号窗口 / Window 2; None before the ticket was called
    staff: str  # who served there, as the hall names them (a staff number or a name); "" when it does not say
    served: bool  # called and served: it can be rated
    rated: bool  # rated already (一次一评)


@dataclass(frozen=True)
class Material:
    """One required material of a service item (申请材料, told all at once: 一次性告知)."""

    name: str
    form: str  # 原件 | 复印件 | 原件及复印件
    count: int  # copies of each form
    note: str  # "" or when/why, e.g. "委托办理时提交"
    # The catalog lists only what an applicant must bring; conditional ones say their condition in `note`.
    required: bool = True

    @property
    def originals(self) -> bool:
        return "原件" in self.form

    @property
    def copies(self) -> bool:
        return "复印件" in self.form


@dataclass(frozen=True)
class GuideItem:
    """A service item's guide (办事指南) with every published field, as the hall's catalog serves it."""

    code: str  # 实施编码
    name: str
    department: str  # 实施主体
    life_events: tuple[str, ...]
    summary: str  # one line made from the facts: time limit, visits, fee
    legal_basis: tuple[str, ...]  # 设定依据
    conditions: tuple[str, ...]  # 受理条件
    materials: tuple[Material, ...]
    time_limit: str  # 法定/承诺时限 as text, e.g. "法定 60 个工作日，承诺 15 个工作日"
    fee: str  # "不收费" or the fees in one line
    place: str  # 办理地点
    hours: str  # 办理时间
    contact: str  # 咨询电话
    online_url: str  # "" when the catalog has none (the shipped catalog does not carry one)
    fileable: bool  # can be filed at this kiosk
    pinyin_initials: str  # e.g. "jmsfzhlyxqm"
    procedure: tuple[str, ...] = ()  # 办理流程
    statutory_days: int = 0  # 法定时限, working days; 0 = 即办
    promised_days: int = 0  # 承诺时限
    max_visits: int = 0  # 最多跑 N 次; 0 = 零跑动
    fee_basis: str = ""  # 收费依据
    complaint_phone: str = ""  # 投诉电话
    keywords: tuple[str, ...] = ()  # other words people search by
    department_en: str = ""  # the department's English name; "" when the catalog has none
    summary_en: str = ""  # the summary in English (the kiosk's own words)
    time_limit_en: str = ""
    fee_en: str = ""  # "Free of charge", or the fees as published


@dataclass(frozen=True)
class Guide:
    """The hall's catalog as the kiosk holds it."""

    version: str
    items: tuple[GuideItem, ...]
    stale: bool = False  # served from the last cached copy because the hall is unreachable

    def departments(self) -> list[str]:
        """Departments in catalog order."""
        return list(dict.fromkeys(item.department for item in self.items))

    def life_events(self) -> list[str]:
        """Life-event tags in catalog order."""
        return list(dict.fromkeys(event for item in self.items for event in item.life_events))

    def by_department(self, department: str) -> list[GuideItem]:
        return [item for item in self.items if item.department == department]

    def by_life_event(self, event: str) -> list[GuideItem]:
        return [item for item in self.items if event in item.life_events]

    def get(self, code: str) -> GuideItem | None:
        return next((item for item in self.items if item.code == code), None)

    def search(self, text: str) -> list[GuideItem]:
        """Items whose name, keywords or department hold `text`, or whose pinyin initials do ("sfz" -> 身份证)."""
        needle = "".join(text.split()).lower()
        if not needle:
            return []
        found: list[GuideItem] = []
        for item in self.items:
            words = (item.name, item.department, *item.keywords, *item.life_events)
            if any(needle in word.lower() for word in words) or (needle.isascii() and needle in item.pinyin_initials):
                found.append(item)
        return found


@dataclass(frozen=True)
class DeviceInfo:
    """One device's state as the UI and the technician page show it."""

    kind: str  # "printer" | "id_reader" | "scanner" | "camera" | "hall"
    name_zh: str
    name_en: str
    state: DeviceState
    message: Words | None  # what is wrong in plain words; None when fine
    last_error: str  # for technicians; "" when none
    simulated: bool
    reasons: frozenset[Reason] = frozenset()  # the device's own reasons for `message`, when it has any


@dataclass(frozen=True)
class PinResult:
    """The answer to a technician PIN."""

    ok: bool
    locked_until: datetime | None = None  # set while locked out (five wrong PINs lock for five minutes)
    attempts_left: int = 0


class HallPort(Protocol):
    """The hall as the kiosk's citizen flows need it. Methods block (HTTP, printing): call them off the UI thread."""

    @property
    def online(self) -> bool: ...

    def categories(self) -> list[CategoryInfo]:
        """Raises Unavailable."""
        ...

    def take_number(self, category: str, *, id_number: str | None = None, language: Language = "zh_CN") -> Ticket:
        """Take a number and print its ticket in the citizen's language; a printer fault never loses the number.
        Raises Unavailable, Refused."""
        ...

    def check_in(
        self, *, code: str | None = None, id_number: str | None = None, language: Language = "zh_CN"
    ) -> Ticket:
        """Check in an appointment by its QR code or by ID card, and print the ticket in the citizen's language.
        Raises Unavailable, Refused."""
        ...

    def guide(self) -> Guide:
        """The catalog; the cached copy (stale=True) when the hall is unreachable; Unavailable if never fetched."""
        ...

    def print_guide(self, code: str, language: Language = "zh_CN") -> tuple[bool, Words | None]:
        """Print an item's guide in the citizen's language: (printed?, None or why not)."""
        ...

    def bad_rating_reasons(self) -> list[Words]:
        """The fixed list a bad rating (levels 1 and 2) chooses its reasons from; ``zh`` is what the rating sends."""
        ...

    def rated_ticket(self, ticket_code: str) -> RatedTicket | None:
        """What the ticket with this signed code is (number, category, window, staff); None when the hall cannot be
        reached or does not know it. Never raises."""
        ...

    def rate(self, level: int, reasons: list[str], *, ticket_code: str | None = None) -> None:
        """Rate the service (kiosk channel): stored in the outbox first, delivered later. Never raises."""
        ...

    def on_online_change(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        """Call `listener(online)` from any thread when the hall comes or goes; returns unsubscribe."""
        ...


class KeyScanner(Protocol):
    """A USB scanner that types (``keyboard://``): the UI hands it every key press with the time it came."""

    def feed_key(self, text: str, at: float) -> object: ...

    def feed_enter(self, at: float) -> object: ...

    def poll(self, at: float) -> object: ...


class DevicesPort(Protocol):
    """The kiosk's own devices: printer, ID card reader, QR scanner, camera."""

    def infos(self) -> list[DeviceInfo]: ...

    def can_print(self) -> bool: ...

    def can_read_id(self) -> bool: ...

    def can_scan(self) -> bool: ...

    def read_id_card(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> CardResult:
        """Wait for a card and read it; blocking (call from a worker thread). cancel_read() ends it early; so does
        ``cancelled()`` turning true, even when the citizen left before the wait began."""
        ...

    def cancel_read(self) -> None: ...

    def on_scan(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """`listener(text)` for each new QR/barcode (deduplicated across scanner and camera); returns unsubscribe."""
        ...

    def key_scanner(self) -> KeyScanner | None:
        """The keyboard-wedge scanner when one is configured; its scans reach ``on_scan`` like any other."""
        ...

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """`listener()` when any device's state or the hall's online state changed; any thread; returns unsubscribe."""
        ...

    def test_print(self) -> tuple[bool, Words | None]:
        """Print the test page: (printed?, None or why not)."""
        ...

    def restart(self, kind: str) -> None: ...

    def simulators(self) -> dict[str, Simulator]:
        """kind -> the simulator object, for the devices that are simulated (the technician page's controls)."""
        ...


class TechnicianPort(Protocol):
    """The technician's locked door."""

    def check_pin(self, pin: str) -> PinResult: ...

    def outbox_status(self) -> tuple[int, str | None]:
        """(pending count, last error or None)."""
        ...

    def log_tail(self, lines: int) -> list[str]: ...

    def record(
        self, action: str, *, target: str = "", outcome: str = "ok", detail: Mapping[str, object] | None = None
    ) -> None:
        """Append a technician action to the kiosk's audit log (kiosk/store/audit.py); never raises."""
        ...
