"""Serial QR/barcode scanners: framing of the byte stream, the reading driver, and the URL factory."""
