"""Buttons for the simulated devices on the technician page: paper out, place a card, scan a code...

The buttons are the faults each simulator declares for the technician (devices/simulator.py); the ``kiosk sim``
prompts list the same declarations, so a fault and its label are written down once, beside its simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from devices.simulator import Simulator
from kiosk.flows.words import Words


@dataclass(frozen=True)
class SimulatorControl:
    kind: str
    label: Words
    action: Callable[[], object]


def simulator_controls(simulators: Mapping[str, Simulator]) -> list[SimulatorControl]:
    """One button for each fault a simulator offers the technician, simulator by simulator."""
    return [
        SimulatorControl(kind, Words(fault.zh, fault.en), partial(sim.inject_fault, fault.name))
        for kind, sim in simulators.items()
        for fault in sim.fault_list()
        if fault.technician
    ]
