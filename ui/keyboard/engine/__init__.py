"""The pinyin engine of the on-screen keyboard: pure Python, no Qt (the keyboard-engine import contract)."""
