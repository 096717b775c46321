"""Synthetic document-camera frames: a page photographed on the camera's desk mat, tilted and in perspective,
under uneven light with a soft shadow, lens blur and sensor noise. The page's corners in the frame are known."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from drivers.camera.sample_page import sample_page

Bgr = NDArray[np.uint8]
Corners = NDArray[np.float32]  # 4x2, clockwise from the page's top left, in frame pixels

FRAME_SIZE = (3264, 2448)  # 8 MP, the usual 800万像素 document camera


@dataclass(frozen=True)
class Placement:
    """Where and how the page lies: its centre as a share of the frame, its height as a share of the frame's
    height, its turn in degrees, keystone (0 = square on) and how strong the light falls off and the shadow is."""

    centre: tuple[float, float] = (0.5, 0.5)
    height: float = 0.88
    rotation: float = 0.0
    keystone: float = 0.0
    falloff: float = 0.35  # 0 = even light; 0.35 = the far corner at 65 % of the bright one
    shadow: float = 0.3  # darkening under the shadow band (the camera's arm, a sleeve)
    noise: float = 4.0  # grey levels
    blur: float = 0.8  # pixels

    @classmethod
    def random(cls, rng: np.random.Generator, *, inside: bool = True) -> Placement:
        """A believable way a citizen lays a page down; ``inside=False`` leaves part of it off the frame's edge."""
        if inside:
            centre = (float(rng.uniform(0.44, 0.56)), float(rng.uniform(0.47, 0.53)))
            height = float(rng.uniform(0.74, 0.86))
        else:
            centre = (float(rng.choice([0.12, 0.88])), float(rng.uniform(0.35, 0.65)))
            height = float(rng.uniform(0.8, 0.9))
        return cls(
            centre=centre,
            height=height,
            rotation=float(rng.uniform(-9, 9)),
            keystone=float(rng.uniform(0.0, 0.04)),
            falloff=float(rng.uniform(0.2, 0.45)),
            shadow=float(rng.uniform(0.15, 0.4)),
        )


@dataclass(frozen=True)
class Photo:
    frame: Bgr
    corners: Corners | None  # None: no page in view
    original: Bgr | None


def desk(size: tuple[int, int], rng: np.random.Generator, mat: float = 72.0) -> NDArray[np.float32]:
    """The camera's base mat, as float BGR: grey-brown of brightness ``mat`` (72: the usual dark mat; 180: a
    light desk) with a faint grain and a few scuffs."""
    width, height = size
    tone = np.array([-10, -2, 12], dtype=np.float32) + mat + rng.uniform(-10, 10, 3).astype(np.float32)
    grain = cv2.resize(rng.normal(0, 6, (height // 16, width // 16)).astype(np.float32), (width, height))
    streaks = cv2.resize(rng.normal(0, 5, (8, width // 32)).astype(np.float32), (width, height))
    base = np.empty((height, width, 3), dtype=np.float32)
    base[:] = tone
    base += (grain + streaks)[:, :, None]
    return base


def page_corners(size: tuple[int, int], placement: Placement, aspect: float = 210 / 297) -> Corners:
    """Where a page of ``aspect`` (width / height; A4 by default) lies in a frame of ``size``."""
    width, height = size
    page_h = placement.height * height
    page_w = page_h * aspect
    half_w, half_h = page_w / 2, page_h / 2
    near = half_w * (1 + placement.keystone)  # the bottom edge is nearer the lens, so longer
    far = half_w * (1 - placement.keystone)
    local = np.array([[-far, -half_h], [far, -half_h], [near, half_h], [-near, half_h]], dtype=np.float64)
    angle = math.radians(placement.rotation)
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    centre = np.array([placement.centre[0] * width, placement.centre[1] * height])
    corners: Corners = (local @ turn.T + centre).astype(np.float32)
    return corners


def _lighting(size: tuple[int, int], placement: Placement, rng: np.random.Generator) -> NDArray[np.float32]:
    """Light falling off from one side, and a soft diagonal shadow band across the desk."""
    width, height = size
    small_w, small_h = 64, 48
    ys, xs = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    direction = rng.uniform(0, 2 * math.pi)
    ramp = (xs / small_w - 0.5) * math.cos(direction) + (ys / small_h - 0.5) * math.sin(direction)
    light = 1.0 - placement.falloff * (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    slope = rng.uniform(-0.8, 0.8)
    offset = rng.uniform(0.2, 0.8) * small_h
    distance = ys - (offset + slope * (xs - small_w / 2))
    band = np.exp(-((distance / (small_h * 0.12)) ** 2))
    light = light * (1.0 - placement.shadow * band)
    return np.asarray(cv2.resize(light.astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC))


def photograph(
    page: Bgr | None,
    placement: Placement = Placement(),
    *,
    size: tuple[int, int] = FRAME_SIZE,
    rng: np.random.Generator | None = None,
    mat: float = 72.0,
) -> Photo:
    """One colour frame of ``page`` (None: the empty desk) lying as ``placement`` says on a mat of brightness
    ``mat``."""
    rng = rng if rng is not None else np.random.default_rng(0)
    image = desk(size, rng, mat)
    corners: Corners | None = None
    if page is not None:
        page_h, page_w = page.shape[:2]
        corners = page_corners(size, placement, page_w / page_h)
        source = np.array([[0, 0], [page_w, 0], [page_w, page_h], [0, page_h]], dtype=np.float32)
        warp = cv2.getPerspectiveTransform(source, corners)
        paper = (page.astype(np.float32) * np.array([0.93, 0.96, 0.97], dtype=np.float32)).astype(np.float32)
        drawn = cv2.warpPerspective(paper, warp, size, flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.ones((page_h, page_w), dtype=np.float32), warp, size, flags=cv2.INTER_LINEAR)
        image = image * (1 - mask[:, :, None]) + drawn * mask[:, :, None]
    image *= _lighting(size, placement, rng)[:, :, None]
    if placement.blur:
        image = np.asarray(cv2.GaussianBlur(image, (0, 0), placement.blur), dtype=np.float32)
    if placement.noise:
        noise = rng.standard_normal((size[1] // 2, size[0] // 2), dtype=np.float32) * placement.noise
        image += cv2.resize(noise, size, interpolation=cv2.INTER_NEAREST)[:, :, None]
    frame = np.clip(image, 0, 255).astype(np.uint8)
    return Photo(frame, corners, page)


def photograph_sample(
    placement: Placement = Placement(), *, size: tuple[int, int] = FRAME_SIZE, seed: int = 0, mat: float = 72.0
) -> Photo:
    """The sample application form photographed as ``placement`` says."""
    return photograph(sample_page(), placement, size=size, rng=np.random.default_rng(seed), mat=mat)
