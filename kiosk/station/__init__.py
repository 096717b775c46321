"""The kiosk's services for the touch UI: the hall, the devices and the technician door (ports.py), with no Qt."""
