"""``python -m devtools.robot --config KIOSK_TOML --seed N [--run R] [--drain]``: the robot citizen's process."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from common.errors import KioskError
from devtools.robot.citizen import Citizen, say
from devtools.robot.plan import actions
from kiosk.station.services import open_station_services

DRAIN_POLL_S = 0.05


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.robot", description=__doc__)
    parser.add_argument("--config", type=Path, required=True, help="the kiosk config (a remote hall)")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--run", type=int, default=0, help="which run of the campaign: its own seeded actions")
    parser.add_argument("--drain", action="store_true", help="no actions: wait for an empty outbox, then exit")
    parser.add_argument("--actions", type=int, default=0, help="stop after this many actions (0: until killed)")
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.WARNING)
    opening = time.monotonic()
    try:
        services = open_station_services(args.config)
    except KioskError as error:
        say(f"error {error}")
        return error.exit_code
    with services:
        say(f"ready open={time.monotonic() - opening:.3f}")
        if args.drain:
            while services.sender.pending():
                services.sender.wake(everything=True)
                time.sleep(DRAIN_POLL_S)
            say("drained")
            return 0
        citizen = Citizen(services)
        for action in actions(args.seed, args.run):
            citizen.perform(action)
            if args.actions and action.number >= args.actions:
                break
        say("finished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
