"""Resident ID card readers speaking the GA 467 SAM serial protocol: frames, the text block, the driver."""
