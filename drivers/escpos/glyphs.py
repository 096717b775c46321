"""Text as 1-bit bitmaps on a thermal printer's cell grid (12x24 half-width, 24x24 Chinese) using a CJK font."""

from __future__ import annotations

import subprocess
import threading
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from devices.textwidth import char_width

CELL_WIDTH = 12  # dots of a half-width cell, as the printer's font A; a Chinese character takes two
CELL_HEIGHT = 24

# Noto's mono CJK face draws Latin at exactly half an em, so at these sizes a half-width glyph fills ~10 of its
# 12 dots and a Chinese glyph ~22 of its 24, leaving the small gap a printer's own fonts leave between cells.
_HALF_SIZE = 20
_FULL_SIZE = 22
# Shared by both sizes so mixed Latin and Chinese sit on one line; low enough for Chinese punctuation's marks.
_BASELINE = 19
_PREFERRED_FAMILIES = ("Noto Sans Mono CJK SC", "CJK SC", " SC")

_KNOWN_FONTS: dict[bool, tuple[str, ...]] = {
    True: (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    ),
    False: (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ),
}

# Ink is wherever antialiased coverage reaches half: the same threshold the final conversion to 1-bit uses.
_INK_LUT = [255 if v < 128 else 0 for v in range(256)]

_Box = tuple[int, int, int, int]
# One FreeType face must not render from two threads at once (the virtual printer draws while a driver encodes).
_FREETYPE_LOCK = threading.Lock()


class FontNotFoundError(RuntimeError):
    """No font with Chinese glyphs is installed."""


@cache
def cjk_font_path(bold: bool = False) -> Path:
    """A font file with Chinese glyphs; bold falls back to the regular file (then emboldened by double strike)."""
    found = _fc_match(bold) or next((Path(p) for p in _KNOWN_FONTS[bold] if Path(p).is_file()), None)
    if found is not None:
        return found
    if bold:
        return cjk_font_path(False)
    raise FontNotFoundError(
        "未找到中文字体，无法绘制小票文字：请安装 fonts-noto-cjk（sudo apt install fonts-noto-cjk）。"
        " No CJK font found to draw receipt text: install fonts-noto-cjk (sudo apt install fonts-noto-cjk)."
    )


def _fc_match(bold: bool) -> Path | None:
    # fc-match always answers with its best guess, so only take a font that really covers simplified Chinese.
    pattern = "Noto Sans Mono CJK SC:lang=zh-cn" + (":style=Bold" if bold else "")
    try:
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{style}\t%{lang}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, rest = result.stdout.partition("\t")
    style, _, langs = rest.partition("\t")
    if not file or "zh-cn" not in langs.split("|") or (bold and "Bold" not in style):
        return None
    path = Path(file)
    return path if path.is_file() else None


@cache
def _face_index(path: Path) -> int:
    """The simplified-Chinese face of a collection: a .ttc's first face is often the Japanese one."""
    names: list[str] = []
    for index in range(64):
        try:
            names.append(ImageFont.truetype(str(path), CELL_HEIGHT, index=index).getname()[0] or "")
        except OSError:
            break
    for wanted in _PREFERRED_FAMILIES:
        for index, name in enumerate(names):
            if wanted in name:
                return index
    return 0


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    path = cjk_font_path(bold)
    return ImageFont.truetype(str(path), size, index=_face_index(path))


def clusters(text: str) -> list[tuple[str, int]]:
    """Text as draw_text lays it out: each character with its combining marks, and the 12-dot cells it takes."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFC", text):
        cells = char_width(ch)
        if cells == 0 and out:
            out[-1] = (out[-1][0] + ch, out[-1][1])
        elif cells:
            out.append((ch, cells))
    return out


def draw_text(text: str, *, width: int = 1, height: int = 1, bold: bool = False) -> Image.Image:
    """Text in the printer's cell grid, magnified like the printer's ``GS !``: mode "1", 0 = ink, 24*height tall.

    Each cell is 12 dots wide (24 for a full-width character) times ``width``; an empty text is 0 dots wide.
    """
    if width < 1 or height < 1:
        raise ValueError("character magnification must be at least 1")
    laid_out = clusters(text)
    line = Image.new("1", (sum(cells for _, cells in laid_out) * CELL_WIDTH, CELL_HEIGHT), 1)
    x = 0
    for cluster, cells in laid_out:
        line.paste(_glyph(cluster, cells, bold), (x, 0))
        x += cells * CELL_WIDTH
    if (width, height) != (1, 1):
        # Printers magnify by repeating dots, never by drawing a bigger outline.
        line = line.resize((line.width * width, CELL_HEIGHT * height), Image.Resampling.NEAREST)
    return line


@lru_cache(maxsize=8192)
def _glyph(cluster: str, cells: int, bold: bool) -> Image.Image:
    """One character centred in its cell by its advance, so columns line up as on a printer."""
    cell_width = cells * CELL_WIDTH
    pad = CELL_HEIGHT
    canvas = Image.new("L", (cell_width + 2 * pad, CELL_HEIGHT + 2 * pad), 255)
    draw = ImageDraw.Draw(canvas)
    font = _font(_FULL_SIZE if cells > 1 else _HALF_SIZE, bold)
    try:
        with _FREETYPE_LOCK:
            draw.text((pad + cell_width / 2, pad + _BASELINE), cluster, font=font, fill=0, anchor="ms")
    except (ValueError, OSError, UnicodeError):
        # Text the font engine refuses (a lone surrogate): the hollow box printers show for a missing glyph.
        draw.rectangle((pad + 2, pad + 3, pad + cell_width - 3, pad + _BASELINE), outline=0, width=2)
    cell = (pad, pad, pad + cell_width, pad + CELL_HEIGHT)
    box = _fit(cell, canvas.point(_INK_LUT).getbbox())
    glyph = canvas.crop(box)
    if glyph.size != (cell_width, CELL_HEIGHT):
        glyph = glyph.resize((cell_width, CELL_HEIGHT), Image.Resampling.BOX)
    mono = glyph.convert("1", dither=Image.Dither.NONE)
    if bold and cjk_font_path(True) == cjk_font_path(False):
        # No bold face: strike again one dot to the right, as the printer's emphasised mode does.
        shifted = Image.new("1", mono.size, 1)
        shifted.paste(mono.crop((0, 0, mono.width - 1, mono.height)), (1, 0))
        mono = ImageChops.logical_and(mono, shifted)
    return mono


def _fit(cell: _Box, ink: _Box | None) -> _Box:
    """The crop that keeps all the ink: the cell, slid over ink that spills out, grown if the ink is larger."""
    if ink is None:
        return cell
    x0, x1 = _fit_span(cell[0], cell[2], ink[0], ink[2])
    y0, y1 = _fit_span(cell[1], cell[3], ink[1], ink[3])
    return (x0, y0, x1, y1)


def _fit_span(low: int, high: int, ink_low: int, ink_high: int) -> tuple[int, int]:
    size = high - low
    if ink_high - ink_low > size:
        return min(low, ink_low), max(high, ink_high)
    if ink_low < low:
        return ink_low, ink_low + size
    if ink_high > high:
        return ink_high - size, ink_high
    return low, high
