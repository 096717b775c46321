"""``make bench``'s runner over a directory of fake benchmarks: each one's section is written with its command and
tables, a second run with ``--only`` replaces only its sections and keeps the others, and a benchmark that fails
or passes its time limit is reported with the end of its stderr instead of stopping the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from devtools.benchdoc import sections_of
from devtools.benchrun import Entry, discover, run

pytestmark = pytest.mark.e2e  # every benchmark runs as a process of its own

ROOT = Path(__file__).resolve().parents[2]

TABLE_PRINTER = """import sys
print("| case | ms |")
print("|---|---|")
print("| {label} | " + " ".join(sys.argv[1:]) + " |")
"""
FAILING = """import sys
print("| half | a table |")
print("something broke: the database is away", file=sys.stderr)
sys.exit(3)
"""
HANGING = """import sys, time
print("waiting for ever", file=sys.stderr, flush=True)
time.sleep(600)
"""


@pytest.fixture
def benchmarks(tmp_path: Path) -> Path:
    directory = tmp_path / "benchmarks"
    directory.mkdir()
    (directory / "alpha.py").write_text(TABLE_PRINTER.format(label="alpha first"), encoding="utf-8")
    (directory / "beta.py").write_text(TABLE_PRINTER.format(label="beta first"), encoding="utf-8")
    (directory / "_shared.py").write_text("raise SystemExit('a helper is never run')\n", encoding="utf-8")
    (directory / "run_all.py").write_text("raise SystemExit('the runner never runs itself')\n", encoding="utf-8")
    return directory


def quiet(_line: str) -> None:
    pass


def test_every_benchmark_but_helpers_and_the_runner_gets_a_section(benchmarks: Path, tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    table = {"alpha": Entry(("--rounds", "3"), 60.0)}
    assert discover(benchmarks, exclude={"run_all"}) == ["alpha", "beta"]
    outcomes = run(benchmarks, table, doc, root=tmp_path, exclude={"run_all"}, say=quiet)
    assert [o.passed for o in outcomes] == [True, True]
    written = doc.read_text(encoding="utf-8")
    assert "## Machine of the last run" in written and "- PostgreSQL: " in written and "- CPU: " in written
    sections = sections_of(written)
    assert sorted(sections) == ["alpha", "beta"]
    assert "- command: `.venv/bin/python benchmarks/alpha.py --rounds 3`" in sections["alpha"]
    assert "| alpha first | --rounds 3 |" in sections["alpha"]  # the table as printed, with the table's arguments
    assert "- command: `.venv/bin/python benchmarks/beta.py`" in sections["beta"]  # not in the table: no arguments


def test_a_run_of_only_some_replaces_their_sections_and_keeps_the_others(benchmarks: Path, tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    run(benchmarks, {}, doc, root=tmp_path, exclude={"run_all"}, say=quiet)
    first = sections_of(doc.read_text(encoding="utf-8"))
    (benchmarks / "alpha.py").write_text(TABLE_PRINTER.format(label="alpha again"), encoding="utf-8")
    (benchmarks / "beta.py").write_text(TABLE_PRINTER.format(label="beta again"), encoding="utf-8")
    run(benchmarks, {}, doc, only=["beta"], root=tmp_path, exclude={"run_all"}, say=quiet)
    second = sections_of(doc.read_text(encoding="utf-8"))
    assert second["alpha"] == first["alpha"]  # kept word for word, with its own date and commit
    assert "beta again" in second["beta"] and "beta first" not in second["beta"]


def test_a_failing_and_a_hanging_benchmark_are_reported_and_the_run_goes_on(benchmarks: Path, tmp_path: Path) -> None:
    (benchmarks / "broken.py").write_text(FAILING, encoding="utf-8")
    (benchmarks / "stuck.py").write_text(HANGING, encoding="utf-8")
    doc = tmp_path / "benchmarks.md"
    table = {"stuck": Entry(timeout_s=2.0)}
    outcomes = run(benchmarks, table, doc, root=tmp_path, exclude={"run_all"}, say=quiet)
    assert {o.name: o.passed for o in outcomes} == {"alpha": True, "beta": True, "broken": False, "stuck": False}
    sections = sections_of(doc.read_text(encoding="utf-8"))
    assert "**failed** (exit 3)" in sections["broken"]
    assert "| half | a table |" in sections["broken"]  # what it printed before it failed
    assert "something broke: the database is away" in sections["broken"]
    assert "**timed out** after 2 s" in sections["stuck"]
    assert "waiting for ever" in sections["stuck"]
    assert "| alpha first |" in sections["alpha"]


def test_the_command_runs_only_what_it_is_asked_and_refuses_an_unknown_name(benchmarks: Path, tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    runner = [sys.executable, str(ROOT / "benchmarks" / "run_all.py"), "--dir", str(benchmarks), "--doc", str(doc)]
    done = subprocess.run([*runner, "--only", "alpha.py"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert sorted(sections_of(doc.read_text(encoding="utf-8"))) == ["alpha"]
    refused = subprocess.run([*runner, "--only", "gamma"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert refused.returncode == 2
    assert "no such benchmark: gamma" in refused.stderr and "Traceback" not in refused.stderr
