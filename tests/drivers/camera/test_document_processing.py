"""Page finding and storing on synthetic document-camera frames whose page corners are known."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from devices.document_camera import Missing, NoPage, Page
from devtools.pages import similarity
from drivers.camera.desk import Placement, photograph, photograph_sample
from drivers.camera.document import A4_PAGE_BUDGET, PageOptions, process_frame
from drivers.camera.pagefind import Outcome, find_page
from drivers.camera.sample_page import A4_PX, sample_page

SIZE = (2048, 1536)  # smaller than the 8 MP default so the tests stay quick; the page still spans ~150 dpi
CORNER_TOLERANCE = 3.0  # frame pixels


def decoded(page: Page) -> NDArray[np.uint8]:
    return np.asarray(cv2.imdecode(np.frombuffer(page.jpeg, np.uint8), cv2.IMREAD_COLOR), dtype=np.uint8)


@pytest.mark.parametrize("seed", range(6))
def test_given_a_page_laid_anyhow_when_processed_then_corners_are_found_and_the_page_matches_the_original(
    seed: int,
) -> None:
    photo = photograph_sample(Placement.random(np.random.default_rng(seed)), size=SIZE, seed=seed)
    assert photo.corners is not None

    result = process_frame(photo.frame)

    assert isinstance(result, Page)
    assert np.abs(np.array(result.corners) - photo.corners).max() <= CORNER_TOLERANCE
    assert (result.width, result.height, result.dpi) == (*A4_PX, 200)
    image = decoded(result)
    assert image.shape[:2] == (A4_PX[1], A4_PX[0])
    assert similarity(image, sample_page()) > 0.85
    assert len(result.jpeg) <= A4_PAGE_BUDGET
    small = cv2.imdecode(np.frombuffer(result.thumbnail, np.uint8), cv2.IMREAD_COLOR)
    assert small.shape[:2] == (320, round(320 * A4_PX[0] / A4_PX[1]))


def test_a_shifted_or_upside_down_page_does_not_pass_for_the_original() -> None:
    """The similarity measure the test above relies on tells a misplaced crop from a good one."""
    original = sample_page()
    assert similarity(np.roll(original, 40, axis=0), original) < 0.5
    assert similarity(np.ascontiguousarray(original[::-1, ::-1]), original) < 0.5


def test_given_strong_shadow_and_fall_off_then_the_page_is_still_found() -> None:
    placement = Placement(rotation=-7, keystone=0.03, falloff=0.6, shadow=0.55, noise=7)
    photo = photograph_sample(placement, size=SIZE, seed=11)
    result = process_frame(photo.frame)
    assert isinstance(result, Page) and photo.corners is not None
    assert np.abs(np.array(result.corners) - photo.corners).max() <= CORNER_TOLERANCE


@pytest.mark.parametrize("mat", [120.0, 180.0])
def test_given_a_light_desk_instead_of_the_dark_mat_then_the_page_is_still_found(mat: float) -> None:
    photo = photograph_sample(Placement.random(np.random.default_rng(21)), size=SIZE, seed=21, mat=mat)
    result = process_frame(photo.frame)
    assert isinstance(result, Page) and photo.corners is not None
    assert np.abs(np.array(result.corners) - photo.corners).max() <= CORNER_TOLERANCE


def test_given_a_grayscale_frame_then_the_page_is_stored_in_gray() -> None:
    photo = photograph_sample(Placement(rotation=3), size=SIZE, seed=5)
    result = process_frame(cv2.cvtColor(photo.frame, cv2.COLOR_BGR2GRAY))
    assert isinstance(result, Page)
    assert cv2.imdecode(np.frombuffer(result.jpeg, np.uint8), cv2.IMREAD_UNCHANGED).ndim == 2


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("mat", [72.0, 200.0])
def test_given_the_empty_mat_then_no_page_with_words_for_the_citizen(seed: int, mat: float) -> None:
    """Also on a light desk under strong fall-off, whose bright half is no page cut by the border."""
    placement = Placement(falloff=0.6, shadow=0.5)
    frame = photograph(None, placement, size=SIZE, rng=np.random.default_rng(seed), mat=mat).frame

    result = process_frame(frame)

    assert isinstance(result, NoPage) and result.why is Missing.NO_PAGE
    assert result.words.zh == "请把材料平放在拍摄区内"
    assert result.words.en == "Lay the page flat inside the frame"
    assert result.frame_size == SIZE
    whole = cv2.imdecode(np.frombuffer(result.frame_jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert (whole.shape[1], whole.shape[0]) == SIZE  # the whole frame, for a screen that lets the citizen keep it
    assert cv2.imdecode(np.frombuffer(result.thumbnail, np.uint8), cv2.IMREAD_COLOR).shape == (240, 320, 3)


@pytest.mark.parametrize("seed", range(4))
def test_given_a_page_partly_outside_the_frame_then_partial_not_a_cropped_page(seed: int) -> None:
    placement = Placement.random(np.random.default_rng(seed), inside=False)
    photo = photograph_sample(placement, size=SIZE, seed=seed)

    result = process_frame(photo.frame)

    assert isinstance(result, NoPage) and result.why is Missing.PARTIAL
    assert "整页" in result.words.zh and "whole page" in result.words.en
    assert result.frame_jpeg.startswith(b"\xff\xd8")


def test_given_noise_or_a_blank_frame_then_no_page_and_no_exception() -> None:
    rng = np.random.default_rng(4)
    for frame in (
        np.zeros((480, 640, 3), np.uint8),
        np.full((480, 640), 255, np.uint8),
        rng.integers(0, 256, (480, 640, 3), dtype=np.uint8),
        np.zeros((3, 3), np.uint8),
    ):
        result = process_frame(frame)
        assert isinstance(result, NoPage)


def test_a_page_of_another_shape_keeps_its_own_aspect() -> None:
    square = np.ascontiguousarray(sample_page()[:1654])  # the top of the form, cut square
    photo = photograph(square, Placement(height=0.6, rotation=5), size=SIZE, rng=np.random.default_rng(2))
    result = process_frame(photo.frame)
    assert isinstance(result, Page)
    assert result.dpi == 0
    assert abs(result.width / result.height - 1.0) < 0.03


def test_a_page_laid_landscape_is_stored_landscape() -> None:
    photo = photograph_sample(Placement(height=0.6, rotation=90), size=SIZE, seed=8)
    result = process_frame(photo.frame)
    assert isinstance(result, Page)
    assert (result.width, result.height) == (A4_PX[1], A4_PX[0])


def test_without_evening_the_light_the_shadow_stays_and_the_page_is_larger() -> None:
    photo = photograph_sample(Placement(shadow=0.5), size=SIZE, seed=3)
    evened = process_frame(photo.frame)
    raw = process_frame(photo.frame, PageOptions(even_light=False))
    assert isinstance(evened, Page) and isinstance(raw, Page)
    paper_raw = decoded(raw)[300:2000, 30:120]  # the margin: paper only
    paper_evened = decoded(evened)[300:2000, 30:120]
    assert np.ptp(paper_raw.mean(axis=(1, 2))) > 3 * np.ptp(paper_evened.mean(axis=(1, 2)))
    assert len(evened.jpeg) < len(raw.jpeg)


def test_find_page_reports_the_outline_it_saw_when_it_is_cut_by_the_border() -> None:
    placement = Placement(centre=(0.5, 0.62), height=0.9)
    photo = photograph_sample(placement, size=SIZE, seed=1)
    found = find_page(cv2.cvtColor(photo.frame, cv2.COLOR_BGR2GRAY))
    assert found.outcome is Outcome.PARTIAL
