"""A guard against a PySide6 reference-count bug that would abort a kiosk after some hours of use.

PySide6 6.12 on CPython 3.11 drops one reference to ``None`` on every call of a Qt method that returns nothing
(``setText``, ``setVisible``, ``processEvents``...). Before Python 3.12, ``None`` is an ordinary object with a
reference count: after a few hundred thousand such calls the count reaches zero and the interpreter aborts with
"Fatal Python error: none_dealloc: deallocating None" (benchmarks/ui_kiosk.py met it after ~600 citizens).
Python 3.12 made ``None`` immortal (PEP 683); here, where the bug is seen, ``None`` is given so many references
that its count cannot reach zero in the kiosk's lifetime, which is what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject

log = logging.getLogger(__name__)

PROBE_CALLS = 64
HEADROOM = 1 << 48  # references added: at a million lost per second, about nine years


def drops_none_references() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def guard_none() -> bool:
    """Apply the guard if this Python and PySide6 need it; True when applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not drops_none_references():
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < HEADROOM:
        count.value += HEADROOM
        log.info("PySide6 drops references to None on this Python (%s): guarded", sys.version.split()[0])
    return True
