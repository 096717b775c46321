"""The technician's test page (打印测试页): every text feature the documents use, the QR code, the paper setup."""

from __future__ import annotations

from devices.printer import Align, Document, PaperSpec, Rule, TextLine
from kiosk.printing.layout import centred, field, finish, fitting_width, qr_code

TEST_PAGE_TITLE = "打印测试页"
# python-escpos sends a line without a Han character as ASCII, so punctuation alone prints as ????.
PUNCTUATION_ONLY = "（）、。“”《》"
LATIN_AND_DIGITS = "ABCXYZ abcxyz 0123456789"
_MAX_SIZE = 8


def _ruler(cells: int) -> str:
    """Digits exactly one line wide: a last digit that wraps means dots_per_line is set wider than the paper."""
    return "".join(str(i % 10) for i in range(1, cells + 1))


def test_page(paper: PaperSpec, url: str, status_text: str) -> Document:
    """A page that shows at a glance whether sizes, bold, alignment, Chinese, QR and the paper width are right."""
    sizes = [TextLine(f"{n}倍", width=n, height=n) for n in range(1, _MAX_SIZE + 1)]
    return Document(
        "test_page",
        (
            centred(TEST_PAGE_TITLE, width=fitting_width(TEST_PAGE_TITLE, paper, 2), height=2, bold=True),
            Rule(),
            *sizes,
            Rule(),
            TextLine("粗体 Bold", bold=True),
            TextLine("左对齐 Left", align=Align.LEFT),
            TextLine("居中 Centre", align=Align.CENTER),
            TextLine("右对齐 Right", align=Align.RIGHT),
            Rule(),
            TextLine(PUNCTUATION_ONLY),
            TextLine(LATIN_AND_DIGITS),
            TextLine(_ruler(paper.columns)),
            Rule(),
            qr_code(url, paper),
            centred(url),
            Rule(),
            *field("纸宽", f"{paper.width_mm} mm（{paper.dots_per_line} 点）", paper),
            *field("每行", f"{paper.columns} 个半角字符", paper),
            *field("状态", status_text, paper),
            *finish(),
        ),
    )
