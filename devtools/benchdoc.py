"""docs/benchmarks.md as ``make bench`` writes it: the machine, then one section per benchmark.

Each section sits between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` and says its own command, date,
commit and machine, so a run of a few benchmarks (``--only``) replaces their sections and keeps the others as
they were measured. Pure text in and out: the runner (devtools/benchrun.py) measures, this module writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STDERR_LINES = 20  # of a failed or timed-out benchmark's stderr, in its section
SECTION = re.compile(r"<!-- bench:(?P<name>[\w.-]+) -->\n.*?<!-- /bench:(?P=name) -->\n", re.DOTALL)

HEADER = """# Benchmarks

Written by `make bench` (`benchmarks/run_all.py`): every benchmark in `benchmarks/`, each in a process of its
own with the arguments and the time limit of the runner's table. `make bench ARGS="--only NAME …"` runs only
those and replaces only their sections; every section says when, on which commit and on which machine it was
measured. What each benchmark measures, and where its figures are discussed: `benchmarks/README.md`.

## Machine of the last run

{machine}
"""


@dataclass(frozen=True)
class Provenance:
    """When, on which commit and on which machine a benchmark ran."""

    date: str  # UTC, to the minute
    commit: str  # short hash
    dirty: bool  # the tree had uncommitted changes (docs/benchmarks.md itself aside)
    machine: str  # one line: CPU, cores, RAM

    def line(self) -> str:
        tree = " (uncommitted changes in the tree)" if self.dirty else ""
        return f"{self.date}, commit `{self.commit}`{tree}, {self.machine}"


@dataclass(frozen=True)
class Outcome:
    """One benchmark's run: its command, how it ended, what it printed."""

    name: str
    command: str  # as a person would type it from the repository's root
    seconds: float
    exit_code: int | None  # None: stopped at its time limit
    timeout_s: float
    stdout: str
    stderr: str

    @property
    def passed(self) -> bool:
        return self.exit_code == 0

    def status(self) -> str:
        if self.exit_code is None:
            return f"**timed out** after {self.timeout_s:g} s (stopped)"
        if self.exit_code != 0:
            return f"**failed** (exit {self.exit_code}) after {self.seconds:.1f} s"
        return f"{self.seconds:.1f} s"


def section(outcome: Outcome, provenance: Provenance) -> str:
    """A benchmark's section: the command, when and where, how long, its tables as printed (or why none)."""
    lines = [
        f"<!-- bench:{outcome.name} -->",
        f"## {outcome.name}",
        "",
        f"- command: `{outcome.command}`",
        f"- run: {provenance.line()}",
        f"- took: {outcome.status()}",
        "",
    ]
    printed = outcome.stdout.strip()
    if printed:
        lines += [printed, ""]  # the benchmarks print Markdown tables: shown as they are
    if not outcome.passed:
        tail = outcome.stderr.strip().splitlines()[-STDERR_LINES:]
        lines += [f"Last {len(tail)} lines of stderr:" if tail else "Nothing on stderr.", ""]
        if tail:
            lines += ["```text", *tail, "```", ""]
    lines.append(f"<!-- /bench:{outcome.name} -->")
    return "\n".join(lines) + "\n"


def sections_of(document: str) -> dict[str, str]:
    """The sections of an earlier docs/benchmarks.md, by benchmark name (each with its markers)."""
    return {found["name"]: found.group(0) for found in SECTION.finditer(document)}


def document(machine: str, new: dict[str, str], earlier: str = "") -> str:
    """The whole file: the header with ``machine``, then every section by name, ``new`` ones replacing those of
    the same name in ``earlier`` and the rest of ``earlier``'s kept as they were."""
    kept = sections_of(earlier) | new
    body = "\n".join(kept[name] for name in sorted(kept))
    return HEADER.format(machine=machine.strip()) + "\n" + body
