"""The compressed-day soak (docs/unattended.md): the hall, the hall device controller with simulated pads and a
headless kiosk station with simulated citizens, for minutes or hours, with device faults, hall restarts and
midnights; prints per process RSS, open files and threads at warm-up end and at the end, the databases' and logs'
sizes over time, the events done and the flat-resource rules. Exits 1 when a rule does not hold.

    .venv/bin/python benchmarks/soak.py --minutes 10
    .venv/bin/python benchmarks/soak.py --hours 1 --speed 48 --db postgresql+psycopg://postgres@127.0.0.1:5432/soak
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.soak.report import checks, markdown
from devtools.soak.scenario import Plan, Soak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--hours", type=float)
    length.add_argument("--minutes", type=float)
    parser.add_argument("--warmup-minutes", type=float, help="default: a fifth of the run, at most 10")
    parser.add_argument(
        "--speed", type=float, default=144.0, help="simulated seconds per real second (144: a day in 10 min)"
    )
    parser.add_argument("--sample-s", type=float, help="seconds between samples; default: the run / 200, 2 to 60")
    parser.add_argument("--restarts", type=int, help="hall restarts after warm-up; default: one per 10 minutes")
    parser.add_argument("--db", help="the hall's database URL (PostgreSQL); default: SQLite in its data dir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="keep the run's files here; default: a temporary directory")
    args = parser.parse_args()
    duration = 60 * (args.minutes if args.minutes else 60 * (args.hours or 0) or 10)
    warmup = 60 * args.warmup_minutes if args.warmup_minutes else min(duration / 5, 600)
    plan = Plan(
        duration_s=duration,
        warmup_s=warmup,
        sample_every_s=args.sample_s or min(60.0, max(2.0, duration / 200)),
        hall_restarts=args.restarts if args.restarts is not None else max(1, round(duration / 600)),
        speed=args.speed,
        seed=args.seed,
        db_url=args.db,
    )
    with tempfile.TemporaryDirectory(prefix="soak-") as scratch:
        directory = args.dir or Path(scratch)
        result = Soak(plan, directory).run()
    print(markdown(result))
    return 0 if all(c.ok for c in checks(result)) else 1


if __name__ == "__main__":
    sys.exit(main())
