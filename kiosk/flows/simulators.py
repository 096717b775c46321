"""Buttons for the simulated devices on the technician page: paper out, place a card, scan a code..."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from kiosk.flows.words import Words

SAMPLE_CODE = "KIOSK-TEST-0001"


@dataclass(frozen=True)
class SimulatorControl:
    kind: str
    label: Words
    action: Callable[[], object]


def _printer(sim: Any) -> list[SimulatorControl]:
    if not (hasattr(sim, "set_condition") and hasattr(sim, "refill")):
        return []
    return [
        SimulatorControl("printer", Words("缺纸", "Paper out"), lambda: sim.set_condition(paper_out=True)),
        SimulatorControl("printer", Words("纸将用完", "Paper low"), lambda: sim.set_condition(paper_near_end=True)),
        SimulatorControl("printer", Words("打开机盖", "Open cover"), lambda: sim.set_condition(cover_open=True)),
        SimulatorControl("printer", Words("装纸并关盖", "Refill, close"), lambda: _refill(sim)),
    ]


def _refill(sim: Any) -> None:
    sim.refill()
    sim.set_condition(cover_open=False)


def _id_reader(sim: Any) -> list[SimulatorControl]:
    if not (hasattr(sim, "place") and hasattr(sim, "remove")):
        return []
    count = min(3, len(getattr(sim, "identities", ())))
    controls = [
        SimulatorControl("id_reader", Words(f"放示例卡 {n + 1}", f"Place card {n + 1}"), partial(sim.place, n))
        for n in range(count)
    ]
    controls.append(SimulatorControl("id_reader", Words("取走卡", "Remove card"), sim.remove))
    return controls


def _scanner(sim: Any) -> list[SimulatorControl]:
    if not hasattr(sim, "send_code"):
        return []
    return [SimulatorControl("scanner", Words("扫测试码", "Scan test code"), lambda: sim.send_code(SAMPLE_CODE))]


BUILDERS: dict[str, Callable[[Any], list[SimulatorControl]]] = {
    "printer": _printer,
    "id_reader": _id_reader,
    "scanner": _scanner,
}


def simulator_controls(simulators: dict[str, object]) -> list[SimulatorControl]:
    """Controls for the simulators this page knows; others are listed on the page without controls."""
    controls: list[SimulatorControl] = []
    for kind, sim in simulators.items():
        builder = BUILDERS.get(kind)
        if builder is not None:
            controls.extend(builder(sim))
    return controls
