"""The shape of kiosk.toml and hall.toml: every key, its type, its range; unknown keys are errors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from common.settings.booking import BookingSection
from common.settings.hotline import HotlineSection
from common.settings.payments import PaymentsSection
from common.settings.supervision import SupervisionSection
from common.settings.transport import LimitsSection, TransportKeys
from common.settings.voice import KioskVoiceSection
from common.settings.web import WebSection
from devices.url import (
    CAMERA_SCHEMES,
    PRINTER_SCHEMES,
    READER_SCHEMES,
    SCANNER_SCHEMES,
    DeviceUrlError,
    parse_device_url,
)


class Section(BaseModel):
    """A config table: unknown keys are reported, values are never coerced from the wrong type."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"未知的时区 / unknown time zone {name!r} (e.g. Asia/Shanghai)") from None
    return name


TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


def _path_from_string(value: object) -> object:
    # TOML has no path type; strict mode would otherwise refuse the string.
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("路径不能为空 / path must not be empty")
        return Path(value).expanduser()
    return value


ConfigPath = Annotated[Path, BeforeValidator(_path_from_string)]


class PathsSection(Section):
    data_dir: ConfigPath | None = Field(
        default=None, description="Local store and logs; default: the platform's user data dir"
    )


class LoggingSection(Section):
    level: LogLevel = "INFO"
    max_bytes: int = Field(default=5_000_000, ge=10_000, le=1_000_000_000)
    backups: int = Field(default=5, ge=1, le=100)


def device_url(allowed: frozenset[str]) -> AfterValidator:
    def check(value: str) -> str:
        try:
            parse_device_url(value, allowed)
        except DeviceUrlError as error:
            raise ValueError(str(error)) from None
        return value

    return AfterValidator(check)


DOTS_BY_PAPER = {80: (576, 512), 58: (384,)}


class PrinterSection(Section):
    url: Annotated[str, device_url(PRINTER_SCHEMES)] = "sim://"
    paper_width_mm: Literal[80, 58] = 80
    dots_per_line: Literal[576, 512, 384] = 576
    chinese: Literal["native", "raster"] = Field(
        default="native", description="native: GB18030 in Chinese mode; raster: text drawn with a CJK font"
    )
    native_qr: bool = Field(default=True, description="false: QR codes sent as raster, for printers without GS ( k")
    missing_glyphs: str = Field(
        default="", max_length=2000, description="Characters this printer model's font lacks; such lines go raster"
    )

    @model_validator(mode="after")
    def _dots_fit_paper(self) -> PrinterSection:
        allowed = DOTS_BY_PAPER[self.paper_width_mm]
        if self.dots_per_line not in allowed:
            raise ValueError(
                f"{self.paper_width_mm} 毫米纸的每行点数应为 {' 或 '.join(map(str, allowed))} / "
                f"dots_per_line for {self.paper_width_mm} mm paper must be {' or '.join(map(str, allowed))}"
            )
        return self


class IdReaderSection(Section):
    url: Annotated[str, device_url(READER_SCHEMES)] = "sim://"


class ScannerSection(Section):
    url: Annotated[str, device_url(SCANNER_SCHEMES)] = "sim://"


class CameraSection(Section):
    """A camera that reads QR codes beside (or instead of) the serial scanner; empty url: none fitted."""

    url: str = ""
    decoder: Literal["zxing", "zbar", "opencv", "opencv-aruco"] = Field(
        default="zxing", description="zxing reads the most codes at the least cost (docs/qr-decoding.md)"
    )

    @field_validator("url")
    @classmethod
    def _camera_url(cls, value: str) -> str:
        if value:
            try:
                parse_device_url(value, CAMERA_SCHEMES)
            except DeviceUrlError as error:
                raise ValueError(str(error)) from None
        return value


class DocumentCameraSection(Section):
    """The document camera (高拍仪) that photographs the citizen's materials in the filing wizard."""

    url: Annotated[str, device_url(CAMERA_SCHEMES)] = "sim://"
    jpeg_quality: int = Field(
        default=75, ge=40, le=95, description="JPEG quality of a stored page (docs/document-camera.md)"
    )
    even_light: bool = Field(default=True, description="divide out shadows and light fall-off before storing")


class DevicesSection(Section):
    printer: PrinterSection = PrinterSection()
    id_reader: IdReaderSection = IdReaderSection()
    scanner: ScannerSection = ScannerSection()
    camera: CameraSection = CameraSection()
    document_camera: DocumentCameraSection = DocumentCameraSection()


class StationSection(Section):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$", description="Unique within the hall")
    name: str = Field(min_length=1, max_length=60)
    name_en: str = Field(default="", max_length=60, description="The station's name in English; default: name")
    hall_name: str = Field(min_length=1, max_length=60)
    hall_name_en: str = Field(default="", max_length=80, description="The hall's name in English; default: hall_name")
    timezone: TimeZoneName = "Asia/Shanghai"
    locale: Literal["zh_CN", "en"] = "zh_CN"
    orientation: Literal["auto", "portrait", "landscape"] = "auto"
    help_hotline: str = Field(default="12345", pattern=r"^[0-9+\- ]{3,20}$")
    help_desk: str = Field(default="", max_length=40, description="Where the help desk is, in Chinese")
    help_desk_en: str = Field(default="", max_length=80, description="The same in English")
    code: str | None = Field(
        default=None,
        pattern=r"^[A-Z0-9]{2,12}$",
        description="The kiosk's code in filing numbers, unique in the district; default: the id's letters and digits",
    )

    @property
    def filing_code(self) -> str:
        """The code that starts this kiosk's filing numbers (受理号): ``code``, else the id upper-cased, kept to
        letters and digits, at most 12."""
        return self.code or (re.sub(r"[^A-Za-z0-9]", "", self.id).upper()[:12] or "KIOSK").ljust(2, "0")


class HallLinkSection(Section):
    url: str = "http://127.0.0.1:8700"
    embedded: bool = Field(default=True, description="Start a local hall server and simulated hall devices")
    token: str = ""
    timeout_s: float = Field(default=5.0, gt=0, le=120)
    ca_file: ConfigPath | None = Field(
        default=None, description="PEM CA certificate(s) that signed the hall's https certificate; default: system's"
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"大厅地址应为 http(s)://主机:端口 / hall url must be http(s)://host:port, got {value!r}")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _embedded_is_local(self) -> HallLinkSection:
        host = urlsplit(self.url).hostname
        if self.embedded and host not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError(
                "内置大厅服务只在本机运行 / an embedded hall runs on this machine: "
                f"use http://127.0.0.1:PORT or set embedded = false (url host is {host!r})"
            )
        return self


# "pbkdf2-sha256$ITERATIONS$SALT$HASH": PBKDF2-HMAC-SHA256, salt and hash in hex (kiosk/station/pin.py makes them).
PIN_HASH_PATTERN = re.compile(r"^pbkdf2-sha256\$([1-9][0-9]{4,7})\$([0-9a-f]{32,128})\$([0-9a-f]{64})$")


def _check_pin_hash(value: str) -> str:
    if value and not PIN_HASH_PATTERN.match(value):
        raise ValueError(
            "技术员密码哈希格式应为 pbkdf2-sha256$迭代次数$盐$哈希，请用 kiosk config pin 生成 / "
            "technician_pin_hash must be pbkdf2-sha256$ITERATIONS$SALT$HASH (10000+ iterations, hex salt and hash): "
            "make one with `kiosk config pin`"
        )
    return value


class UiSection(Section):
    idle_timeout_s: int = Field(default=60, ge=15, le=600)
    elder_idle_timeout_s: int = Field(default=120, ge=15, le=1200)
    technician_pin_hash: Annotated[str, AfterValidator(_check_pin_hash)] = Field(
        default="", description="Salted hash of the technician PIN (kiosk config pin); empty: technician mode locked"
    )


class KioskFilingsSection(Section):
    retention_hours: int = Field(
        default=24, ge=1, le=24 * 90, description="After the hall confirms a filing: ID number and attachments go"
    )
    max_attachment_mb: int = Field(default=20, ge=1, le=200, description="One attachment's size at most")
    id_key_file: ConfigPath | None = Field(
        default=None,
        description="Key sealing the ID numbers kept here (made 0600 on first start); default: keys/kiosk-id.key "
        "in the data dir. Keep it out of the database's backups",
    )


class KioskConfig(Section):
    """config/kiosk.toml: one self-service kiosk."""

    station: StationSection
    hall: HallLinkSection = HallLinkSection()
    paths: PathsSection = PathsSection()
    logging: LoggingSection = LoggingSection()
    devices: DevicesSection = DevicesSection()
    ui: UiSection = UiSection()
    filings: KioskFilingsSection = KioskFilingsSection()
    voice: KioskVoiceSection = KioskVoiceSection()  # the voice-guided mode (common/settings/voice.py)


_SPAN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _check_spans(spans: list[str]) -> list[str]:
    for span in spans:
        start, _, end = span.partition("-")
        if not _SPAN.match(span) or start >= end:
            raise ValueError(
                f"时段应为 HH:MM-HH:MM 且开始早于结束 / span must be HH:MM-HH:MM, start before end: {span!r}"
            )
    return spans


OpeningSpans = Annotated[list[str], AfterValidator(_check_spans)]


class CategorySection(Section):
    prefix: str = Field(pattern=r"^[A-Z]$", description="One capital letter; V green channel, Y appointments")
    name_zh: str = Field(min_length=1, max_length=20)
    name_en: str = Field(min_length=1, max_length=60)
    daily_cap: int = Field(default=999, ge=1, le=999)
    service_minutes: int = Field(default=10, ge=1, le=240, description="Seed for the wait estimate")
    always_open: bool = Field(default=False, description="Self-service categories stay open 24 hours")
    hours: dict[Weekday, OpeningSpans] = Field(default_factory=dict)
    area_zh: str = Field(default="", max_length=30, description="Where its numbers wait, e.g. 一楼A区; on the ticket")
    area_en: str = Field(default="", max_length=60, description="The same in English, e.g. Area A, floor 1")


class WindowSection(Section):
    number: int = Field(ge=1, le=999)
    name: str = Field(min_length=1, max_length=30)
    name_en: str = Field(default="", max_length=60, description="The window's name in English; default: Window N")
    categories: list[str] = Field(min_length=1)
    staff: str = Field(
        default="",
        max_length=32,
        description="Who serves here, as the hall names them (a staff number or a name); shown when rating",
    )
    # The window staff board (窗口人员公示, docs/disclosure.md): ``staff`` is shown there as the staff number.
    staff_name: str = Field(default="", max_length=20, description="The staff member's name, on the staff board")
    duties: str = Field(default="", max_length=100, description="What this window handles, on the staff board")
    duties_en: str = Field(default="", max_length=200, description="The duties in English; default: the Chinese")
    # The staff's pages (docs/hall-web.md): the catalog items whose filings this window handles; empty: all.
    items: list[str] = Field(default_factory=list, max_length=300, description="Catalog item codes; empty: all")


class HallSection(Section):
    name: str = Field(min_length=1, max_length=60)
    name_en: str = Field(default="", max_length=80, description="The hall's name in English; default: name")
    timezone: TimeZoneName = "Asia/Shanghai"
    help_hotline: str = Field(
        default="12345", pattern=r"^[0-9+\- ]{3,20}$", description="The hotline the phone pages name for help"
    )


class ServerSection(TransportKeys):
    host: str = "127.0.0.1"
    port: int = Field(default=8700, ge=1, le=65535)
    public_url: str | None = Field(
        default=None, description="How phones reach the hall (QR codes on tickets); default http://host:port"
    )

    @field_validator("public_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in {"http", "https"}:
            raise ValueError(f"公网地址应为 http(s):// / public_url must be an http(s) URL, got {value!r}")
        return value.rstrip("/") if value else value


class DatabaseSection(Section):
    url: str | None = Field(default=None, description="Default: SQLite in the data dir")

    @field_validator("url")
    @classmethod
    def _known_backend(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite:", "postgresql+psycopg:", "postgresql:")):
            raise ValueError(
                "数据库只支持 SQLite 或 PostgreSQL / database url must start with sqlite:// or "
                f"postgresql+psycopg://, got {value.split(':', 1)[0]!r}"
            )
        return value


# A bad rating from a pad without reason keys: the citizen could not say why (docs/hall-devices.md). The hall
# accepts it; kiosks and the rating page do not offer it.
NOT_STATED = "未说明"
DEFAULT_BAD_RATING_REASONS = (
    "办理时间过长",
    "工作人员态度不好",
    "一次性告知不清楚",
    "需要多次跑动",
    "系统故障",
    "其他",
    NOT_STATED,
)
# Their English, for citizens rating in English; a configured reason of the same Chinese takes it by default.
DEFAULT_REASONS_EN = {
    "办理时间过长": "It took too long",
    "工作人员态度不好": "The staff were unfriendly",
    "一次性告知不清楚": "I was not told everything needed at once",
    "需要多次跑动": "I had to come more than once",
    "系统故障": "The computer system failed",
    "其他": "Something else",
    NOT_STATED: "Not stated",
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_days(days: list[str]) -> list[str]:
    for day in days:
        try:
            if not _ISO_DAY.match(day):
                raise ValueError
            date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"日期应为 YYYY-MM-DD / dates must be YYYY-MM-DD, got {day!r}") from None
    return days


def _days_as_text(value: object) -> object:
    # A bare TOML date (2026-10-01) arrives as a date; take it as the same day written as text.
    return [v.isoformat() if isinstance(v, date) else v for v in value] if isinstance(value, list) else value


IsoDays = Annotated[list[str], BeforeValidator(_days_as_text), AfterValidator(_check_days)]
RatingReason = Annotated[str, Field(min_length=1, max_length=40)]


class RatingsSection(Section):
    """好差评: the fixed bad-rating reasons, the follow-up deadline in working days, and the working calendar.

    A reason is its Chinese text, or a table ``{text = "办理时间过长", text_en = "It took too long"}`` that gives its
    English next to it; the tables are read into ``bad_rating_reasons`` (the Chinese, what ratings record) and
    ``bad_rating_reasons_en`` (Chinese to English)."""

    bad_rating_reasons: list[RatingReason] = Field(
        default_factory=lambda: list(DEFAULT_BAD_RATING_REASONS), min_length=1, max_length=30
    )
    bad_rating_reasons_en: dict[str, Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=dict, description="Each reason's English (from the reasons' text_en)"
    )
    follow_up_working_days: int = Field(default=5, ge=5, le=15, description="Days to follow up a bad rating")
    holidays: IsoDays = Field(default_factory=list, description="Days off that are not weekends, YYYY-MM-DD")
    makeup_workdays: IsoDays = Field(default_factory=list, description="Weekend days that are working days (调休)")
    qr_rating_hours: int = Field(default=72, ge=1, le=720, description="How long a ticket's rating link works")

    @model_validator(mode="before")
    @classmethod
    def _reason_tables(cls, data: Any) -> Any:
        """``{text, text_en}`` entries become their text, and their English goes to ``bad_rating_reasons_en``."""
        if not isinstance(data, dict) or not isinstance(data.get("bad_rating_reasons"), list):
            return data
        english = dict(data.get("bad_rating_reasons_en") or {})
        texts: list[Any] = []
        for entry in data["bad_rating_reasons"]:
            if isinstance(entry, dict) and set(entry) <= {"text", "text_en"} and "text" in entry:
                texts.append(entry["text"])
                if entry.get("text_en") and isinstance(entry["text"], str):
                    english[entry["text"]] = entry["text_en"]
            else:
                texts.append(entry)  # a plain string, or something the field's own check refuses
        return {**data, "bad_rating_reasons": texts, "bad_rating_reasons_en": english}

    def reason_en(self, reason: str) -> str:
        """A reason's English: as configured, else the default list's for the same Chinese, else ""."""
        return self.bad_rating_reasons_en.get(reason) or DEFAULT_REASONS_EN.get(reason, "")

    @model_validator(mode="after")
    def _consistent(self) -> RatingsSection:
        unknown = sorted(set(self.bad_rating_reasons_en) - set(self.bad_rating_reasons))
        if unknown:
            raise ValueError(f"英文原因没有对应的中文原因 / English given for unlisted reasons: {', '.join(unknown)}")
        twice = sorted({r for r in self.bad_rating_reasons if self.bad_rating_reasons.count(r) > 1})
        if twice:
            raise ValueError(f"差评原因重复 / bad rating reason listed twice: {', '.join(twice)}")
        weekdays = [d for d in self.makeup_workdays if date.fromisoformat(d).weekday() < 5]
        if weekdays:
            raise ValueError(f"调休上班日应为周末 / make-up workdays must be weekend days: {', '.join(weekdays)}")
        both = sorted(set(self.holidays) & set(self.makeup_workdays))
        if both:
            raise ValueError(f"同一天既是假日又是调休上班日 / days both holiday and workday: {', '.join(both)}")
        return self


class AppointmentsSection(Section):
    """How long before a slot starts and after it ends an appointment may be checked in."""

    check_in_before_minutes: int = Field(default=30, ge=0, le=240)
    check_in_after_minutes: int = Field(default=15, ge=0, le=240)


class CatalogSection(Section):
    dir: ConfigPath | None = Field(
        default=None, description="The service catalog's *.toml files; default: the shipped config/catalog"
    )


class HallFilingsSection(Section):
    attachments_dir: ConfigPath | None = Field(
        default=None, description="Content-addressed store of attachments and results; default: data dir/attachments"
    )
    max_attachment_mb: int = Field(default=20, ge=1, le=200, description="One attachment or result at most")
    id_key_file: ConfigPath | None = Field(
        default=None,
        description="Key of the filed ID numbers (made 0600 on first start); default: the data dir's filing-id.key",
    )


class KeysSection(Section):
    dir: ConfigPath | None = Field(
        default=None,
        description="The hall's key ring (signing keys, the ID-hash key), made 0700 on first start; default: data "
        "dir/keys",
    )


class HallConfig(Section):
    """config/hall.toml: the central hall server."""

    hall: HallSection
    server: ServerSection = ServerSection()
    database: DatabaseSection = DatabaseSection()
    paths: PathsSection = PathsSection()
    logging: LoggingSection = LoggingSection()
    catalog: CatalogSection = CatalogSection()
    categories: list[CategorySection] = Field(min_length=1)
    windows: list[WindowSection] = Field(default_factory=list)
    ratings: RatingsSection = RatingsSection()
    appointments: AppointmentsSection = AppointmentsSection()
    booking: BookingSection = BookingSection()  # docs/booking.md
    filings: HallFilingsSection = HallFilingsSection()
    keys: KeysSection = KeysSection()
    limits: LimitsSection = LimitsSection()
    payments: PaymentsSection = PaymentsSection()
    web: WebSection = WebSection()  # docs/hall-web.md
    hotline: HotlineSection = HotlineSection()  # docs/hall-web.md, the 12345 hotline link
    supervision: SupervisionSection = SupervisionSection()  # 电子监察 (docs/hall-web.md)

    @model_validator(mode="after")
    def _consistent(self) -> HallConfig:
        prefixes = [c.prefix for c in self.categories]
        duplicates = sorted({p for p in prefixes if prefixes.count(p) > 1})
        if duplicates:
            raise ValueError(f"业务类别前缀重复 / category prefix used twice: {', '.join(duplicates)}")
        numbers = [w.number for w in self.windows]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"窗口号重复 / window number used twice: {', '.join(map(str, twice))}")
        for access in self.web.staff:
            missing = sorted(set(access.windows) - set(numbers))
            if missing:
                raise ValueError(
                    f"员工令牌 {access.token} 的窗口不存在 / staff token {access.token} works at unknown windows "
                    f"{', '.join(map(str, missing))}"
                )
        for window in self.windows:
            unknown = [c for c in window.categories if c not in prefixes]
            if unknown:
                raise ValueError(
                    f"{window.number}号窗口的业务类别不存在 / window {window.number} serves unknown "
                    f"categories {', '.join(unknown)} (defined: {', '.join(prefixes)})"
                )
        return self
