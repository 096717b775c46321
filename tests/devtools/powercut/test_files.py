"""The power-cut layer on plain files: unsynced bytes, creations and renames are lost; fsynced ones are kept."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.powercut import CutReport, cut, preload_env
from devtools.powercut.journal import read_journal
from tests.devtools.powercut.children import FILES
from tests.support.processes import Running

pytestmark = pytest.mark.e2e


def killed_after_writing(root: Path, journal: Path) -> None:
    """Run the FILES child under the layer, and SIGKILL it once it said it has written everything."""
    root.mkdir()
    command = [sys.executable, "-c", FILES, str(root)]
    with Running(command, env=preload_env(root, journal), stdin=subprocess.PIPE) as child:
        child.out.wait_for("written")
        child.process.kill()
        child.process.wait()


def contents(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_sigkill_keeps_everything_and_the_cut_keeps_only_what_was_fsynced(tmp_path: Path) -> None:
    root, journal = tmp_path / "watched", tmp_path / "journal"
    killed_after_writing(root, journal)
    before = contents(root)
    assert before["unsynced"] == b"no fsync at all"  # the SIGKILL alone loses nothing
    assert b"LOST" in before["kept"] and before["config"] == b"replacement"
    assert before["settings"] == b"new settings" and before["moved"] == b"first second"
    assert before["made/inside"] == b"synced"

    report = cut(root, journal, random.Random(0), drop_all=True)

    assert contents(root) == {"kept": b"durable " * 1000, "moved": b"first", "settings": b"old settings"}
    # unsynced, synced-but-not-its-dir, second-name, and new.tmp and settings.tmp (their renames undone first)
    assert report.files_removed == 5
    assert report.renames_undone == 2 and report.dirs_removed == 1  # made/, with its synced file
    assert report.writes_dropped == 23 and report.files_resized == 3  # kept, moved, and unsynced before it went
    assert journal.read_bytes() == b""  # emptied: the next run of the child journals afresh


def test_a_random_cut_keeps_the_durable_bytes_and_some_of_the_rest(tmp_path: Path) -> None:
    root, journal = tmp_path / "watched", tmp_path / "journal"
    killed_after_writing(root, journal)
    written = contents(root)["kept"]

    report = cut(root, journal, random.Random(3))

    kept = (root / "kept").read_bytes()
    durable = b"durable " * 1000
    assert len(durable) <= len(kept) <= len(written)
    for at, byte in enumerate(kept):  # each byte is the durable one, the written one, or a hole's zero
        assert byte in (durable[at : at + 1] or b"\0") + written[at : at + 1], at
    assert report.pages_reverted > 0 and kept != written


def test_the_same_seed_cuts_the_same_way(tmp_path: Path) -> None:
    outcomes: dict[int, list[tuple[dict[str, bytes], CutReport]]] = {}
    for number, seed in enumerate((11, 11, 12, 13, 14)):
        run = tmp_path / f"run-{number}"
        run.mkdir()
        killed_after_writing(run / "watched", run / "journal")
        report = cut(run / "watched", run / "journal", random.Random(seed))
        report.changed = [str(Path(p).relative_to(run)) for p in report.changed]
        outcomes.setdefault(seed, []).append((contents(run / "watched"), report))
    first, again = outcomes[11]
    assert first == again
    assert len({repr(outcome) for runs in outcomes.values() for outcome in runs}) > 1


def test_a_journal_cut_short_by_the_kill_ends_at_its_last_whole_record(tmp_path: Path) -> None:
    root, journal = tmp_path / "watched", tmp_path / "journal"
    killed_after_writing(root, journal)
    whole = read_journal(journal)
    raw = journal.read_bytes()
    journal.write_bytes(raw[:-5])
    assert read_journal(journal) == whole[:-1]
