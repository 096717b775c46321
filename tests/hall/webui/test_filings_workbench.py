"""The filing workbench over HTTP: what a staff member sees (their windows' items only), the list's time limits in
working days with its filters, sorting and export, the detail with the ID number masked and its logged reveal, and
the documents rendered for the page."""

from __future__ import annotations

import csv
import io
import uuid

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from hall.server import Hall
from tests.hall.webui.workbench import (
    SOCIAL_CARD,
    attached,
    audit_actions,
    filed,
    pdf_bytes,
    png_bytes,
    social_card_body,
    unemployment_body,
)
from tests.support.browser import signed_in_client
from tests.support.clocks import FrozenClock
from tests.support.filings import ID_NUMBER, FilingApi, filing_api, filing_body


def test_staff_see_their_windows_items_only(hall: Hall, staff_token: str, supervisor_token: str) -> None:
    with filing_api(hall) as api:
        mine = filed(api, social_card_body(1, "李四"))
        other = filed(api, filing_body(2))  # 出生登记: window 1's, not window 2's
        with TestClient(hall.app) as staff:
            signed_in_client(staff, staff_token)
            page = staff.get("/web/filings")
            assert page.status_code == 200
            assert "李四" in page.text and "K01-20261123-0001" in page.text
            assert "K01-20261123-0002" not in page.text and "张三" not in page.text
            assert staff.get(f"/web/filings/{mine}").status_code == 200
            for path in (f"/web/filings/{other}", f"/web/filings/{uuid.uuid4()}", "/web/filings/not-an-id"):
                refused = staff.get(path)
                assert refused.status_code == 404, path
                assert "没有这份申报" in refused.text and "Traceback" not in refused.text
            assert staff.post(f"/web/filings/{other}/accept", data={"csrf": "x"}).status_code in (403, 404)
            exported = staff.get("/web/filings/export?status=all&format=csv").content.decode("utf-8-sig")
            assert "李四" in exported and "张三" not in exported
        with TestClient(hall.app) as supervisor:
            signed_in_client(supervisor, supervisor_token)
            page = supervisor.get("/web/filings").text
            assert "李四" in page and "K01-20261123-0002" in page
            assert supervisor.get(f"/web/filings/{other}").status_code == 200


def test_the_list_counts_working_days_and_filters(hall: Hall, clock: FrozenClock, supervisor_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        card = filed(api, social_card_body(1, "李四"))  # promised 0 days: due Monday 23rd, the day it came
        filed(api, unemployment_body(2, "赵六"))  # promised 3 days: due Thursday 26th
        filed(api, filing_body(3))  # 出生登记 of 张三: promised 1 day, due Tuesday 24th
        clock.advance(days=2)  # Wednesday 25th
        signed_in_client(client, supervisor_token)
        page = client.get("/web/filings").text
        assert "逾期 2 个工作日" in page  # the social card, since Monday
        assert "逾期 1 个工作日" in page  # the birth registration, since Tuesday
        assert "临期 · 剩余 1 个工作日" in page  # unemployment: Thursday is one working day away
        red = client.get("/web/filings?level=red").text
        assert "李四" in red and "张三" in red and "赵六" not in red
        assert "赵六" in client.get("/web/filings?q=赵六").text
        assert "李四" not in client.get("/web/filings?q=赵六").text
        assert "李四" in client.get("/web/filings?q=0001").text
        assert "李四" not in client.get("/web/filings?from=2026-11-24").text
        by_due = client.get("/web/filings?sort=due").text
        assert by_due.index("李四") < by_due.index("张三") < by_due.index("赵六")
        by_due_desc = client.get("/web/filings?sort=due&order=desc").text
        assert by_due_desc.index("赵六") < by_due_desc.index("张三")
        assert "李四" not in client.get("/web/filings?status=accepted").text
        wrong = client.get("/web/filings?from=yesterday&level=purple")
        assert wrong.status_code == 422
        assert "日期格式应为" in wrong.text and "没有这个预警等级" in wrong.text

        # Accepted on Wednesday: its clock starts again from that day (the social card: 0 days, due today).
        seen = client.get(f"/web/filings/{card}").text
        assert "自接收日 2026-11-23 起算" in seen
        api.act(card, "accept")
        accepted = client.get("/web/filings?status=accepted").text
        assert "李四" in accepted and "临期 · 今日到期" in accepted
        assert "自受理日 2026-11-25 起算" in client.get(f"/web/filings/{card}").text


def test_the_filtered_list_exports_as_csv_and_xlsx(hall: Hall, supervisor_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filed(api, social_card_body(1, "=李四"))
        filed(api, unemployment_body(2, "赵六"))
        signed_in_client(client, supervisor_token)
        answer = client.get(f"/web/filings/export?item={SOCIAL_CARD}&format=csv")
        assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows[0][0] == "受理号 Number" and len(rows) == 2
        assert rows[1][3] == "'=李四"  # a name a spreadsheet would take for a formula
        answer = client.get("/web/filings/export?format=xlsx")
        assert "attachment" in answer.headers["content-disposition"]
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet is not None
        assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"'=李四", "赵六"}
        assert ("supervisor-zhang", "web.filing.export", 200) in audit_actions(hall)


def test_the_id_number_is_masked_and_shown_whole_only_on_a_logged_request(hall: Hall, staff_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filing = filed(api, social_card_body(1))
        csrf = signed_in_client(client, staff_token)
        page = client.get(f"/web/filings/{filing}").text
        assert "110101********1233" in page and ID_NUMBER not in page
        assert "申请人身份证号码" in page  # the form's labels come from the catalog item
        refused = client.post(f"/web/filings/{filing}/reveal-id", data={"csrf": "forged"})
        assert refused.status_code == 403 and ID_NUMBER not in refused.text
        shown = client.post(f"/web/filings/{filing}/reveal-id", data={"csrf": csrf})
        assert shown.status_code == 200 and ID_NUMBER in shown.text and "记入审计日志" in shown.text
        assert shown.headers["cache-control"] == "no-store"
        assert ID_NUMBER not in client.get(f"/web/filings/{filing}").text  # once: the next view is masked again
        assert ("staff-1002", "web.filing.reveal_id", 200) in audit_actions(hall)
        assert ("staff-1002", "web.filing.read_detail", 200) in audit_actions(hall)


def test_citizens_markup_shows_as_text(hall: Hall, staff_token: str) -> None:
    script, image = "<script>alert(1)</script>", '<img src=x onerror="alert(2)">'
    with filing_api(hall) as api, TestClient(hall.app) as client:
        body = social_card_body(1, "李四")
        body["form"]["mail_address"] = f"{script}{image}"
        body["form"]["applicant_name"] = image
        filing = filed(api, body)
        signed_in_client(client, staff_token)
        for page in (client.get(f"/web/filings/{filing}").text, client.get("/web/filings").text):
            assert script not in page and "<img src=x" not in page
        detail = client.get(f"/web/filings/{filing}").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
        assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in detail


def _with_documents(api: FilingApi) -> tuple[str, dict[str, str]]:
    photo = attached(api, png_bytes(), "image/png", "身份证.png", "本人居民身份证")
    scan = attached(api, pdf_bytes(2), "application/pdf", "证明.pdf", "损坏的原社会保障卡")
    filing = filed(api, social_card_body(1, attachments=[photo, scan]))
    return filing, {"photo": photo["sha256"], "scan": scan["sha256"]}


def test_attachments_show_in_the_page_images_and_pdf_pages(hall: Hall, staff_token: str) -> None:
    with filing_api(hall) as api, TestClient(hall.app) as client:
        filing, names = _with_documents(api)
        other = filed(api, filing_body(2, attachments=[attached(api, png_bytes(), "image/png", "x.png", "x")]))
        signed_in_client(client, staff_token)
        page = client.get(f"/web/filings/{filing}").text
        base = f"/web/filings/{filing}/files"
        assert f'src="{base}/{names["photo"]}"' in page
        assert f'src="{base}/{names["scan"]}/pages/1"' in page and f'src="{base}/{names["scan"]}/pages/2"' in page
        photo = client.get(f"{base}/{names['photo']}")
        assert photo.status_code == 200 and photo.headers["content-type"] == "image/png"
        assert photo.content == png_bytes()
        rendered = client.get(f"{base}/{names['scan']}/pages/2")
        assert rendered.status_code == 200 and rendered.content.startswith(b"\x89PNG")
        for missing in (f"{base}/{names['scan']}/pages/3", f"{base}/{names['scan']}/pages/x", f"{base}/{'0' * 64}"):
            answer = client.get(missing)
            assert answer.status_code == 404 and "text/html" in answer.headers["content-type"], missing
        # The other filing's attachment is out of window 2's scope, by its own address and through this filing's.
        other_photo = api.client.get(f"/api/v1/filings/{other}/detail", headers=api.staff).json()
        sha = other_photo["attachments"][0]["sha256"]
        assert client.get(f"/web/filings/{other}/files/{sha}").status_code == 404
        actions = audit_actions(hall)
        assert ("staff-1002", "web.filing.document", 200) in actions
        assert ("staff-1002", "web.filing.document_page", 200) in actions
