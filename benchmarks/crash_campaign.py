"""The crash campaign's long form (docs/unattended.md): the robot citizen station SIGKILLed at seeded random moments
over every flow, restarted each time, then drained and checked. Prints Markdown tables: runs, kills by phase,
actions completed by kind, violations (the target is 0), restart time p50/p95 against the cold start, outbox drain.

Run: ``.venv/bin/python benchmarks/crash_campaign.py --seed S (--runs N | --minutes M) [--power-cut] [--keep DIR]``;
``--power-cut`` also throws away, after each kill, what the station had not made durable (devtools/powercut/).
A violation names the seed and the number of runs: ``--seed S --runs N`` replays the same kill points and actions."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from devtools.campaign import CampaignResult, PowerCuts, run_campaign, run_power_cut_campaign

EVERY_RUN = 10**9  # --minutes: as many runs as the time allows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def cut_table(cuts: PowerCuts) -> list[str]:
    return [
        "| power cuts | cuts that threw writes away | writes dropped | files removed | renames undone |",
        "|---|---|---|---|---|",
        f"| {len(cuts.reports)} | {cuts.cuts_that_bit} | {cuts.writes_dropped} | {cuts.files_removed} | "
        f"{cuts.renames_undone} |",
        "",
    ]


def report(result: CampaignResult, took_s: float, cuts: PowerCuts | None = None) -> str:
    lines = [
        "| seed | runs (SIGKILLs) | wall time | violations |",
        "|---|---|---|---|",
        f"| {result.seed} | {len(result.runs)} | {took_s / 60:.1f} min | {len(result.violations)} |",
        "",
        *(cut_table(cuts) if cuts is not None else []),
        "| killed during | kills |",
        "|---|---|",
        *(f"| {phase} | {count} |" for phase, count in sorted(result.kills_by_phase.items())),
        f"| (any of them) while the outbox was sending | {result.kills_while_sending} |",
        "",
        "| action completed (`done`) | count |",
        "|---|---|",
        *(f"| {kind} | {count} |" for kind, count in sorted(result.done.kinds.items())),
        "",
    ]
    restarts = result.restart_s
    cold = result.cold_start_s
    lines += [
        "| start to ready | p50 | p95 | against the cold start |",
        "|---|---|---|---|",
        f"| cold start (fresh data dir) | {cold:.2f} s | | 1 |",
    ]
    if restarts:
        p50, p95 = statistics.median(restarts), percentile(restarts, 0.95)
        ratio = f"{p50 / cold:.2f} / {p95 / cold:.2f}" if cold else "-"
        lines.append(f"| restart after SIGKILL ({len(restarts)}) | {p50:.2f} s | {p95:.2f} s | {ratio} |")
    reopen = result.reopen_s
    cold_open = result.runs[0].open_s if result.runs else None
    if reopen and cold_open:
        p50, p95 = statistics.median(reopen), percentile(reopen, 0.95)
        lines += [
            f"| of which `open_station_services`, cold | {cold_open:.3f} s | | |",
            f"| of which `open_station_services`, after SIGKILL | {p50:.3f} s | {p95:.3f} s | "
            f"{p50 / cold_open:.2f} / {p95 / cold_open:.2f} |",
        ]
    lines += ["", "| outbox drain after the last kill | time |", "|---|---|", f"| drained | {result.drain_s:.2f} s |"]
    if result.violations:
        lines += ["", "| violation |", "|---|", *(f"| {violation} |" for violation in result.violations)]
    power = " --power-cut" if cuts is not None else ""
    lines += ["", f"replay: `.venv/bin/python benchmarks/crash_campaign.py {result.replay()}{power}`"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    limit = parser.add_mutually_exclusive_group(required=True)
    limit.add_argument("--runs", type=int, help="this many SIGKILLs")
    limit.add_argument("--minutes", type=float, help="as many SIGKILLs as fit in this time")
    parser.add_argument("--power-cut", action="store_true", help="after each kill, drop what was not made durable")
    parser.add_argument("--keep", type=Path, help="keep the hall, kiosk and printer files here (default: a temp dir)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    until = started + args.minutes * 60 if args.minutes else None
    runs = args.runs or EVERY_RUN

    def progress(line: str) -> None:
        print(f"[{time.monotonic() - started:7.1f} s] {line}", file=sys.stderr, flush=True)

    def campaign(root: Path) -> tuple[CampaignResult, PowerCuts | None]:
        if args.power_cut:
            return run_power_cut_campaign(root, args.seed, runs, until=until, progress=progress)
        return run_campaign(root, args.seed, runs, until=until, progress=progress), None

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result, cuts = campaign(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="crash-campaign-") as root:
            result, cuts = campaign(Path(root))
    print(report(result, time.monotonic() - started, cuts))
    return 1 if result.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
