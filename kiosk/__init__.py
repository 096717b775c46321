"""The kiosk application: services and flows, hall client, sync, local store, hall server and the CLI."""

__version__ = "0.1.0"
