"""Camera QR scanning: decoders, synthetic frames, capture on a worker thread, the virtual camera, the scanner."""
