"""How alike a stored page is to the clean page it was photographed from, for the document camera's tests and
its benchmark."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray


def similarity(page: NDArray[np.uint8], original: NDArray[np.uint8]) -> float:
    """Normalised correlation of two pages brought to a quarter of A4 at 200 dpi and lightly blurred: 1.0 the
    same page, near 0 unrelated or misplaced (a crop 40 px off, a page upside down)."""

    def prepared(image: NDArray[np.uint8]) -> NDArray[np.float64]:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        small = cv2.resize(gray, (1654 // 4, 2339 // 4), interpolation=cv2.INTER_AREA)
        return np.asarray(cv2.GaussianBlur(small, (0, 0), 1.5), dtype=np.float64)

    return float(np.corrcoef(prepared(page).ravel(), prepared(original).ravel())[0, 1])
