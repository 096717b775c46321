"""index.html for the demo: every screenshot by language and mode, then every receipt the virtual printer made."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


class ShotLike(Protocol):
    @property
    def scene(self) -> str: ...

    @property
    def variant(self) -> str: ...

    @property
    def path(self) -> Path: ...


STYLE = """
body { font-family: "Noto Sans CJK SC", sans-serif; background: #eef2f7; color: #1c2733; margin: 24px; }
h1 { color: #0b4f9c; } h2 { border-bottom: 2px solid #d3dbe5; padding-bottom: 6px; margin-top: 40px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 18px; }
figure { margin: 0; background: #fff; border: 1px solid #d3dbe5; border-radius: 10px; padding: 8px; }
figure img { width: 100%; display: block; border-radius: 6px; }
figcaption { font-size: 14px; margin-top: 6px; word-break: break-all; }
.receipts figure img { width: auto; max-width: 100%; }
"""


def figure(path: Path, root: Path, caption: str) -> str:
    source = html.escape(path.relative_to(root).as_posix())
    return f'<figure><a href="{source}"><img src="{source}" loading="lazy" alt="{html.escape(caption)}"></a>' + (
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def write_contact_sheet(out: Path, shots: Sequence[ShotLike], printed: Sequence[Path], titles: dict[str, str]) -> Path:
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>自助终端界面演示 / Kiosk UI demo</title><style>{STYLE}</style></head><body>",
        "<h1>自助终端界面演示 / Kiosk UI demo</h1>",
        f"<p>{len(shots)} 张截图，{len(printed)} 张打印小票 / {len(shots)} screenshots, {len(printed)} receipts</p>",
    ]
    variants = list(dict.fromkeys(shot.variant for shot in shots))
    for variant in variants:
        parts.append(f'<h2>{html.escape(titles.get(variant, variant))}</h2><div class="grid">')
        parts.extend(figure(s.path, out, s.scene) for s in shots if s.variant == variant)
        parts.append("</div>")
    parts.append('<h2>打印输出 / Printed by the virtual printer</h2><div class="grid receipts">')
    parts.extend(figure(path, out, path.stem) for path in printed)
    parts.append("</div></body></html>")
    index = out / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index
