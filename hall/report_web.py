"""The daily report's page for supervisors: ``/web/report?day=YYYY-MM-DD`` (default: today in the hall's zone),
print-friendly, and the same figures as CSV or XLSX (``&format=csv|xlsx``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from hall.calendar import service_day
from hall.daily_report import DailyReport, daily_report
from hall.daily_report_rows import minutes, percent, report_table
from hall.tokens import Role
from hall.web import HallContext
from hall.webui.auth import WebRefused, web_user
from hall.webui.export import export_response
from hall.webui.render import NavEntry, add_nav, render
from hall.webui.sessions import WebUser

PAGE = "/web/report"
EARLIEST = date(2000, 1, 1)


def add_report_routes(app: FastAPI, hall: HallContext) -> None:
    queue = hall.queue
    supervisor = web_user(Role.SUPERVISOR)
    add_nav(app, NavEntry(PAGE, "日报", "Daily report", frozenset({Role.SUPERVISOR}), 60))

    def read(day: date) -> DailyReport:
        with queue.readers() as session:
            return daily_report(session, queue.config, day)

    @app.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, user: WebUser = supervisor) -> Response:
        today = service_day(queue.clock(), queue.zone)
        text = request.query_params.get("day", "").strip()
        fmt = request.query_params.get("format", "")
        if fmt not in ("", "csv", "xlsx"):
            raise WebRefused(404, "没有这种导出格式（可选 CSV、XLSX）", "No such export format: choose CSV or XLSX")
        day, errors = today, dict[str, str]()
        if text:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                errors["day"] = "请按 年-月-日 填写日期，如 2026-11-23 / Enter the day as YYYY-MM-DD, e.g. 2026-11-23"
            else:
                if not EARLIEST <= day <= today:
                    errors["day"] = (
                        f"请选择 2000-01-01 至今天（{today}）之间的日期 / Choose a day from 2000-01-01 to today"
                    )
                    day = today
        if errors:
            context: dict[str, Any] = {"report": None, "day_text": text, "errors": errors, "today": today}
            return render(request, "report.html", context, user=user, status=422)
        report = read(day)
        if fmt in ("csv", "xlsx"):
            return export_response(report_table(report), fmt, f"hall-report-{day.isoformat()}")  # type: ignore[arg-type]
        shown: dict[str, Any] = {
            "report": report,
            "day_text": day.isoformat(),
            "errors": {},
            "today": today,
            "previous": (day - timedelta(days=1)).isoformat(),
            "next": (day + timedelta(days=1)).isoformat() if day < today else None,
            "minutes": minutes,
            "percent": percent,
        }
        return render(request, "report.html", shown, user=user)
