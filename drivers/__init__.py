"""Drivers: pure protocols, transports and simulators for the four devices; chosen by URL."""
