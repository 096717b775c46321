"""Evaluation pads on a Modbus RTU bus: the register map, key tracking, and the polling master."""
