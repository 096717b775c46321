"""The words of the 政务公开 screen, and the text of its tables (fees, 办件公示, staff board) in the citizen's
language. What the hall publishes stays as published, in Chinese."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from common.hallapi.disclosure import FeeOut, PublicFilingOut, StaffOut
from devices.words import Language, Words


class Section(StrEnum):
    NOTICES = "notice"
    POLICIES = "policy"
    FEES = "fees"
    FILINGS = "filings"
    STAFF = "staff"


SECTION_WORDS: dict[Section, Words] = {
    Section.NOTICES: Words("通知公告", "Notices"),
    Section.POLICIES: Words("政策文件", "Policy documents"),
    Section.FEES: Words("收费标准", "Fee schedules"),
    Section.FILINGS: Words("办件公示", "Concluded filings"),
    Section.STAFF: Words("窗口人员公示", "Window staff"),
}
SECTION_HINTS: dict[Section, Words] = {
    Section.NOTICES: Words("大厅的通知和公告", "The hall's notices and announcements"),
    Section.POLICIES: Words("政策文件原文", "Policy documents as issued"),
    Section.FEES: Words("各事项的收费项目、标准和依据", "What each service costs, and why"),
    Section.FILINGS: Words("近期办结的申报（已隐去个人信息）", "Recently concluded filings (names hidden)"),
    Section.STAFF: Words("各窗口的工作人员和职责", "Who serves at each window, and what they handle"),
}
# Words people look for; a chip is shown for each that finds something.
HOT_WORDS = (
    Words("通知", "Notice"),
    Words("办公时间", "Opening hours"),
    Words("社保", "Social insurance"),
    Words("医保", "Medical insurance"),
    Words("不动产", "Property"),
    Words("公积金", "Housing fund"),
    Words("收费", "Fees"),
    Words("办事", "Services"),
)
NOT_HERE = Words(
    "本机暂不提供政务公开，请到服务台咨询或访问大厅网站",
    "This kiosk does not show published information; please ask at the help desk or visit the hall's website.",
)
PRINTED = Words("已打印，请在出纸口取走", "Printed. Please take it from the slot.")
IN_CHINESE = Words("", "Published information is in Chinese.")
FREE_NOTE = Words("未列出的事项不收费。", "Services not listed are free of charge.")
FILINGS_NOTE = Words(
    "近 90 天办结的自助申报；申请人姓名和受理号已部分隐藏。",
    "Filings concluded in the last 90 days; names and numbers are partly hidden.",
)
NOTHING = Words("暂无内容", "Nothing published yet")


def stale_words(day: date) -> Words:
    """The kept copy's notice, with the day the hall last gave it."""
    return Words(
        f"以下为 {day.month}月{day.day}日 的内容，大厅网络恢复后更新",
        f"This is the content as of {day.strftime('%-d %b')}; it is updated when the hall's network is back.",
    )


def fee_rows(fees: list[FeeOut], language: Language) -> list[tuple[str, str]]:
    en = language == "en"
    rows = []
    for fee in fees:
        if en:
            body = f"Fee: {fee.name}\nAmount: {fee.amount}\nBasis: {fee.basis}\nDepartment: {fee.department}"
        else:
            body = f"收费项目：{fee.name}\n收费标准：{fee.amount}\n收费依据：{fee.basis}\n实施主体：{fee.department}"
        rows.append((fee.item_name, body))
    return rows


def filing_rows(filings: list[PublicFilingOut], language: Language) -> list[tuple[str, str]]:
    en = language == "en"
    rows = []
    for f in filings:
        result = f.result_en if en else f.result
        if en:
            body = (
                f"No. {f.number_masked} · applicant {f.applicant_masked}\n"
                f"Received {f.received.isoformat()} · concluded {f.concluded.isoformat()}"
            )
        else:
            body = (
                f"受理号 {f.number_masked} · 申请人 {f.applicant_masked}\n"
                f"受理 {f.received.isoformat()} · 办结 {f.concluded.isoformat()}"
            )
        rows.append((f"{f.item_name} · {result}", body))
    return rows


def staff_rows(staff: list[StaffOut], language: Language) -> list[tuple[str, str]]:
    en = language == "en"
    rows = []
    for s in staff:
        name = s.staff_name or "—"
        number = s.staff_number or "—"
        duties = (s.duties_en if en else s.duties) or "—"
        if en:
            body = f"Name: {name} · Staff no. {number}\nDuties: {duties}"
        else:
            body = f"姓名：{name} · 工号：{number}\n岗位职责：{duties}"
        rows.append((s.window_name_en if en else s.window_name, body))
    return rows
