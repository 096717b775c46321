"""The ID card step the flows share: a privacy notice and explicit consent, then one read into the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.identity import CardResult, Identity
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


def read_card(
    flow: Flow, on_read: Callable[[Identity], Job[Any] | None], on_fail: Callable[[Words], None]
) -> Job[Any] | None:
    """A job reading one card (after consent). A read identity goes to the session; anything else to ``on_fail``."""
    context = flow.context

    def work() -> CardResult:
        return context.devices.read_id_card(context.settings.card_timeout_s)

    def done(result: CardResult) -> Job[Any] | None:
        if result.ok and result.identity is not None:
            flow.session.identity = result.identity
            return on_read(result.identity)
        on_fail(result.message)
        return None

    return flow.job(READ_CARD, work, done)


def cancel_card(flow: Flow) -> None:
    """Stop a wait for a card in flight; its job then ends with no card."""
    if flow.busy and flow.in_flight == READ_CARD:
        flow.context.devices.cancel_read()


def masked_name(name: str) -> str:
    """``张示例`` -> ``张*例``, ``王五`` -> ``王*``: enough for a citizen to see it is their card."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
