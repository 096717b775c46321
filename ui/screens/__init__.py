"""The kiosk's screens, one widget per registered flow, plus the error screen."""
