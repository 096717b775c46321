"""Every benchmark in benchmarks/, each in its own process with a time limit, into docs/benchmarks.md.

    .venv/bin/python benchmarks/run_all.py                       # all of them (make bench), about an hour
    .venv/bin/python benchmarks/run_all.py --only store_commit printer   # only these; the other sections are kept
    .venv/bin/python benchmarks/run_all.py --long --only soak    # a long form, run by hand

``TABLE`` gives each benchmark its arguments for the whole run (sized to finish in minutes on a two-core machine)
and for ``--long`` (the sizes its figures in the docs were measured with). A benchmark not in the table runs with
no arguments. The runner, the time limits and the file's layout: devtools/benchrun.py and devtools/benchdoc.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from devtools.benchrun import Entry, run

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DOC = REPO / "docs" / "benchmarks.md"
MINUTE = 60.0

TABLE: dict[str, Entry] = {
    "booking_contention": Entry(("--rounds", "3"), 20 * MINUTE, ()),  # SQLite and a throwaway PostgreSQL
    "camera_pipeline": Entry((), 15 * MINUTE),
    "crash_campaign": Entry(("--seed", "7", "--minutes", "5"), 15 * MINUTE, ("--seed", "7", "--minutes", "60")),
    "document_camera": Entry((), 15 * MINUTE),
    "filing_catchup": Entry(("300",), 20 * MINUTE, ("2000",)),  # N filings queued during an outage
    "hall_bodies": Entry((), 20 * MINUTE),
    "hall_intake": Entry(("--kiosks", "50"), 20 * MINUTE, ()),  # PostgreSQL; the docs' figure is 200 kiosks
    "hall_queue": Entry((), 30 * MINUTE),  # SQLite and PostgreSQL
    "hall_streams": Entry(("--streams", "100", "--takes", "100"), 20 * MINUTE, ()),  # no baseline commit
    "idcard": Entry((), 10 * MINUTE),
    "keyboard_pinyin": Entry((), 10 * MINUTE),
    "pad_latency": Entry((), 20 * MINUTE),
    "payment_roundtrip": Entry(("100",), 10 * MINUTE, ("200",)),
    "power_cut_campaign": Entry(("--seed", "7", "--minutes", "5"), 15 * MINUTE, ("--seed", "7", "--minutes", "60")),
    "printer": Entry((), 10 * MINUTE),
    "qr_decoders": Entry((), 20 * MINUTE),
    "rating_stats": Entry(("--ratings", "50000"), 30 * MINUTE, ()),  # the docs' figure: 500,000 ratings
    "soak": Entry(("--minutes", "10"), 20 * MINUTE, ("--hours", "1")),  # a simulated day every 10 minutes
    "store_commit": Entry((), 10 * MINUTE),
    "ui_kiosk": Entry(("--sessions", "200"), 20 * MINUTE, ()),  # the docs' figure: 1,000 sessions
    "voice_guide": Entry((), 10 * MINUTE),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", default=[], help="run only these benchmarks")
    parser.add_argument("--long", action="store_true", help="the long forms (hours; run them by hand with --only)")
    parser.add_argument("--dir", type=Path, default=HERE, help=argparse.SUPPRESS)  # the tests' fake benchmarks
    parser.add_argument("--doc", type=Path, default=DOC, help="default: docs/benchmarks.md")
    args = parser.parse_args(argv)
    only = [name.removesuffix(".py") for name in args.only]
    try:
        outcomes = run(args.dir, TABLE, args.doc, only=only, long=args.long, root=REPO, exclude={Path(__file__).stem})
    except ValueError as error:
        print(f"没有这个基准测试 / {error}", file=sys.stderr)
        return 2
    failed = [o.name for o in outcomes if not o.passed]
    print(f"{args.doc}: {len(outcomes) - len(failed)} of {len(outcomes)} benchmarks ran to the end", flush=True)
    if failed:
        print(f"failed or timed out: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
