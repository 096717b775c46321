"""Any table of the pages as a file: CSV (UTF-8 with a byte-order mark, so a spreadsheet on a Chinese Windows
reads it right) or XLSX (openpyxl). Headings are "中文 English". A cell that a spreadsheet would take for a formula
(=, +, -, @, tab, carriage return first) is written with a leading apostrophe, so a citizen's comment cannot run
anything on the supervisor's computer."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from urllib.parse import quote

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | date | datetime | None
Format = Literal["csv", "xlsx"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str

    @property
    def heading(self) -> str:
        return f"{self.zh} {self.en}"


@dataclass
class Table:
    """Rows of cells under columns; ``title`` names the sheet and the file."""

    title: str
    columns: Sequence[Column]
    rows: list[Sequence[Cell]] = field(default_factory=list)


def safe_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # spreadsheets hold no zone: the caller gives the hall's local time
    return value


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.heading for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else _text(safe_cell(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value: Cell) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(table.title)
    sheet.append([c.heading for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([safe_cell(v) for v in row])
    for index, column in enumerate(table.columns, start=1):
        values: Iterable[Cell] = (row[index - 1] for row in table.rows[:200])
        width = max([len(column.heading), *(len(_text(v)) for v in values if v is not None)])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, max(8, width * 1.3))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Sheet"


def export_response(table: Table, fmt: Format, filename: str) -> Response:
    """``table`` as a download named ``filename``.csv or .xlsx."""
    if fmt == "xlsx":
        body, media = xlsx_bytes(table), XLSX_TYPE
    else:
        body, media = csv_bytes(table), "text/csv; charset=utf-8"
    name = f"{filename}.{fmt}"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})
