"""The crash campaign with a power cut after every kill (docs/unattended.md, "Power cuts"): the same runs and
checks as crash_campaign.py, under the power-cut layer. Its own file so `make bench` keeps its tables in a
section of their own in docs/benchmarks.md.

Run: ``.venv/bin/python benchmarks/power_cut_campaign.py --seed S (--runs N | --minutes M) [--keep DIR]``."""

from __future__ import annotations

import sys

from benchmarks.crash_campaign import main

if __name__ == "__main__":
    raise SystemExit(main([*sys.argv[1:], "--power-cut"]))
