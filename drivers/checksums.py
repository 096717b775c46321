"""Checksums shared by the bus protocols (pure functions)."""

from __future__ import annotations


def crc16_modbus(data: bytes | bytearray) -> int:
    """CRC-16/MODBUS: polynomial 0xA001 (reflected 0x8005), initial 0xFFFF; on the wire low byte first.

    The pad bus (Modbus RTU) and the window displays' frames both use it."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
