"""Finding a page in a document camera's frame: its four corners, to the pixel, or why there is none.

The search runs on a copy about 1000 pixels across: closing removes the dark print so the page is one bright
shape, edges are found with thresholds taken from the frame itself (a shadow lowers the contrast locally, never
the page's edge away), and the largest convex four-sided outline is the page. Each side is then refined in the
full frame: the strongest brightness step across the side, found at many points along it, fitted with a robust
line; the corners are where the lines cross.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]
Quad = NDArray[np.float64]  # 4x2: top left, top right, bottom right, bottom left

WORK_SIDE = 1000  # the long side of the copy the outline is searched on
MIN_AREA = 0.12  # of the frame: anything smaller is not a page laid on the mat
EDGE_MARGIN = 0.006  # of the frame's long side: a corner this close to the border is cut off by it


class Outcome(StrEnum):
    FOUND = "found"
    NONE = "none"
    PARTIAL = "partial"


@dataclass(frozen=True)
class Found:
    outcome: Outcome
    quad: Quad | None  # frame pixels; for PARTIAL the outline seen, if it had four sides


def order_corners(points: NDArray[np.float64]) -> Quad:
    """Four points clockwise (in image coordinates, y down) starting at the top left one."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    clockwise = points[np.argsort(angles)]
    start = int(np.argmin(clockwise.sum(axis=1)))
    ordered: Quad = np.roll(clockwise, -start, axis=0).astype(np.float64)
    return ordered


def _angles_ok(quad: Quad) -> bool:
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cosine = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if not -0.5 < cosine < 0.5:  # every corner between 60 and 120 degrees
            return False
    return True


def _edges(small: Gray) -> Gray:
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    plain = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)  # print and table lines gone, paper stays
    plain = cv2.GaussianBlur(plain, (5, 5), 0)
    median = float(np.median(plain))
    edges = cv2.Canny(plain, max(5.0, 0.25 * median), max(15.0, 0.6 * median))
    return np.asarray(cv2.dilate(edges, np.ones((3, 3), np.uint8)), dtype=np.uint8)


def _quad_of(contour: NDArray[np.int32]) -> Quad | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for share in (0.02, 0.03, 0.045, 0.06):
        approx = cv2.approxPolyDP(hull, share * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            quad = order_corners(approx.reshape(4, 2).astype(np.float64))
            return quad if _angles_ok(quad) else None
        if len(approx) < 4:
            return None
    return None


def _touches_border(quad: Quad, size: tuple[int, int], margin: float) -> bool:
    width, height = size
    xs, ys = quad[:, 0], quad[:, 1]
    return bool(
        (xs <= margin).any()
        or (ys <= margin).any()
        or (xs >= width - 1 - margin).any()
        or (ys >= height - 1 - margin).any()
    )


def _bright_shape_at_border(small: Gray, edges: Gray) -> bool:
    """A large bright shape cut by the frame's border whose other sides are sharp edges: a page pushed partly
    off the mat's view. Light falling off across an empty desk also splits it into a bright and a dark part,
    but the line between them is no edge."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    plain = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    _, mask = cv2.threshold(plain, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    height, width = small.shape
    near_edge = cv2.dilate(edges, np.ones((7, 7), np.uint8))
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        at_border = x == 0 or y == 0 or x + w >= width or y + h >= height
        if not at_border or area < MIN_AREA * 0.5 * width * height or (w >= width and h >= height):
            continue
        shape = np.asarray(labels == label, dtype=np.uint8)
        if float(small[shape == 1].mean()) <= float(small[shape == 0].mean()) + 40:
            continue
        outline = max(cv2.findContours(shape, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)[0], key=len).reshape(-1, 2)
        xs, ys = outline[:, 0], outline[:, 1]
        inner = outline[(xs > 2) & (ys > 2) & (xs < width - 3) & (ys < height - 3)]
        if len(inner) and float((near_edge[inner[:, 1], inner[:, 0]] > 0).mean()) > 0.6:
            return True
    return False


def _refine(gray: Gray, quad: Quad) -> Quad:
    """Each side moved onto the strongest brightness step across it, then the corners re-crossed."""
    lines = []
    span = max(4.0, max(gray.shape) / WORK_SIDE * 3.0)
    for i in range(4):
        p0, p1 = quad[i], quad[(i + 1) % 4]
        line = _fit_side(gray, p0, p1, span)
        if line is None:
            return quad
        lines.append(line)
    corners = []
    for i in range(4):
        point = _cross(lines[i - 1], lines[i])
        if point is None or np.linalg.norm(point - quad[i]) > span * 2:
            return quad
        corners.append(point)
    return np.array(corners, dtype=np.float64)


def _fit_side(
    gray: Gray, p0: NDArray[np.float64], p1: NDArray[np.float64], span: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    along = p1 - p0
    length = float(np.linalg.norm(along))
    if length < 20:
        return None
    direction = along / length
    normal = np.array([-direction[1], direction[0]])
    samples = min(80, int(length // 8))
    ts = np.linspace(0.08, 0.92, samples)
    offsets = np.arange(-span, span + 0.5, 0.5)
    centres = p0[None, :] + ts[:, None] * along[None, :]
    points = centres[:, None, :] + offsets[None, :, None] * normal[None, None, :]
    map_x = points[:, :, 0].astype(np.float32)
    map_y = points[:, :, 1].astype(np.float32)
    sampled = cv2.remap(gray, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    profiles = np.asarray(cv2.GaussianBlur(sampled.astype(np.float32), (1, 5), 0), dtype=np.float32)
    steps = np.abs(np.diff(profiles, axis=1))
    best = steps.argmax(axis=1)
    strength = steps[np.arange(samples), best]
    keep = strength >= max(4.0, float(np.median(strength)) * 0.5)
    if keep.sum() < samples // 3:
        return None
    edge = centres[keep] + ((offsets[best[keep]] + 0.25)[:, None]) * normal[None, :]
    vx, vy, x0, y0 = cv2.fitLine(edge.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).reshape(4)
    return np.array([x0, y0], dtype=np.float64), np.array([vx, vy], dtype=np.float64)


def _cross(
    a: tuple[NDArray[np.float64], NDArray[np.float64]], b: tuple[NDArray[np.float64], NDArray[np.float64]]
) -> NDArray[np.float64] | None:
    (pa, da), (pb, db) = a, b
    matrix = np.array([[da[0], -db[0]], [da[1], -db[1]]])
    if abs(np.linalg.det(matrix)) < 1e-6:
        return None
    t, _ = np.linalg.solve(matrix, pb - pa)
    point: NDArray[np.float64] = pa + t * da
    return point


def find_page(gray: Gray) -> Found:
    """The page's corners in a grayscale frame, or NONE, or PARTIAL when it is cut by the frame's border."""
    height, width = gray.shape
    scale = min(1.0, WORK_SIDE / max(width, height))
    small = np.asarray(
        cv2.resize(gray, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA), dtype=np.uint8
    )
    small_area = small.shape[0] * small.shape[1]
    # Every outline, holes too: the inside of the page's edge ring is the page, whatever spur of shadow or grain
    # joins the ring from outside.
    edges = _edges(small)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    contours = sorted(contours, key=cv2.contourArea, reverse=True)[:12]
    margin = EDGE_MARGIN * max(small.shape)
    partial: Quad | None = None
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < MIN_AREA * small_area:
            break
        quad = _quad_of(np.asarray(contour, dtype=np.int32))
        if quad is None or area < 0.9 * cv2.contourArea(quad.astype(np.float32)):
            continue  # not four-sided, or four corners around something that does not fill them
        if _touches_border(quad, (small.shape[1], small.shape[0]), margin):
            # Cut by the border, or the page's ring with a spur that reaches it: its hole may still be whole.
            partial = partial if partial is not None else quad / scale
            continue
        return Found(Outcome.FOUND, _refine(gray, quad / scale))
    if partial is not None:
        return Found(Outcome.PARTIAL, partial)
    if _bright_shape_at_border(small, edges):
        return Found(Outcome.PARTIAL, None)
    return Found(Outcome.NONE, None)


def side_lengths(quad: Quad) -> tuple[float, float]:
    """Mean width and mean height of the quad, in its own pixels."""
    top = math.dist(quad[0], quad[1])
    bottom = math.dist(quad[3], quad[2])
    left = math.dist(quad[0], quad[3])
    right = math.dist(quad[1], quad[2])
    return (top + bottom) / 2, (left + right) / 2
