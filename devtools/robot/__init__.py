"""The robot citizen: a headless kiosk station that takes numbers, files applications, rates, pays and prints in a
seeded random order, for the crash campaign (devtools/campaign/, docs/unattended.md).

``python -m devtools.robot --config KIOSK_TOML --seed N --run R`` opens the station services as the touch UI
would and prints one line per step: ``ready`` once the services are up, ``begin KIND`` before an action and
``done KIND ...`` after it returned, so whoever reads the lines knows what the kiosk acknowledged to the citizen.
``--drain`` takes no action: it waits until the outbox is empty and prints ``drained``.
"""
