"""Translations: zh_CN is the source language written in the code; kiosk_en.qm (built from kiosk_en.ts) holds English.

Strings the UI makes go through ``translate(context, text)`` (pyside6-lupdate finds them); strings the flows make
(kiosk/flows, no Qt) are bilingual ``Words`` pairs and are picked by language. See docs/ui.md.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from devices.words import Language, Words

HERE = Path(__file__).resolve().parent
TS_FILE = HERE / "kiosk_en.ts"
QM_FILE = HERE / "kiosk_en.qm"

translate = QCoreApplication.translate


class Translations:
    """Switches the application between Chinese (no translator: the source strings) and English."""

    def __init__(self, qm_file: Path = QM_FILE) -> None:
        self._english = QTranslator()
        if not self._english.load(str(qm_file)):
            raise FileNotFoundError(f"翻译文件缺失 / translation file missing: {qm_file} (run python -m ui.i18n.build)")
        self.language: Language = "zh_CN"

    def apply(self, language: Language) -> None:
        if language == self.language:
            return
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("no QApplication")
        if language == "en":
            app.installTranslator(self._english)
        else:
            app.removeTranslator(self._english)
        self.language = language


def pick(words: Words | None, language: Language) -> str:
    return "" if words is None else words.pick(language)
