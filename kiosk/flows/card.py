"""The ID card step the flows share: a privacy notice and explicit consent, then one read into the session."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from devices.identity import CardOutcome, CardResult, Identity
from devices.words import Words
from kiosk.flows.flow import Flow
from kiosk.flows.jobs import Job

READ_CARD = "read_id_card"

PRIVACY_NOTICE = Words(
    "本机将读取您身份证上的姓名和身份证号码，仅用于本次办理，不保存照片；办理结束或离开后立即从本机清除。"
    "同意后请将身份证平放在读卡区。",
    "This kiosk will read the name and ID number on your ID card for this service only; it keeps no photo "
    "and clears them as soon as you finish or leave. If you agree, place your ID card flat on the reader.",
)
PLACE_CARD = Words("请将身份证平放在读卡区", "Please place your ID card flat on the reader")

# Flows whose wait was ended by the citizen (back, home): their read ends with no card, which is not a timeout.
_cancelled: weakref.WeakSet[Flow] = weakref.WeakSet()


def read_card(
    flow: Flow,
    on_read: Callable[[Identity], Job[Any] | None],
    on_fail: Callable[[Words], None],
    *,
    on_timeout: Callable[[int], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
) -> Job[Any] | None:
    """A job reading one card (after consent). A read identity goes to the session; anything else to ``on_fail``,
    or, when given, no card in time to ``on_timeout(seconds)`` and a wait the citizen ended to ``on_cancel``."""
    context = flow.context
    seconds = context.settings.card_timeout_s
    _cancelled.discard(flow)

    def work() -> CardResult:
        return context.devices.read_id_card(seconds, lambda: flow in _cancelled)

    def done(result: CardResult) -> Job[Any] | None:
        cancelled = flow in _cancelled
        _cancelled.discard(flow)
        if result.ok and result.identity is not None:
            flow.session.identity = result.identity
            return on_read(result.identity)
        if result.outcome is CardOutcome.NO_CARD and cancelled and on_cancel is not None:
            on_cancel()
        elif result.outcome is CardOutcome.NO_CARD and on_timeout is not None:
            on_timeout(round(seconds))
        else:
            on_fail(result.message)
        return None

    return flow.job(READ_CARD, work, done)


def reading(flow: Flow) -> bool:
    """A wait for a card is in flight."""
    return flow.busy and flow.in_flight == READ_CARD


def cancel_card(flow: Flow) -> None:
    """Stop a wait for a card in flight; its job then ends with no card."""
    if reading(flow):
        _cancelled.add(flow)
        flow.context.devices.cancel_read()


def masked_name(name: str) -> str:
    """``张示例`` -> ``张*例``, ``王五`` -> ``王*``: enough for a citizen to see it is their card."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
