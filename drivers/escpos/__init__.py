"""ESC/POS thermal printers: commands, status, encoder, interpreter and renderer."""
