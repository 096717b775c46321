"""The crash campaign is replayable: the same seed gives the same kill schedule and the same robot actions."""

from __future__ import annotations

from devtools.campaign import kill_schedule
from devtools.campaign.controller import phase_of
from devtools.robot.plan import KINDS, first_actions


def test_the_same_seed_gives_the_same_kills_and_actions() -> None:
    assert kill_schedule(11, 30) == kill_schedule(11, 30)
    assert kill_schedule(11, 30) != kill_schedule(12, 30)
    assert kill_schedule(11, 10) == kill_schedule(11, 30)[:10]  # fewer runs replay a prefix
    for run in (0, 5):
        again = first_actions(11, run, 40)
        assert first_actions(11, run, 40) == again
        assert [action.page(0) for action in again if action.pages] == [
            action.page(0) for action in first_actions(11, run, 40) if action.pages
        ]
    assert first_actions(11, 0, 40) != first_actions(11, 1, 40)


def test_the_schedule_reaches_startup_and_every_kind_of_action() -> None:
    kills = kill_schedule(3, 60)
    assert any(kill.during_startup for kill in kills) and not all(kill.during_startup for kill in kills)
    assert {action.kind for action in first_actions(3, 0, 30)} == set(KINDS)
    for action in first_actions(3, 0, 100):
        assert len(action.payment_code()) == 18 and action.payment_code()[-6:] not in {"111111", "222222", "333333"}
        assert all(len(action.page(index)) == size for index, size in enumerate(action.pages))


def test_the_phase_of_a_kill_is_read_from_the_robots_last_line() -> None:
    assert phase_of([]) == "startup"
    assert phase_of(["ready"]) == "between actions (sync)"
    assert phase_of(["ready", "begin filing 1"]) == "filing save"
    assert phase_of(["ready", "begin filing 1", "done filing x K-1 sha=a"]) == "filing receipt print"
    assert phase_of(["ready", "begin payment 2", "done payment P1 at=t"]) == "payment receipt print"
    assert phase_of(["ready", "begin ticket 3"]) == "ticket (take + print)"
