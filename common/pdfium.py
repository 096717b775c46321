"""PDFium (pypdfium2) is not thread-safe: every use in a process holds this one lock, whichever module renders."""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.Lock()
