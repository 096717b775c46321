"""The soak's verdict and its Markdown: the flat-resource rules checked on the samples after warm-up, and the
tables benchmarks/soak.py prints.

The rules, and why these tolerances:
- memory: each process's RSS at the end (median of the last samples) within 10 % of its RSS at the end of
  warm-up (median of the last warm-up samples); the median keeps one garbage-collection peak from deciding;
- open files and threads: after warm-up never more than the most seen in warm-up plus SLACK (2). A sample can
  catch a request in flight (one more socket, one more pool thread); a leak of one per event passes that within
  a few events, and in a long run by thousands;
- logs: each log with its rotated copies at most (backups + 1) x max_bytes;
- SQLite WAL files at most WAL_BOUND; the kiosk's database grows by at most KIOSK_BYTES_PER_CITIZEN per citizen
  after warm-up (the rows a ticket, a filing and a rating keep; attachments are files, bounded by retention).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from devtools.soak.samplers import ProcessSample, Sample
from devtools.soak.scenario import Result

GROWTH_LIMIT = 0.10
SLACK = 2
TAIL = 3  # samples in "the end of warm-up" and "the end"
WAL_BOUND = 16 * 1024 * 1024
KIOSK_BYTES_PER_CITIZEN = 16 * 1024


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class ProcessFigures:
    name: str
    rss_warm_kb: float
    rss_end_kb: float
    fds_warm: int
    fds_after: int
    threads_warm: int
    threads_after: int

    @property
    def growth(self) -> float:
        return self.rss_end_kb / self.rss_warm_kb - 1 if self.rss_warm_kb else 0.0


def _split(result: Result) -> tuple[list[Sample], list[Sample]]:
    warm = [s for s in result.samples if s.at_s <= result.plan.warmup_s]
    return warm, [s for s in result.samples if s.at_s > result.plan.warmup_s]


def figures(result: Result) -> list[ProcessFigures]:
    warm, after = _split(result)
    found = []
    for name in result.samples[0].processes if result.samples else ():

        def seen(samples: list[Sample], name: str = name) -> list[ProcessSample]:
            return [p for s in samples if (p := s.processes.get(name)) is not None]

        late_warm, all_after = seen(warm[len(warm) // 2 :]), seen(after)
        if not late_warm or not all_after:
            continue
        found.append(
            ProcessFigures(
                name,
                statistics.median(p.rss_kb for p in late_warm[-TAIL:]),
                statistics.median(p.rss_kb for p in all_after[-TAIL:]),
                max(p.fds for p in late_warm),
                max(p.fds for p in all_after),
                max(p.threads for p in late_warm),
                max(p.threads for p in all_after),
            )
        )
    return found


def checks(result: Result) -> list[Check]:
    found: list[Check] = []
    for f in figures(result):
        found.append(Check(f"{f.name}: memory growth < 10 %", f.growth < GROWTH_LIMIT, f"{f.growth:+.1%}"))
        fds, threads = f"{f.fds_warm} -> {f.fds_after}", f"{f.threads_warm} -> {f.threads_after}"
        found.append(Check(f"{f.name}: open files flat", f.fds_after <= f.fds_warm + SLACK, fds))
        found.append(Check(f"{f.name}: threads flat", f.threads_after <= f.threads_warm + SLACK, threads))
    last = result.samples[-1].sizes if result.samples else {}
    for name, bound in result.logs.items():
        most = max((s.sizes.get(name, 0) for s in result.samples), default=0)
        found.append(Check(f"{name} bounded", most <= bound, f"at most {most:,} of {bound:,} bytes"))
    for name in (n for n in last if n.endswith(" wal")):
        most = max(s.sizes.get(name, 0) for s in result.samples)
        found.append(Check(f"{name} bounded", most <= WAL_BOUND, f"at most {most:,} bytes"))
    per = kiosk_bytes_per_citizen(result)
    if per is not None:
        found.append(Check("kiosk db per citizen", per <= KIOSK_BYTES_PER_CITIZEN, f"{per:,.0f} bytes"))
    tally = result.hall
    if tally is not None:
        detail = f"{len(tally.filings)} filings, {sum(tally.filing_ratings.values())} ratings"
        if tally.missing or tally.unrated:
            detail += f"; missing {list(tally.missing)[:5]}, unrated {list(tally.unrated)[:5]}"
        found.append(Check("every filing and rating at the hall once", tally.once, detail))
    pending = result.made.get("pending")
    found.append(Check("kiosk outbox drained", pending == 0, f"{pending} waiting"))
    return found


def kiosk_bytes_per_citizen(result: Result) -> float | None:
    warm, after = _split(result)
    if not warm or not after:
        return None
    citizens = _citizens(after[-1]) - _citizens(warm[-1])
    grown = after[-1].sizes.get("kiosk db", 0) - warm[-1].sizes.get("kiosk db", 0)
    return grown / citizens if citizens > 0 else None


def _citizens(sample: Sample) -> int:
    return sample.events.get("tickets", 0) + sample.events.get("tickets_refused", 0)


def markdown(result: Result) -> str:
    plan = result.plan
    lines = [
        f"Soak: {plan.duration_s / 60:.1f} min (warm-up {plan.warmup_s / 60:.1f} min), clock x{plan.speed:g} "
        f"from {result.start.isoformat()}, hall on {'PostgreSQL' if plan.db_url else 'SQLite'}, seed {plan.seed}",
        "",
        "| process | RSS warm-up end (MB) | RSS end (MB) | growth | fds warm-up / after | threads warm-up / after |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures(result):
        lines.append(
            f"| {f.name} | {f.rss_warm_kb / 1024:.1f} | {f.rss_end_kb / 1024:.1f} | {f.growth:+.1%} | "
            f"{f.fds_warm} / {f.fds_after} | {f.threads_warm} / {f.threads_after} |"
        )
    lines += ["", *_sizes(result), "", "| event | count |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in sorted(result.events.items())]
    if result.hall is not None:
        days = ", ".join(f"{day}: {n}" for day, n in result.hall.tickets_by_day.items())
        lines += [
            f"| hall: tickets by service day | {days} |",
            f"| hall: tickets called at windows | {result.hall.called} |",
            f"| hall: ticket ratings (pads) | {result.hall.pad_ratings} |",
        ]
    lines += ["", "| rule | holds | figure |", "|---|---|---|"]
    lines += [f"| {c.rule} | {'yes' if c.ok else '**no**'} | {c.detail} |" for c in checks(result)]
    return "\n".join(lines)


def _sizes(result: Result, rows: int = 12) -> list[str]:
    if not result.samples:
        return []
    names = list(result.samples[-1].sizes)
    step = max(1, len(result.samples) // rows)
    chosen = result.samples[::step]
    if chosen[-1] is not result.samples[-1]:
        chosen.append(result.samples[-1])
    kb: Callable[[int], str] = lambda n: f"{n / 1024:,.0f}"  # noqa: E731
    lines = ["| t (s) | citizens | " + " | ".join(f"{n} (KB)" for n in names) + " |", "|---" * (len(names) + 2) + "|"]
    for s in chosen:
        lines.append(f"| {s.at_s:.0f} | {_citizens(s)} | " + " | ".join(kb(s.sizes.get(n, 0)) for n in names) + " |")
    return lines
