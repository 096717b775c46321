"""The PySide6 touch UI: screens, widgets, theme and translations; shows state, forwards taps."""
