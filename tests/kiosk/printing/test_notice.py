"""A 政务公开 notice on paper, read back from the real ESC/POS bytes: title, number, issuer, date, every paragraph
wrapped to the paper (no line wider than it), the attachments' names, the kept copy's day when the hall was away."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from common.hallapi.disclosure import NoticeAttachmentOut, NoticeOut
from devices.printer import PaperSpec
from devices.textwidth import display_width
from kiosk.printing.notice import printed_notice
from tests.kiosk.printing.test_english_paper import printed_lines
from tests.support.hall import SHANGHAI

PAPER_80 = PaperSpec(576, 80)
PAPER_58 = PaperSpec(384, 58)
papers = pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
AT = datetime(2026, 12, 5, 2, 30, tzinfo=UTC)
NOTICE = NoticeOut(
    id=1,
    kind="policy",
    title="关于<b>进一步</b>规范政务服务收费公示工作的通知（示例）",
    issuer="示例市发展和改革委员会",
    number="示例发改价〔2026〕23号",
    date=date(2026, 9, 1),
    body="各有关单位：\n\n一、各窗口单位应在政务服务中心收费公示栏和自助终端同步公开收费项目、收费标准和收费依据。\n\n"
    "二、<script>未列入</script>公示目录的项目，一律不得收费。",
    attachments=[NoticeAttachmentOut(sha256="a" * 64, name="收费目录.pdf", media_type="application/pdf", size=2048)],
    pinned=False,
    status="published",
    initials="gyjybfzwfwsfgsgzdtzsl",
    published_at=AT,
    updated_at=AT,
)


@papers
def test_the_notice_prints_whole_in_chinese_and_fits_the_paper(paper: PaperSpec) -> None:
    lines = printed_lines(printed_notice(NOTICE, paper, printed_at=AT, zone=SHANGHAI), paper)
    text = "".join(line.strip() for line in lines)
    assert lines[0].strip() == "政策文件"
    for part in ("示例发改价〔2026〕23号", "发布机关：示例市发展和改革委员会", "发布日期：2026-09-01", "收费目录.pdf"):
        assert part in text
    assert "<b>进一步</b>" in text and "<script>未列入</script>" in text  # markup prints as typed
    assert "一、各窗口单位应在政务服务中心收费公示栏和自助终端同步公开收费项目、收费标准和收费依据。" in text
    assert "打印时间：2026-12-05 10:30" in text and "本机保存" not in text
    assert all(display_width(line) <= paper.columns for line in lines)
    assert any(line.startswith("    一、") for line in lines)  # each paragraph indented


def test_a_copy_printed_while_the_hall_was_away_says_its_day() -> None:
    lines = printed_lines(
        printed_notice(NOTICE, PAPER_80, printed_at=AT, zone=SHANGHAI, copy_of=date(2026, 12, 4)), PAPER_80
    )
    assert any("本机保存的 12月4日 的内容" in line for line in lines)
    english = printed_lines(
        printed_notice(NOTICE, PAPER_80, printed_at=AT, zone=SHANGHAI, language="en", copy_of=date(2026, 12, 4)),
        PAPER_80,
    )
    assert english[0].strip() == "Policy documents" and any("kept on 2026-12-04" in line for line in english)
