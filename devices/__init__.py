"""Device models shared by the kiosk and the hall: interfaces, state, events and health; no bytes, no ports."""
