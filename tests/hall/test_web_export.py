"""Tables of the hall's pages as CSV and XLSX (hall/webui/export.py)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from hall.webui.export import Column, Table, csv_bytes, export_response, xlsx_bytes

TABLE = Table(
    "好差评",
    [Column("window", "窗口", "Window"), Column("comment", "评价内容", "Comment"), Column("at", "时间", "Time")],
    [[1, '=HYPERLINK("http://x")', datetime(2026, 12, 5, 9, 30)], [2, "很好 <b>", None]],
)


def test_csv_has_a_bom_both_languages_and_no_formulas() -> None:
    data = csv_bytes(TABLE)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["窗口 Window", "评价内容 Comment", "时间 Time"]
    assert rows[1] == ["1", '\'=HYPERLINK("http://x")', "2026-12-05 09:30:00"]
    assert rows[2] == ["2", "很好 <b>", ""]


def test_xlsx_opens_with_openpyxl() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(TABLE))).active
    assert sheet is not None and sheet.title == "好差评"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("窗口 Window", "评价内容 Comment", "时间 Time")
    assert values[1][1] == '\'=HYPERLINK("http://x")' and values[1][2] == datetime(2026, 12, 5, 9, 30)


def test_the_download_is_named_in_both_scripts() -> None:
    answer = export_response(TABLE, "xlsx", "好差评-2026-12")
    disposition = answer.headers["content-disposition"]
    assert 'filename="___-2026-12.xlsx"' in disposition and "filename*=UTF-8''%E5%A5%BD" in disposition
