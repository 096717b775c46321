"""Layout shared by the printed documents: sizes that fit the paper, label/value lines, times, the final cut."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from devices.printer import Align, Block, Cut, Feed, PaperSpec, QrCode, TextLine
from devices.textwidth import display_width, min_content_width, wrap

HALL_TIME_ZONE = ZoneInfo("Asia/Shanghai")

# The cutter sits a few lines above the print head: without this feed it would cut through the last line.
FEED_BEFORE_CUT = 4

# A label wider than this share of the line leaves too little room beside it for a hanging value.
_MAX_LABEL_SHARE = 3
# The least space kept between a left text and a right-aligned one on the same line.
_MIN_SPREAD = 2


def columns(paper: PaperSpec, width: int = 1) -> int:
    """Cells on one line for text printed ``width`` times as wide as size 1."""
    return paper.columns // width


def fitting_width(text: str, paper: PaperSpec, preferred: int) -> int:
    """The largest width multiplier up to ``preferred`` at which the text fits on one line."""
    width = preferred
    while width > 1 and display_width(text) > columns(paper, width):
        width -= 1
    return width


def require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware: a naive time prints the wrong hour on the slip")


def format_time(moment: datetime, time_zone: tzinfo) -> str:
    """YYYY-MM-DD HH:MM on the hall's clock."""
    require_aware(moment, "time")
    return moment.astimezone(time_zone).strftime("%Y-%m-%d %H:%M")


def working_days(days: int) -> str:
    return "即办" if days == 0 else f"{days} 个工作日"


def field(
    label: str,
    value: str,
    paper: PaperSpec,
    *,
    width: int = 1,
    height: int = 1,
    bold: bool = False,
    align: Align = Align.LEFT,
) -> list[TextLine]:
    """``label：value`` on one line when it fits; else the value wraps with a hanging indent beside the label,
    or below the label when one of its words is too long for that. No line is wider than the paper."""
    cols = columns(paper, width)
    head = f"{label}: " if label.isascii() else f"{label}："  # an English label takes an English colon

    def line(text: str) -> TextLine:
        return TextLine(text, width=width, height=height, bold=bold, align=align)

    if display_width(head + value) <= cols:
        return [line(head + value)]
    indent = display_width(head)
    if indent <= cols // _MAX_LABEL_SHARE and min_content_width(value) <= cols - indent:
        first, *rest = wrap(value, cols - indent)
        return [line(head + first), *(line(" " * indent + row) for row in rest)]
    return [line(head), *(line(row) for row in wrap(value, cols))]


def spread(left: str, right: str, paper: PaperSpec, *, bold: bool = False) -> list[TextLine]:
    """``left`` at the left margin and ``right`` against the right one, on the last line of ``left`` when there
    is room there; for lists with a right-hand column."""
    cols = columns(paper)
    rows = wrap(left, cols)
    room = cols - display_width(rows[-1]) - display_width(right)
    if room >= _MIN_SPREAD:
        rows[-1] += " " * room + right
    elif display_width(right) <= cols:
        rows.append(" " * (cols - display_width(right)) + right)
    else:
        rows.extend(wrap(right, cols))
    return [TextLine(row, bold=bold) for row in rows]


def centred(text: str, *, width: int = 1, height: int = 1, bold: bool = False) -> TextLine:
    return TextLine(text, width=width, height=height, bold=bold, align=Align.CENTER)


def heading(text: str) -> TextLine:
    return TextLine(f"【{text}】", bold=True)


def qr_code(data: str, paper: PaperSpec) -> QrCode:
    # Smaller modules on 58 mm keep a URL's QR code (about 33 modules) well inside 384 dots with its quiet zone.
    return QrCode(data, module_size=6 if paper.width_mm >= 80 else 5)


def finish() -> tuple[Block, ...]:
    return (Feed(FEED_BEFORE_CUT), Cut())
