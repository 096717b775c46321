"""The document camera (高拍仪) as the application sees it: preview frames for the screen while the citizen lays a
page down, and a capture that gives either the page, found, de-skewed, cropped and stored as JPEG, or a typed
"no page" answer with words for the citizen. Never an exception for a frame without a page."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from devices.device import Device
from devices.words import Words

Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]
"""The page's corners in the frame, in frame pixels: top left, top right, bottom right, bottom left."""


class Missing(StrEnum):
    """Why a capture holds no page."""

    NO_PAGE = "no_page"  # nothing page-like in view
    PARTIAL = "partial"  # a page, but part of it lies outside the frame
    NO_FRAME = "no_frame"  # the camera delivered no picture in time (unplugged, silent)


MISSING_WORDS: dict[Missing, Words] = {
    Missing.NO_PAGE: Words("请把材料平放在拍摄区内", "Lay the page flat inside the frame"),
    Missing.PARTIAL: Words("请把整页材料放在拍摄区内", "Move the whole page inside the frame"),
    Missing.NO_FRAME: Words(
        "高拍仪暂时无法拍摄，请联系工作人员", "The document camera is not working; please ask staff"
    ),
}


@dataclass(frozen=True)
class Page:
    """One page as stored: JPEG bytes of the de-skewed, cropped page, its size in pixels, where it lay."""

    jpeg: bytes
    width: int
    height: int
    corners: Corners
    frame_size: tuple[int, int]  # width, height of the frame it was found in
    dpi: int  # the resolution the page was scaled to, for an A4 page; 0 when the page's size is not known
    thumbnail: bytes = b""  # a small JPEG of the stored page (long side 320 px) for the retake screen
    found: Literal[True] = True
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class NoPage:
    """A capture without a usable page: why, and what to tell the citizen. ``corners``: the page seen partly.
    ``frame_jpeg``: the whole frame as taken (empty for NO_FRAME), for a screen that lets the citizen keep it,
    as for a material too small to be found as a page (a photo, a card)."""

    why: Missing
    corners: Corners | None = None
    frame_size: tuple[int, int] = (0, 0)
    frame_jpeg: bytes = b""
    thumbnail: bytes = b""  # the whole frame small (long side 320 px); empty for NO_FRAME
    found: Literal[False] = False

    @property
    def words(self) -> Words:
        return MISSING_WORDS[self.why]


Capture = Page | NoPage


@dataclass(frozen=True)
class PreviewFrame:
    """A frame scaled down for the screen: RGB bytes, 3 per pixel, row after row (a QImage of Format_RGB888
    takes them as they are), the same as JPEG, and the page's corners found in it, in preview pixels (None: no
    whole page seen)."""

    rgb: bytes
    width: int
    height: int
    corners: Corners | None
    sequence: int  # counts the frames the camera delivered; a screen skips a preview it has shown
    jpeg: bytes = b""


PreviewListener = Callable[[PreviewFrame], None]


class DocumentCamera(Device):
    """A camera over a desk mat that photographs the citizen's materials page by page."""

    name = "document_camera"

    @abstractmethod
    def on_preview(self, listener: PreviewListener) -> Callable[[], None]:
        """Each preview frame, on the camera's thread (a UI hands it to its own); returns the unsubscribe."""

    @abstractmethod
    def latest_preview(self) -> PreviewFrame | None:
        """The newest preview frame, or None before the first frame."""

    @abstractmethod
    def capture(self, timeout: float = 3.0) -> Capture:
        """The next frame the camera delivers, processed: a Page, or a NoPage saying why. Runs the processing
        on the caller's thread (a few hundred milliseconds): call it off the UI thread."""

    @abstractmethod
    def material_pdf(self, pages: Sequence[Page]) -> bytes:
        """The pages of one material as one PDF, one page per Page, each page's JPEG inside as it is."""
