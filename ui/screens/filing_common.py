"""What the filing and progress screens' pages share: the flow getter, quiet field updates, a label's role."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.flows.filing import FilingFlow

FlowGetter = Callable[[], FilingFlow]


def set_field(edit: QLineEdit, text: str) -> None:
    """Show the flow's text in a field without echoing it back as a new entry."""
    if edit.text() != text:
        edit.blockSignals(True)
        edit.setText(text)
        edit.blockSignals(False)


def set_role(widget: QLabel | QPushButton, role: str) -> None:
    """Restyle a widget (a message that is good news, or a refusal)."""
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def jpeg_pixmap(data: bytes) -> QPixmap | None:
    """A JPEG from the camera as a picture; None when the bytes are not one."""
    pixmap = QPixmap()
    return pixmap if data and pixmap.loadFromData(data, "JPEG") else None
