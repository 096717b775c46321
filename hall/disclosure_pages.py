"""The public 政务公开 pages of the hall (``/disclosure``…, no login, rate-limited like ``/q``): notices and policy
documents, fee schedules, 办件公示 and the window staff board, server-rendered without JavaScript. Everything a
supervisor typed is escaped, so markup in a notice shows as the characters typed. The supervisors' page
(``/disclosure/manage``) is in ``disclosure_manage.py``."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Annotated

from fastapi import FastAPI, Path, Query
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from common.hallapi.disclosure import KIND_WORDS, SHA256, NoticeOut
from hall.disclosure import paragraphs
from hall.disclosure_board import PUBLIC_DAYS, Disclosure
from hall.disclosure_manage import add_manage_page
from hall.web import HallContext

STYLE = """

body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:0;color:#1d2733;background:#f4f6f8;line-height:1.6}
header{background:#1f5fa8;color:#fff;padding:1em 1.5em}header h1{margin:0;font-size:1.5em}
header p{margin:.2em 0 0;opacity:.9}
nav{display:flex;flex-wrap:wrap;gap:.4em;padding:.6em 1.5em;background:#fff;border-bottom:1px solid #d5dbe1}
nav a{padding:.3em .8em;border-radius:.3em;color:#1f5fa8;text-decoration:none}
nav a.here{background:#1f5fa8;color:#fff}main{max-width:60em;margin:1em auto;padding:0 1em}
section,article{background:#fff;border:1px solid #d5dbe1;border-radius:.4em;padding:1em 1.5em;margin-bottom:1em}
h2{font-size:1.25em;margin:.2em 0 .6em}ul.notices{list-style:none;padding:0;margin:0}
ul.notices li{padding:.6em 0;border-bottom:1px solid #e6eaee}ul.notices li:last-child{border:0}
ul.notices a{font-size:1.1em;color:#1d2733}.meta{color:#5b6673;font-size:.9em}
.pin{background:#c0392b;color:#fff;border-radius:.2em;padding:0 .35em;font-size:.8em;margin-right:.4em}
.kind{color:#1f5fa8;font-size:.85em;margin-right:.4em}
article h1{font-size:1.4em;text-align:center;margin:.3em 0}
article .number,article .issued{text-align:center;color:#5b6673;text-indent:0}
article p{white-space:pre-line;text-indent:2em;margin:.6em 0}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d5dbe1;padding:.4em .6em;text-align:left;vertical-align:top}th{background:#eef2f6}
.note{color:#5b6673;font-size:.9em}.empty{color:#5b6673}form.search{display:flex;gap:.5em;margin-bottom:.8em}
form.search input{flex:1;font-size:1em;padding:.3em}form.search button{font-size:1em;padding:.3em 1em}
.nw{white-space:nowrap}
""".replace("\n", "")

SECTIONS = (
    ("/disclosure", "notices", "通知公告", "Notices"),
    ("/disclosure?kind=policy", "policy", "政策文件", "Policy documents"),
    ("/disclosure/fees", "fees", "收费标准", "Fee schedules"),
    ("/disclosure/filings", "filings", "办件公示", "Concluded filings"),
    ("/disclosure/staff", "staff", "窗口人员公示", "Window staff"),
)
NoticeId = Annotated[str, Path(max_length=40)]  # anything else than a number is a page that says "not found"
Keyword = Annotated[str, Query(max_length=40)]


def page(hall_name: str, here: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    links = "".join(
        f'<a href="{href}"{" class=here" if key == here else ""}>{zh} <small>{en}</small></a>'
        for href, key, zh, en in SECTIONS
    )
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · {escape(hall_name)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(hall_name)} · <span class=nw>政务公开</span></h1>"
        "<p>Government information disclosure</p></header>"
        f"<nav>{links}</nav><main>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-cache"})


def notice_row(notice: NoticeOut) -> str:
    pin = '<span class="pin">置顶</span>' if notice.pinned else ""
    kind = f'<span class="kind">[{KIND_WORDS[notice.kind][0]}]</span>'
    number = f" · {escape(notice.number)}" if notice.number else ""
    return (
        f'<li>{pin}{kind}<a href="/disclosure/notices/{notice.id}">{escape(notice.title)}</a>'
        f'<div class="meta">{escape(notice.issuer)}{number} · {notice.date.isoformat()}</div></li>'
    )


def matches(notice: NoticeOut, keyword: str) -> bool:
    needle = "".join(keyword.split()).lower()
    if not needle:
        return True
    words = (notice.title, notice.issuer, notice.number, notice.body)
    return any(needle in word.lower() for word in words) or (needle.isascii() and needle in notice.initials)


def table(headings: Iterable[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{empty}</p>'
    head = "".join(f"<th>{h}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def notice_article(notice: NoticeOut) -> str:
    number = f'<p class="number">{escape(notice.number)}</p>' if notice.number else ""
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(notice.body))
    files = "".join(
        f'<li><a href="/disclosure/files/{a.sha256}">{escape(a.name)}</a> <span class="meta">'
        f"({a.size // 1024 or 1} KB)</span></li>"
        for a in notice.attachments
    )
    attachments = f"<h2>附件 Attachments</h2><ul>{files}</ul>" if files else ""
    return (
        f"<article><h1>{escape(notice.title)}</h1>{number}"
        f'<p class="meta issued">{escape(notice.issuer)} · '
        f"{notice.date.isoformat()}</p>{text}{attachments}</article>"
    )


def add_disclosure_pages(app: FastAPI, hall: HallContext, disclosure: Disclosure) -> None:
    name = hall.queue.config.hall.name

    @app.get("/disclosure", response_class=HTMLResponse, include_in_schema=False)
    async def notices(kind: Annotated[str, Query(max_length=10)] = "notice", q: Keyword = "") -> HTMLResponse:
        shown_kind = "policy" if kind == "policy" else "notice"
        found = [
            n for n in await run_in_threadpool(disclosure.notices.published) if n.kind == shown_kind and matches(n, q)
        ]
        zh, en = KIND_WORDS[shown_kind]
        hidden = f'<input type="hidden" name="kind" value="{shown_kind}">'
        search = (
            f'<form class="search" method="get" action="/disclosure">{hidden}'
            f'<input name="q" value="{escape(q)}" placeholder="关键词或拼音首字母 / keyword or pinyin initials">'
            "<button>搜索 Search</button></form>"
        )
        rows = "".join(notice_row(n) for n in found)
        listing = f'<ul class="notices">{rows}</ul>' if rows else '<p class="empty">暂无内容 / nothing published</p>'
        body = f"<section><h2>{zh} <small>{en}</small></h2>{search}{listing}</section>"
        return page(name, "policy" if shown_kind == "policy" else "notices", zh, body)

    @app.get("/disclosure/notices/{notice_id}", response_class=HTMLResponse, include_in_schema=False)
    async def one_notice(notice_id: NoticeId) -> HTMLResponse:
        number = int(notice_id) if notice_id.isascii() and notice_id.isdigit() and len(notice_id) < 10 else 0
        notice = await run_in_threadpool(disclosure.notices.get, number) if number else None
        if notice is None or notice.status != "published":
            body = (
                "<section><h2>没有这条公告，或已撤回</h2><p>No such notice, or it has been withdrawn.</p>"
                '<p><a href="/disclosure">返回通知公告 / Back to the notices</a></p></section>'
            )
            return page(name, "", "没有这条公告", body, status=404)
        here = "policy" if notice.kind == "policy" else "notices"
        return page(name, here, notice.title, notice_article(notice))

    @app.get("/disclosure/fees", response_class=HTMLResponse, include_in_schema=False)
    def fees() -> HTMLResponse:
        rows = [[f.item_name, f.department, f.name, f.amount, f.basis] for f in disclosure.fees]
        headings = ("事项 Item", "实施主体 Department", "收费项目 Fee", "标准 Amount", "收费依据 Basis")
        note = '<p class="note">未列出的事项不收费。Items not listed are free of charge.</p>'
        body = f"<section><h2>收费标准 <small>Fee schedules</small></h2>{note}{table(headings, rows, '暂无')}</section>"
        return page(name, "fees", "收费标准", body)

    @app.get("/disclosure/filings", response_class=HTMLResponse, include_in_schema=False)
    async def filings() -> HTMLResponse:
        found = await run_in_threadpool(disclosure.filings)
        rows = [
            [
                f.number_masked,
                f.item_name,
                f.applicant_masked,
                f.received.isoformat(),
                f.concluded.isoformat(),
                f.result,
            ]
            for f in found
        ]
        headings = ("受理号 No.", "事项 Item", "申请人 Applicant", "受理 Received", "办结 Concluded", "结果 Result")
        note = (
            f'<p class="note">近 {PUBLIC_DAYS} 天办结的自助申报；申请人姓名和受理号已部分隐藏。'
            f"Filings concluded in the last {PUBLIC_DAYS} days; names and numbers partly hidden.</p>"
        )
        listing = table(headings, rows, "暂无")
        body = f"<section><h2>办件公示 <small>Concluded filings</small></h2>{note}{listing}</section>"
        return page(name, "filings", "办件公示", body)

    @app.get("/disclosure/staff", response_class=HTMLResponse, include_in_schema=False)
    def staff() -> HTMLResponse:
        rows = [[s.window_name, s.staff_name or "—", s.staff_number or "—", s.duties or "—"] for s in disclosure.staff]
        headings = ("窗口 Window", "姓名 Name", "工号 Staff No.", "岗位职责 Duties")
        body = f"<section><h2>窗口人员公示 <small>Window staff</small></h2>{table(headings, rows, '暂无')}</section>"
        return page(name, "staff", "窗口人员公示", body)

    @app.get("/disclosure/files/{sha256}", include_in_schema=False)
    async def public_file(sha256: Annotated[str, Path(pattern=SHA256)]) -> Response:
        return await published_file(disclosure, sha256)

    add_manage_page(app)


async def published_file(disclosure: Disclosure, sha256: str) -> Response:
    """An attachment of a published notice, under its name; 404 for any other file (a withdrawn notice's too)."""
    found = await run_in_threadpool(disclosure.notices.published_file, sha256)
    store = disclosure.notices.attachments
    if found is None or not store.has(sha256):
        message = "没有此附件，或所属公告已撤回 / no such attachment, or its notice was withdrawn"
        return JSONResponse({"error": "not_found", "message": message}, status_code=404)
    return FileResponse(store.path_for(sha256), media_type=found.media_type, filename=found.name)
