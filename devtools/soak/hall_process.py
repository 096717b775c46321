"""The hall as `kiosk hall serve` runs it (one process, uvicorn, the same build and stop), but on the soak's
compressed clock (devtools/soak/clock.py), so that a day of queue numbering passes in minutes.

``python -m devtools.soak.hall_process --config HALL.toml --port P --start ISO --speed X --epoch-file F [--db URL]``
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from common.stopping import StopSignals
from devtools.soak.clock import StartingClock
from hall.server import build_hall, settle_for_serving
from hall.serving import HallServer
from hall.transport import hall_uvicorn_config

READY = "soak hall serving"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devtools.soak.hall_process")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--db", default=None)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--start", type=datetime.fromisoformat, required=True)
    parser.add_argument("--speed", type=float, required=True)
    parser.add_argument("--epoch-file", type=Path, required=True)
    args = parser.parse_args(argv)
    clock = StartingClock(args.start, args.speed, args.epoch_file)
    hall = build_hall(args.config, args.db, clock=clock, host="127.0.0.1", port=args.port)
    sys.stdout.write(f"{READY} on 127.0.0.1:{args.port}, simulated {clock().isoformat()}\n")
    sys.stdout.flush()
    settle_for_serving()
    with StopSignals() as signals:
        try:
            config = hall_uvicorn_config(hall.app, hall.config.server, host="127.0.0.1", port=args.port)
            HallServer(config, on_signal=signals.request).run()
        finally:
            hall.close()
    return signals.exit_code if signals.requested else 0


if __name__ == "__main__":
    sys.exit(main())
