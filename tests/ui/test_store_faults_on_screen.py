"""A filing the kiosk's store refuses (its database locked by another process, its disk full) is said on the
review in the citizen's language, everything entered stays, and the next tap saves it once the store is back
(FAULT_SHOTS=DIR keeps the pictures)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.words import Words
from kiosk.flows.filing_steps import FilingStep
from kiosk.station.filing_ports import FilingNotSaved
from kiosk.store.filings import BUSY_WORDS, DISK_FULL_WORDS
from tests.kiosk.flows.filing_fakes import FakeFiling
from tests.ui.conftest import find_button, settle, tap, visible_texts
from tests.ui.filing_walk import NEW_ADDRESS, at, to_review, wizard
from ui.app import KioskUi

SHOTS = os.environ.get("FAULT_SHOTS", "")


def shot(kiosk_ui: KioskUi, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        kiosk_ui.window.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.mark.parametrize(("name", "words"), [("store-busy", BUSY_WORDS), ("disk-full", DISK_FULL_WORDS)])
def test_a_store_fault_is_said_on_the_review_in_both_languages_and_the_next_tap_saves(
    qtbot: QtBot, filing_ui: KioskUi, filing: FakeFiling, name: str, words: Words
) -> None:
    to_review(qtbot, filing_ui)
    filing.save_error = FilingNotSaved(words)
    tap(qtbot, find_button(filing_ui.window, "确认提交"))
    settle(qtbot, filing_ui, lambda: not wizard(filing_ui).busy)
    at(qtbot, filing_ui, FilingStep.REVIEW)
    shown = "".join(visible_texts(filing_ui.window)).replace("\n", "")
    assert words.zh in shown and NEW_ADDRESS in "\n".join(visible_texts(filing_ui.window))
    shot(filing_ui, f"{name}-zh")
    tap(qtbot, filing_ui.window.footer.language)
    settle(qtbot, filing_ui)
    shown = " ".join(visible_texts(filing_ui.window)).replace("\n", " ")
    assert words.en in shown
    shot(filing_ui, f"{name}-en")
    tap(qtbot, filing_ui.window.footer.language)
    settle(qtbot, filing_ui)
    filing.save_error = None  # the lock released, the space freed: no restart
    tap(qtbot, find_button(filing_ui.window, "确认提交"))
    at(qtbot, filing_ui, FilingStep.DONE)
    assert filing.events == ["save", "save", "receipt"]
