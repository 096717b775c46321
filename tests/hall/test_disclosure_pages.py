"""The public 政务公开 pages, on SQLite and PostgreSQL, without a login: markup shows as text, a withdrawn notice is
gone, 办件公示 masks names and numbers and shows no ID number, phone or address, the staff board names each window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hall.server import Hall
from tests.hall.test_disclosure import MARKUP_BODY, MARKUP_TITLE, notice
from tests.support.filings import ID_NUMBER, FilingApi, filing_api


@pytest.fixture
def api(hall: Hall) -> Iterator[FilingApi]:
    with filing_api(hall) as built:
        yield built


def publish(api: FilingApi, **changes: Any) -> int:
    answer = api.client.post("/api/v1/disclosure/notices", json=notice(**changes), headers=api.supervisor)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def page(api: FilingApi, path: str) -> str:
    answer = api.client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


def test_markup_in_a_notice_shows_as_text_on_the_list_and_the_notice(api: FilingApi) -> None:
    notice_id = publish(api, title=MARKUP_TITLE, body=MARKUP_BODY)
    for shown in (page(api, "/disclosure"), page(api, f"/disclosure/notices/{notice_id}")):
        assert "<script>alert" not in shown and "<b>办公时间</b>" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "&lt;b&gt;办公时间&lt;/b&gt;" in shown
    article = page(api, f"/disclosure/notices/{notice_id}")
    assert "<p>&lt;b&gt;即日起&lt;/b&gt;大厅周六上午开放。" in article  # each paragraph its own <p>
    policy = api.client.get(f"/disclosure/notices/{notice_id}").headers["content-security-policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy  # nothing could run even if it got in


def test_a_withdrawn_notice_is_gone_from_the_public_pages(api: FilingApi) -> None:
    notice_id = publish(api, title="将被撤回的公告")
    kept = publish(api, title="关于开展政策文件解读的通知", kind="policy")
    assert "将被撤回的公告" in page(api, "/disclosure")
    api.client.post(f"/api/v1/disclosure/notices/{notice_id}/withdraw", headers=api.supervisor)
    assert "将被撤回的公告" not in page(api, "/disclosure")
    gone = api.client.get(f"/disclosure/notices/{notice_id}")
    assert gone.status_code == 404 and "已撤回" in gone.text
    assert "关于开展政策文件解读的通知" in page(api, "/disclosure?kind=policy")
    assert "关于开展政策文件解读的通知" in page(api, f"/disclosure/notices/{kept}")


def test_notices_are_found_by_keyword_or_pinyin_initials(api: FilingApi) -> None:
    publish(api, title="关于春节期间办公时间调整的通知")
    publish(api, title="不动产登记窗口搬迁公告")
    assert "不动产登记窗口搬迁公告" not in page(api, "/disclosure?q=cjqj")
    assert "关于春节期间办公时间调整的通知" in page(api, "/disclosure?q=cjqj")
    assert "关于春节期间办公时间调整的通知" not in page(api, "/disclosure?q=搬迁")


def test_concluded_filings_are_listed_masked_and_nothing_else_of_the_applicant(api: FilingApi) -> None:
    done = api.filed(1, applicant={"name": "欧阳小明", "id_number": ID_NUMBER, "phone": "13800138000"})
    refused = api.filed(2)
    waiting = api.filed(3)
    api.act(done["id"], "accept")
    api.act(done["id"], "approve")
    api.act(refused["id"], "reject", {"reason": "非本市户籍"})
    shown = page(api, "/disclosure/filings")
    assert "欧***" in shown and "欧阳小明" not in shown and "张*" in shown and "张三" not in shown
    assert "K01-********-*001" in shown and "K01-20261123-0001" not in shown
    assert "已办结" in shown and "不予受理" in shown and masked_tail(waiting["number"]) not in shown
    assert shown.count("<tr>") == 3  # the heading and the two concluded filings; the waiting one is not public
    for secret in (ID_NUMBER, ID_NUMBER[-4:], "13800138000", "138 0013 8000", "入户地", "张小宝"):
        assert secret not in shown
    kiosk = api.client.get("/api/v1/disclosure", headers=api.kiosk).json()["filings"]
    assert sorted(f["applicant_masked"] for f in kiosk) == ["张*", "欧***"]
    assert ID_NUMBER not in str(kiosk) and "13800138000" not in str(kiosk)


def masked_tail(number: str) -> str:
    return "*" + number[-3:]


def test_the_staff_board_names_each_window_its_staff_and_duties(api: FilingApi) -> None:
    shown = page(api, "/disclosure/staff")
    for words in ("1号窗口", "李明", "1001", "社保医保业务受理；绿色通道；预约办理", "3号窗口", "陈静", "1003"):
        assert words in shown
    staff = api.client.get("/api/v1/disclosure", headers=api.kiosk).json()["staff"]
    assert staff[0] == {
        "window": 1,
        "window_name": "1号窗口",
        "window_name_en": "Window 1",
        "staff_name": "李明",
        "staff_number": "1001",
        "duties": "社保医保业务受理；绿色通道；预约办理",
        "duties_en": "Social and medical insurance; green channel; appointments",
    }


def test_fee_schedules_come_from_the_catalog(api: FilingApi, hall: Hall) -> None:
    shown = page(api, "/disclosure/fees")
    fees = [(item, fee) for item in hall.app.state.catalog.items for fee in item.fees]
    assert fees, "the shipped catalog has fees"
    for item, fee in fees:
        assert item.name in shown and fee.amount in shown and fee.basis in shown


def test_the_public_pages_are_rate_limited_like_the_ticket_page(api: FilingApi, hall: Hall) -> None:
    burst = hall.config.limits.public_burst
    hall.app.state.rate_limits.clock = lambda: 0.0  # time stands still: nothing refills the bucket meanwhile
    answers = [api.client.get("/disclosure/staff").status_code for _ in range(burst + 1)]
    assert answers[:burst] == [200] * burst and answers[-1] == 429
