"""The two ways a request to the hall fails, for every caller of the hall client (station, flows, pad desk).

A caller needs to tell two things apart: the hall said no (``HallRefused``, with the hall's own bilingual
message and stable error code, e.g. ``already_rated``), or the hall could not be asked (``HallUnreachable``:
no route, timeout, a 5xx, an answer that is not the API's JSON). Only the second is worth retrying.
"""

from __future__ import annotations


class HallError(Exception):
    """Base of the two; ``message`` is fit to show (Chinese first, then English)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class HallUnreachable(HallError):
    """The request may not have reached the hall, or its answer was lost: retry later."""


class HallRefused(HallError):
    """The hall answered no (a 4xx): the same request will be refused again. ``code`` is the hall's stable error
    code (e.g. ``duplicate_ticket``); ``status`` the HTTP status, 0 when the refusal did not come over HTTP."""

    def __init__(self, code: str, message: str, *, status: int = 0) -> None:
        super().__init__(message)
        self.code, self.status = code, status
