"""The daily report as one flat table (section, item, figure): the rows of its CSV/XLSX, and the lines that
``kiosk hall supervision summary`` prints. Chinese first, English beside it."""

from __future__ import annotations

from collections.abc import Iterator

from hall.daily_report import CategoryDay, DailyReport
from hall.webui.export import Cell, Column, Table

COLUMNS = (
    Column("section", "部分", "Section"),
    Column("item", "项目", "Item"),
    Column("value", "数值", "Value"),
)


def minutes(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _queue(category: CategoryDay) -> Iterator[tuple[str, str, Cell]]:
    section = f"排队 {category.name_zh} / Queue {category.name_en}" + (
        f" ({category.prefix})" if category.prefix else ""
    )
    yield section, "取号 Issued", category.issued
    yield section, "已办 Served", category.served
    yield section, "过号/未到 Missed", category.missed
    yield section, "放弃 Gave up", category.cancelled
    yield section, "平均等候（分钟） Average wait (min)", minutes(category.average_wait_min)
    yield section, "最长等候（分钟） Longest wait (min)", minutes(category.longest_wait_min)


def report_rows(report: DailyReport) -> Iterator[tuple[str, str, Cell]]:
    yield "日期 Day", "服务日 Service day", report.day.isoformat()
    for category in [*report.categories, report.tickets]:
        yield from _queue(category)
    filings, section = report.filings, "申报 Filings"
    yield section, "收到 Received", filings.received
    yield section, "受理 Accepted", filings.accepted
    yield section, "办结 Completed", filings.completed
    yield section, "不予受理 Rejected", filings.rejected
    yield section, "逾期 Overdue", filings.overdue
    ratings, section = report.ratings, "好差评 Ratings"
    yield section, "评价数 Ratings", ratings.count
    yield section, "满意（4-5） Satisfied (4-5)", ratings.good
    yield section, "差评（1-2） Bad (1-2)", ratings.bad
    yield section, "满意率 Satisfaction rate", percent(ratings.satisfaction)
    for warning in report.warnings:
        section = f"预警 {warning.zh} / Warnings: {warning.en}"
        yield section, "当日产生 Raised", warning.raised
        yield section, "其中红色 Red", warning.red
        yield section, "仍未处理 Still open", warning.still_open


def report_table(report: DailyReport) -> Table:
    return Table(f"日报 {report.day.isoformat()}", COLUMNS, [list(row) for row in report_rows(report)])


def report_text(report: DailyReport) -> str:
    lines: list[str] = []
    last = ""
    for section, item, value in report_rows(report):
        if section != last:
            lines.append(section)
            last = section
        lines.append(f"  {item}: {value}")
    return "\n".join(lines)
