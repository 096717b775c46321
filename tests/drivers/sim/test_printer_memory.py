"""The virtual printer holds only its last receipts in memory, so a simulated station that runs for days does not
keep every image it printed; it still counts them all."""

from __future__ import annotations

from pathlib import Path

from drivers.sim.printer import KEEP_RECEIPTS, VirtualPrinter

JOB = b"hello\n\x1dV\x00"  # a line, then a full cut: one receipt


def test_only_the_last_receipts_are_kept_and_all_are_counted(tmp_path: Path) -> None:
    printer = VirtualPrinter(out_dir=tmp_path)
    try:
        for _ in range(KEEP_RECEIPTS + 5):
            printer.receive(JOB, lambda _reply: None)
        assert printer.printed == KEEP_RECEIPTS + 5
        assert len(printer.receipts) == KEEP_RECEIPTS
        assert printer.receipts[-1].path is not None and printer.receipts[-1].path.name.startswith(
            f"receipt-{KEEP_RECEIPTS + 5:04d}-"
        )
        assert len(printer.wait_for_receipts(KEEP_RECEIPTS + 5, timeout=1)) == KEEP_RECEIPTS
    finally:
        printer.stop()
