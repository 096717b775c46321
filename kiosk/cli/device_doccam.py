"""`kiosk device doccam`: one page from a document camera (高拍仪), stored as the filing wizard would store it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from devices.document_camera import DocumentCamera, NoPage, Page
from devices.simulator import Simulator
from drivers.camera.document import PageOptions
from drivers.camera.factory import create_document_camera
from drivers.camera.virtual_document import VirtualDocumentCamera

USAGE = "用法 / usage: kiosk device doccam URL [--out page.jpg|page.pdf] [--pages N] [--quality Q] [--json]"


def register(actions: Any) -> None:
    doccam = actions.add_parser(
        "doccam",
        help="capture a page from a document camera (高拍仪) and say what was found",
        description="Capture pages from a document camera, find the page, de-skew and store it as JPEG or PDF.",
    )
    doccam.add_argument("url", help="e.g. camera://0?width=3264&height=2448, camera://file/PATH, sim://")
    doccam.add_argument("--out", type=Path, help="write the page here: .jpg (one page) or .pdf (all pages)")
    doccam.add_argument("--pages", type=int, default=1, metavar="N", help="pages to capture (default 1)")
    doccam.add_argument("--quality", type=int, default=PageOptions.jpeg_quality, metavar="Q", help="JPEG 40-95")
    doccam.add_argument("--raw-light", action="store_true", help="keep the light as photographed")
    doccam.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds to wait for a frame")
    doccam.add_argument("--json", action="store_true", help="one JSON object per page instead of text")
    doccam.set_defaults(handler=_doccam)


def _bad_args(args: argparse.Namespace) -> str | None:
    suffix = args.out.suffix.lower() if args.out else ""
    if not 40 <= args.quality <= 95:
        return "--quality 应为 40 到 95 / --quality must be 40 to 95"
    if args.pages < 1 or args.timeout <= 0:
        return "--pages 和 --timeout 必须大于 0 / --pages and --timeout must be positive"
    if args.out and suffix not in {".jpg", ".jpeg", ".pdf"}:
        return "--out 应以 .jpg 或 .pdf 结尾 / --out must end in .jpg or .pdf"
    if args.out and args.pages > 1 and suffix != ".pdf":
        return "多页请存为 .pdf / several pages go into a .pdf"
    return None


def _doccam(args: argparse.Namespace) -> int:
    problem = _bad_args(args)
    if problem:
        print(f"{problem}\n{USAGE}", file=sys.stderr)
        return 2
    camera = create_document_camera(args.url, jpeg_quality=args.quality, even_light=not args.raw_light)
    try:
        camera.open()
        pages = _capture(camera, args)
    finally:
        camera.close()
    if isinstance(pages, str):
        print(json.dumps({"found": False, "error": pages}, ensure_ascii=False) if args.json else pages)
        return 1
    if args.out:
        as_pdf = args.out.suffix.lower() == ".pdf"
        data = camera.material_pdf(pages) if as_pdf else pages[0].jpeg
        args.out.write_bytes(data)
        if not args.json:
            print(f"已保存 / saved: {args.out} ({len(data)} bytes)")
    return 0


def _capture(camera: DocumentCamera, args: argparse.Namespace) -> list[Page] | str:
    """The pages asked for, or why not (in words for the technician)."""
    if not camera.status.usable:
        return f"{camera.status.describe()}: {camera.status.detail}"
    pages: list[Page] = []
    for number in range(1, args.pages + 1):
        if number > 1:
            _next_page(camera.simulator)
        result = camera.capture(args.timeout)
        if isinstance(result, NoPage):
            return f"第 {number} 页 / page {number}: {result.words} ({result.why})"
        pages.append(result)
        _say(number, result, args.json)
    return pages


def _next_page(simulator: Simulator | None) -> None:
    """Between pages: the virtual camera gets a page laid anew; a person turns the page and presses Enter."""
    if isinstance(simulator, VirtualDocumentCamera):
        simulator.place()
        return
    print("请翻到下一页，然后按回车 / turn to the next page, then press Enter", file=sys.stderr, flush=True)
    sys.stdin.readline()


def _say(number: int, page: Page, as_json: bool) -> None:
    corners = [[round(x), round(y)] for x, y in page.corners]
    if as_json:
        fields = {"page": number, "found": True, "width": page.width, "height": page.height, "dpi": page.dpi}
        print(json.dumps({**fields, "bytes": len(page.jpeg), "corners": corners, "frame": list(page.frame_size)}))
        return
    shape = f"A4, {page.dpi} dpi" if page.dpi else "not A4"
    print(
        f"第 {number} 页 / page {number}: 找到 / found, {page.width}x{page.height} px ({shape}), {len(page.jpeg)} bytes"
    )
    print(f"  角点 / corners in the {page.frame_size[0]}x{page.frame_size[1]} frame: {corners}")
