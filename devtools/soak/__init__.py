"""The compressed-day soak: the hall, the hall device controller with simulated pads and a headless kiosk
station, each a process of its own, run for minutes or hours under simulated citizens, device faults, hall
restarts and midnights, while each process's memory, open files and threads and the databases' and logs' sizes
are sampled (docs/unattended.md)."""
