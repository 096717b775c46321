"""A document camera's frame in, a stored page out: find the page, de-skew it to its own aspect, even out the
light, encode as JPEG. Pure: no camera, no state; a frame without a page gives a NoPage, never an exception."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from devices.document_camera import Capture, Corners, Missing, NoPage, Page
from drivers.camera.pagefind import Outcome, Quad, find_page, side_lengths

Frame = NDArray[np.uint8]  # 2-D grayscale or 3-D BGR

A4_RATIO = 297 / 210
A4_TOLERANCE = 0.08  # a measured long/short ratio this close to A4's is taken as A4 (perspective, a curled edge)
MM_PER_INCH = 25.4
A4_PAGE_BUDGET = 300_000  # bytes: an A4 page at 200 dpi and the default quality stays under this
BLACK = 0.12  # a pixel this dark against its paper is full black
THUMBNAIL_SIDE = 320
INSET_PX = 3.0  # frame pixels the crop stays inside the found edge


@dataclass(frozen=True)
class PageOptions:
    """How a found page is stored. ``dpi``: an A4 page is scaled to this (200: 1654x2339 pixels), any other shape
    keeps the pixels it had in the frame, up to A4's long side. ``even_light``: divide out shadows and light
    fall-off so the paper is white. ``jpeg_quality``: 1-100, libjpeg's scale."""

    dpi: int = 200
    even_light: bool = True
    jpeg_quality: int = 75

    def a4_pixels(self) -> tuple[int, int]:
        return round(210 / MM_PER_INCH * self.dpi), round(297 / MM_PER_INCH * self.dpi)


DEFAULT_OPTIONS = PageOptions()


def _corners(quad: Quad) -> Corners:
    points = [(round(float(x), 2), round(float(y), 2)) for x, y in quad]
    return points[0], points[1], points[2], points[3]


def output_size(quad: Quad, options: PageOptions) -> tuple[tuple[int, int], bool]:
    """The stored page's width and height, and whether it was taken as A4 (portrait or landscape as it lies)."""
    width, height = side_lengths(quad)
    long_side, short_side = max(width, height), max(1.0, min(width, height))
    a4_short, a4_long = options.a4_pixels()
    if abs(long_side / short_side - A4_RATIO) <= A4_TOLERANCE * A4_RATIO:
        return ((a4_short, a4_long) if height >= width else (a4_long, a4_short)), True
    shrink = min(1.0, a4_long / long_side)
    return (max(1, round(width * shrink)), max(1, round(height * shrink))), False


def deskew(frame: Frame, quad: Quad, size: tuple[int, int]) -> Frame:
    """The quad's inside mapped onto an upright rectangle of ``size`` (width, height)."""
    width, height = size
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    warped = cv2.warpPerspective(frame, warp, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(warped, dtype=np.uint8)


def even_light(page: Frame) -> Frame:
    """Paper white and print dark across the page: the paper's own brightness, estimated with the print closed
    away on a small copy, divided out of every channel (a red stamp stays red), then the levels stretched so
    the paper's grain becomes clean white (which also keeps the JPEG small)."""
    gray = page if page.ndim == 2 else np.asarray(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    height, width = gray.shape
    small = cv2.resize(gray, (max(8, width // 8), max(8, height // 8)), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), 3)
    paper_small = np.maximum(paper.astype(np.float32), 16.0)
    # 1.0 of the paper's brightness is paper. Where the paper lay in shadow the sensor's noise is a larger share
    # of it, so the level from which a pixel counts as white drops there (three noise sigmas below the paper),
    # or the shadow turns to speckle; in good light it is 0.92. Below it the levels are stretched so print keeps
    # its darkness. Paper and white point are smooth, so the whole mapping is a gain and an offset per pixel,
    # worked out on the small copy and scaled up: two passes over the full page instead of a dozen.
    white = np.clip(1.0 - 3.0 * _noise_sigma(gray) / paper_small, 0.7, 0.92)
    gain_small = 255.0 / (paper_small * (white - BLACK))
    offset_small = BLACK * 255.0 / (white - BLACK)
    gain = cv2.resize(gain_small, (width, height), interpolation=cv2.INTER_LINEAR)
    offset = cv2.resize(offset_small.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    if page.ndim == 3:
        gain, offset = cv2.merge([gain, gain, gain]), cv2.merge([offset, offset, offset])
    scaled = cv2.multiply(page, gain, dtype=cv2.CV_32F)
    return np.asarray(cv2.subtract(scaled, offset, dtype=cv2.CV_8U), dtype=np.uint8)  # saturates to 0..255


def _noise_sigma(gray: Frame) -> float:
    """The sensor noise in grey levels, from the median absolute difference to a smoothed copy (print is rare
    enough on a page not to move the median)."""
    sample = gray[::4, ::4].astype(np.float32)
    detail = sample - cv2.GaussianBlur(sample, (0, 0), 2.0)
    return float(np.median(np.abs(detail))) * 1.4826


def encode_jpeg(page: Frame, quality: int) -> bytes:
    ok, data = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return bytes(data.tobytes())


def page_image(frame: Frame, quad: Quad, options: PageOptions = DEFAULT_OPTIONS) -> tuple[Frame, bool]:
    """The de-skewed, cropped (and, if asked, evened) page as pixels, and whether it was taken as A4."""
    size, is_a4 = output_size(quad, options)
    # The page's outermost pixels are half mat: step a little inside so no dark line runs along the crop.
    centre = quad.mean(axis=0)
    reach = np.linalg.norm(quad - centre, axis=1, keepdims=True)
    inside = centre + (quad - centre) * (1 - INSET_PX / np.maximum(reach, INSET_PX * 2))
    page = deskew(frame, inside, size)
    return (even_light(page) if options.even_light else page), is_a4


def process_frame(frame: Frame, options: PageOptions = DEFAULT_OPTIONS) -> Capture:
    """The page in ``frame`` as a stored Page, or a NoPage saying why there is none."""
    frame_size = (int(frame.shape[1]), int(frame.shape[0]))
    gray = frame if frame.ndim == 2 else np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    found = find_page(gray)
    if found.outcome is Outcome.PARTIAL or found.quad is None:
        why = Missing.PARTIAL if found.outcome is Outcome.PARTIAL else Missing.NO_PAGE
        corners = None if found.quad is None else _corners(found.quad)
        return NoPage(why, corners, frame_size, encode_jpeg(frame, options.jpeg_quality), thumbnail(frame))
    page, is_a4 = page_image(frame, found.quad, options)
    jpeg = encode_jpeg(page, options.jpeg_quality)
    height, width = page.shape[:2]
    dpi = options.dpi if is_a4 else 0
    return Page(jpeg, width, height, _corners(found.quad), frame_size, dpi, thumbnail(page))


def thumbnail(image: Frame, long_side: int = THUMBNAIL_SIDE) -> bytes:
    """A small JPEG of ``image`` for a screen."""
    height, width = image.shape[:2]
    scale = min(1.0, long_side / max(width, height))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return encode_jpeg(np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8), 80)
