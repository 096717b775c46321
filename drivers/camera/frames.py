"""Synthetic 640x480 camera frames: a payload drawn as a QR code into a scene, under labelled bad conditions."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np
import segno
from numpy.typing import NDArray

Gray = NDArray[np.uint8]

WIDTH, HEIGHT = 640, 480
QUIET_MODULES = 4

CHINESE = "预约取号：社保医保窗口 A017，请于上午九点半前到达"
PAYLOADS: dict[str, bytes] = {
    "url": b"https://zwfw.example.gov.cn/guide/item/310100-001",
    "utf8_chinese": CHINESE.encode("utf-8"),
    # Many provincial systems write GBK with no ECI marker; the decoder must not guess Shift_JIS or Latin-1.
    "gbk_chinese": CHINESE.encode("gbk"),
    "appointment": b"YY-20261122-0931-A017-7F3K",
    "long_filing_url": (
        b"https://zwfw.example.gov.cn/filing/progress?application=3f2c9a1e-7b4d-4e08-9a51-0c6d2e8f4b17"
        b"&hall=310101&item=SB-0007&issued=20261122T093100%2B0800&sign=9c1e5f0a7b3d2c4e6f8a0b1c2d3e4f5a"
    ),
}


@dataclass(frozen=True)
class Condition:
    """How a code looks to the camera: its size, angle, keystone skew, and what the optics and sensor add."""

    code_px: int = 220  # side of the code with its quiet zone, in pixels
    rotation: float = 0.0  # degrees
    skew: float = 0.0  # 0 = square on; 0.3 = the far edge 30 % shorter (paper tilted away)
    blur: float = 0.0  # Gaussian sigma, pixels
    noise: float = 0.0  # Gaussian sensor noise sigma, grey levels
    contrast: float = 1.0  # 1 = full range; 0.2 = everything squeezed into a fifth of it around mid-grey


CONDITIONS: dict[str, Condition] = {
    "clean": Condition(),
    "rotated_15": Condition(rotation=15),
    "rotated_45": Condition(rotation=45),
    "blurred": Condition(blur=1.6),
    "noisy": Condition(noise=28),
    "low_contrast": Condition(contrast=0.2, noise=3),
    "small": Condition(code_px=80),
    "skewed": Condition(skew=0.35, rotation=8),
}
EMPTY_KINDS = ("noise", "texture")


@dataclass(frozen=True)
class LabelledFrame:
    payload: str  # a PAYLOADS key, or "none" for a frame with no code
    condition: str  # a CONDITIONS key, or an EMPTY_KINDS entry
    image: Gray
    expected: bytes | None


@functools.lru_cache(maxsize=64)  # segno takes tens of milliseconds per code; the frame set reuses five
def qr_modules(payload: bytes) -> NDArray[np.uint8]:
    """The payload as a byte-mode QR with no ECI (the bytes go in as given), 1 = dark, quiet zone included."""
    qr = segno.make_qr(payload, mode="byte", error="m")
    matrix = np.pad(np.array([list(row) for row in qr.matrix], dtype=np.uint8), QUIET_MODULES)
    matrix.flags.writeable = False
    return matrix


def scene(rng: np.random.Generator) -> Gray:
    """A photo-like empty view: smooth light falloff, blurry shapes (counter, wall, sleeve) and a little grain."""
    light = cv2.resize(rng.uniform(70, 190, (3, 4)).astype(np.float32), (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    detail = cv2.resize(rng.normal(0, 18, (24, 32)).astype(np.float32), (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC)
    shapes = np.zeros((HEIGHT, WIDTH), dtype=np.float32)
    for _ in range(int(rng.integers(3, 7))):
        x0, y0 = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        x1, y1 = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        shade = float(rng.uniform(-50, 50))
        if rng.random() < 0.5:
            cv2.rectangle(shapes, (x0, y0), (x1, y1), shade, thickness=-1, lineType=cv2.LINE_AA)
        else:
            cv2.line(shapes, (x0, y0), (x1, y1), shade, thickness=int(rng.integers(2, 12)), lineType=cv2.LINE_AA)
    image = cv2.GaussianBlur(light + detail + shapes, (0, 0), 3.0)
    image += rng.normal(0, 3, (HEIGHT, WIDTH)).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def noise_frame(rng: np.random.Generator) -> Gray:
    return np.clip(rng.normal(128, 45, (HEIGHT, WIDTH)), 0, 255).astype(np.uint8)


def _code_image(payload: bytes, side: int) -> NDArray[np.float32]:
    modules = qr_modules(payload)
    scale = max(1, math.ceil(side * 2 / modules.shape[0]))  # draw big, then shrink: edges blend as in a lens
    big = np.kron(np.where(modules == 1, 20.0, 235.0), np.ones((scale, scale))).astype(np.float32)
    return np.asarray(cv2.resize(big, (side, side), interpolation=cv2.INTER_AREA), dtype=np.float32)


def _corners(centre: tuple[float, float], side: float, rotation: float, skew: float) -> NDArray[np.float32]:
    half = side / 2
    far = half * (1 - skew)  # the top edge is further away, so shorter
    square = np.array([[-far, -half], [far, -half], [half, half], [-half, half]], dtype=np.float64)
    angle = math.radians(rotation)
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    corners: NDArray[np.float32] = (square @ turn.T + np.array(centre)).astype(np.float32)
    return corners


def render_frame(
    payload: bytes | None,
    condition: Condition = CONDITIONS["clean"],
    *,
    rng: np.random.Generator | None = None,
    background: Gray | None = None,
) -> Gray:
    """One 640x480 grayscale frame: the scene (or ``background``) with the payload's QR placed under ``condition``."""
    rng = rng if rng is not None else np.random.default_rng(0)
    base = background if background is not None else scene(rng)
    image: NDArray[np.float32] = base.astype(np.float32)
    if payload is not None:
        side = condition.code_px
        code = _code_image(payload, side)
        room = side * 0.75  # keep the rotated code inside the frame
        centre = (float(rng.uniform(room, WIDTH - room)), float(rng.uniform(room, HEIGHT - room)))
        if room * 2 > HEIGHT:
            centre = (WIDTH / 2, HEIGHT / 2)
        target = _corners(centre, side, condition.rotation + float(rng.uniform(-2, 2)), condition.skew)
        source = np.array([[0, 0], [side, 0], [side, side], [0, side]], dtype=np.float32)
        warp = cv2.getPerspectiveTransform(source, target)
        drawn = cv2.warpPerspective(code, warp, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR)
        mask = cv2.warpPerspective(np.ones_like(code), warp, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR)
        image = image * (1 - mask) + drawn * mask
    if condition.contrast != 1.0:
        image = 128 + (image - 128) * condition.contrast
    if condition.blur:
        image = np.asarray(cv2.GaussianBlur(image, (0, 0), condition.blur), dtype=np.float32)
    if condition.noise:
        image = image + rng.normal(0, condition.noise, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def frame_set(seed: int = 0, repeats: int = 1, empty: int = 4) -> list[LabelledFrame]:
    """Every payload under every condition ``repeats`` times (code placed differently each time), plus
    ``empty`` frames of each empty kind; the same seed gives the same pixels."""
    rng = np.random.default_rng(seed)
    frames: list[LabelledFrame] = []
    for _ in range(repeats):
        for name, payload in PAYLOADS.items():
            for label, condition in CONDITIONS.items():
                frames.append(LabelledFrame(name, label, render_frame(payload, condition, rng=rng), payload))
    for _ in range(empty):
        frames.append(LabelledFrame("none", "noise", noise_frame(rng), None))
        frames.append(LabelledFrame("none", "texture", scene(rng), None))
    return frames
