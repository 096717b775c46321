"""The clean sample page the virtual document camera photographs: an A4 application form at 200 dpi with Chinese
text drawn in the CJK font the project installs, a filled-in table, a signature line and a red round stamp."""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from drivers.escpos.glyphs import cjk_font_path

A4_MM = (210.0, 297.0)
DPI = 200
A4_PX = (round(A4_MM[0] / 25.4 * DPI), round(A4_MM[1] / 25.4 * DPI))  # (1654, 2339)

Bgr = NDArray[np.uint8]

TITLE = "居民身份证申领登记表"
FIELDS = (
    ("姓名", "张晓明", "性别", "男"),
    ("民族", "汉", "出生日期", "1988年03月16日"),
    ("住址", "上海市黄浦区人民路一百二十三弄4号", "", ""),
    ("联系电话", "138 0013 8000", "申领原因", "有效期满换领"),
)
BODY = (
    "本人承诺所填写的信息真实、准确、完整，并对其真实性负责。如有虚假，",
    "愿意承担相应的法律责任。本人已阅读并知悉《居民身份证法》的有关规定，",
    "同意由受理机关核验本人的户籍信息和人像信息，用于办理本次申领业务。",
    "所附材料：户口簿原件及复印件一份，近期免冠彩色照片两张。",
)
STAMP_TEXT = "黄浦区政务服务中心"


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    path = cjk_font_path(False)
    # A .ttc holds several faces; the simplified-Chinese one draws 户, 区 and 证 as printed in the mainland.
    for index in range(16):
        try:
            face = ImageFont.truetype(str(path), size, index=index)
        except OSError:
            break
        if "SC" in (face.getname()[0] or ""):
            return face
    return ImageFont.truetype(str(path), size)


def _stamp(page: Image.Image, centre: tuple[int, int], radius: int) -> None:
    """A round official seal: red ring, a five-pointed star, the office's name along the upper arc."""
    draw = ImageDraw.Draw(page)
    red = (205, 30, 35)
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=max(6, radius // 18))
    star = []
    for i in range(10):
        r = radius * (0.30 if i % 2 == 0 else 0.12)
        angle = math.pi / 2 + i * math.pi / 5
        star.append((x + r * math.cos(angle), y - r * math.sin(angle)))
    draw.polygon(star, fill=red)
    font = _font(radius // 4)
    span = math.radians(220)
    for i, char in enumerate(STAMP_TEXT):
        angle = math.pi / 2 + span / 2 - span * (i + 0.5) / len(STAMP_TEXT)
        cx, cy = x + radius * 0.72 * math.cos(angle), y - radius * 0.72 * math.sin(angle)
        glyph = Image.new("L", (radius // 3, radius // 3), 0)
        ImageDraw.Draw(glyph).text((radius // 6, radius // 6), char, font=font, fill=255, anchor="mm")
        turned = glyph.rotate(math.degrees(angle - math.pi / 2), resample=Image.Resampling.BICUBIC)
        layer = Image.new("RGB", turned.size, red)
        page.paste(layer, (round(cx - turned.width / 2), round(cy - turned.height / 2)), turned)


@functools.cache
def _page() -> Image.Image:
    width, height = A4_PX
    page = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    ink = (20, 20, 25)
    margin = 150
    draw.text((width // 2, 230), TITLE, font=_font(72), fill=ink, anchor="mm")
    draw.text((width - margin, 330), "编号：SQ-2026-120501", font=_font(30), fill=ink, anchor="rm")
    top, row = 390, 120
    columns = (margin, 420, 900, 1150, width - margin)
    for i, (k1, v1, k2, v2) in enumerate(FIELDS):
        y = top + i * row
        draw.line((margin, y, width - margin, y), fill=ink, width=3)
        middle = y + row // 2
        draw.text((columns[0] + 20, middle), k1, font=_font(38), fill=ink, anchor="lm")
        draw.text((columns[1] + 20, middle), v1, font=_font(38), fill=ink, anchor="lm")
        if k2:
            draw.line((columns[2], y, columns[2], y + row), fill=ink, width=3)
            draw.line((columns[3], y, columns[3], y + row), fill=ink, width=3)
            draw.text((columns[2] + 20, middle), k2, font=_font(38), fill=ink, anchor="lm")
            draw.text((columns[3] + 20, middle), v2, font=_font(38), fill=ink, anchor="lm")
    bottom = top + len(FIELDS) * row
    draw.line((margin, bottom, width - margin, bottom), fill=ink, width=3)
    for x in (columns[0], columns[1], columns[-1]):
        draw.line((x, top, x, bottom), fill=ink, width=3)
    for i, line in enumerate(BODY):
        draw.text((margin, bottom + 120 + i * 70), line, font=_font(40), fill=ink)
    sign_y = height - 600
    draw.text((margin, sign_y), "申请人（签名）：", font=_font(40), fill=ink)
    draw.line((margin + 330, sign_y + 50, margin + 800, sign_y + 50), fill=ink, width=2)
    draw.text((width - margin, sign_y + 160), "2026年12月5日", font=_font(40), fill=ink, anchor="rm")
    _stamp(page, (width - margin - 220, sign_y + 60), 190)
    draw.text((width // 2, height - 120), "第 1 页 共 1 页", font=_font(28), fill=ink, anchor="mm")
    return page


def sample_page() -> Bgr:
    """The clean page, 1654x2339 BGR (A4 at 200 dpi); read-only, the same array on every call."""
    return _sample_array()


@functools.cache
def _sample_array() -> Bgr:
    array = np.ascontiguousarray(np.asarray(_page(), dtype=np.uint8)[:, :, ::-1])
    array.flags.writeable = False
    return array
