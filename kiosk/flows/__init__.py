"""The touch kiosk's behaviour as plain Python: screens, citizen session, idle reset, device-aware offers, flows.

ui/ shows this state and forwards taps; nothing here imports Qt, so every flow is tested without a screen.
"""
