"""Given a real hall, simulated pads on the production driver (pty and TCP) and virtual window displays, when staff
and citizens press keys, then the hall, the pads, the displays and the voice all agree."""

from __future__ import annotations

from devices.pads import PadKey, PadMode
from devices.state import DeviceState, Reason
from devices.ticketer import Call, spoken_text
from kiosk.hallclient import HallClient
from tests.kiosk.halldevices.conftest import Rig
from tests.support.waiting import wait_for


def test_call_recall_no_show_and_pause_reach_the_hall_and_the_pad(rig: Rig) -> None:
    assert rig.take("A", 3) == ["A001", "A002", "A003"]
    rig.press(1, PadKey.CALL_NEXT)
    view = rig.wait_view(1, PadMode.SERVING, "A001")
    assert (view.window, view.staff) == (1, 1001)
    assert rig.tickets()["A001"] == "called"
    rig.press(1, PadKey.RECALL)
    wait_for(lambda: len(rig.controller.calls.calls) == 2, "the recall")
    assert rig.controller.calls.calls[-1].recalls == 1
    rig.press(1, PadKey.NO_SHOW)
    rig.wait_view(1, PadMode.IDLE)
    assert rig.tickets()["A001"] == "missed"
    rig.press(2, PadKey.PAUSE)
    rig.wait_view(2, PadMode.PAUSED)
    assert rig.get("/api/v1/queue")["windows"][1]["paused"] is True
    rig.press(2, PadKey.CALL_NEXT)  # refused by the hall while paused: nothing is called
    rig.press(2, PadKey.PAUSE, PadKey.CALL_NEXT)
    rig.wait_view(2, PadMode.SERVING, "A002")
    assert rig.tickets() == {"A001": "missed", "A002": "called", "A003": "waiting"}


def test_invite_and_rate_stores_one_rating_with_the_pad_window_and_staff(rig: Rig) -> None:
    rig.take("A", 2)
    rig.press(2, PadKey.CALL_NEXT)
    rig.wait_view(2, PadMode.SERVING, "A001")
    rig.press(2, PadKey.INVITE_RATING)
    rig.wait_view(2, PadMode.AWAITING_RATING, "A001")
    rig.press(2, PadKey.VERY_SATISFIED)
    rig.wait_view(2, PadMode.THANKS)
    [rating] = wait_for(rig.ratings, "the rating at the hall")
    assert (rating.level, rating.channel, rating.window, rating.staff, rating.stage, rating.reasons) == (
        5, "pad", 2, "1002", "completion", []
    )  # fmt: skip
    rig.wait_view(2, PadMode.IDLE)
    assert rig.tickets()["A001"] == "completed"  # inviting the rating ended the service
    rig.press(2, PadKey.SATISFIED)  # outside an invitation: ignored
    rig.press(2, PadKey.CALL_NEXT)
    rig.wait_view(2, PadMode.SERVING, "A002")
    assert len(rig.ratings()) == 1 and rig.controller.pending_ratings() == 0


def test_a_bad_rating_from_the_pad_is_not_stated_and_opens_a_follow_up(rig: Rig) -> None:
    rig.take("B")
    rig.press(3, PadKey.CALL_NEXT)
    rig.wait_view(3, PadMode.SERVING, "B001")
    rig.press(3, PadKey.INVITE_RATING)
    rig.wait_view(3, PadMode.AWAITING_RATING)
    rig.press(3, PadKey.VERY_DISSATISFIED)
    [rating] = wait_for(rig.ratings, "the rating at the hall")
    assert (rating.level, rating.reasons, rating.staff) == (1, ["未说明"], "1003")
    [follow_up] = rig.get("/api/v1/follow-ups")["follow_ups"]
    assert follow_up["rating"]["id"] == str(rating.id)


def test_calls_are_shown_and_announced_once_each_in_order(rig: Rig) -> None:
    rig.take("A", 2)
    rig.take("B")
    rig.press(1, PadKey.CALL_NEXT)
    rig.wait_view(1, PadMode.SERVING, "A001")
    rig.press(2, PadKey.CALL_NEXT)
    rig.wait_view(2, PadMode.SERVING, "A002")
    rig.press(3, PadKey.CALL_NEXT)
    rig.wait_view(3, PadMode.SERVING, "B001")
    shown = wait_for(lambda: rig.displays.shown(3), "window 3's display")
    assert (shown.number, shown.text) == ("B001", "请B001号到3号窗口办理")
    assert rig.displays.shown(1).text == "请A001号到1号窗口办理"  # type: ignore[union-attr]
    wait_for(lambda: len(rig.voice.heard) == 6 and rig.controller.announcer.wait_idle(0), "three announcements")
    calls = [Call("A001", 1), Call("A002", 2), Call("B001", 3)]
    assert rig.voice.heard == [part for call in calls for part in ("<chime>", spoken_text(call))]
    assert rig.voice.heard[1] == "请A零零一号，到一号窗口办理"
    rig.press(1, PadKey.NO_SHOW)
    wait_for(lambda: rig.displays.shown(1) is None, "window 1's display to go blank")
    assert rig.displays.shown(2) is not None


def test_a_call_from_the_staff_page_reaches_the_pad(rig: Rig) -> None:
    rig.take("A")
    with HallClient(rig.url, rig.supervisor_token) as staff:  # what the staff page does for window 2
        staff.post("/api/v1/windows/2/call-next")
        rig.wait_view(2, PadMode.SERVING, "A001")
        staff.post("/api/v1/windows/2/pause", {"paused": True})
        rig.wait_view(2, PadMode.PAUSED, "A001")
        staff.post("/api/v1/windows/2/pause", {"paused": False})
        staff.post("/api/v1/windows/2/complete")
    rig.wait_view(2, PadMode.IDLE)


def test_a_burst_of_eight_arrives_once_and_a_burst_of_nine_reports_the_gap(rig: Rig) -> None:
    rig.take("A", 17)
    rig.sim.silence(1)  # the master cannot read the pad while the staff press: the presses pile up in its ring
    wait_for(lambda: not rig.controller.statuses()[1].answering, "pad 1 to be silent")
    rig.press(1, *[PadKey.CALL_NEXT] * 8)
    rig.sim.silence(1, False)
    rig.wait_view(1, PadMode.SERVING, "A008")
    assert sorted(n for n, s in rig.tickets().items() if s == "completed") == [f"A00{i}" for i in range(1, 8)]
    assert rig.controller.pads.lost_events == 0
    rig.sim.silence(1)
    wait_for(lambda: not rig.controller.statuses()[1].answering, "pad 1 to be silent again")
    rig.press(1, *[PadKey.CALL_NEXT] * 9)
    rig.sim.silence(1, False)
    rig.wait_view(1, PadMode.SERVING, "A016")  # the oldest of the nine is lost, and reported
    wait_for(lambda: rig.controller.pads.lost_events == 1, "the gap")
    assert rig.tickets()["A017"] == "waiting" and rig.controller.statuses()[1].counters.gaps == 1


def test_crc_noise_doubles_nothing(rig: Rig) -> None:
    rig.take("A", 3)
    rig.sim.noise(0.2)
    rig.press(1, PadKey.CALL_NEXT)
    rig.wait_view(1, PadMode.SERVING, "A001")
    rig.press(1, PadKey.INVITE_RATING)
    rig.wait_view(1, PadMode.AWAITING_RATING)
    rig.press(1, PadKey.SATISFIED)
    rig.wait_view(1, PadMode.IDLE)
    wait_for(rig.ratings, "the rating")
    rig.sim.noise(0)
    counters = rig.controller.statuses()[1].counters
    assert counters.crc_errors + counters.timeouts > 0  # the noise did hit the bus
    assert len(rig.ratings()) == 1
    assert rig.tickets() == {"A001": "completed", "A002": "waiting", "A003": "waiting"}


def test_a_silent_pad_is_reported_while_the_others_work(rig: Rig) -> None:
    rig.take("A")
    rig.sim.silence(3)
    wait_for(lambda: not rig.controller.statuses()[3].answering, "pad 3 to be silent")
    status = rig.controller.statuses()[3]
    assert status.state is DeviceState.OFFLINE and Reason.NO_ANSWER in status.status.reasons
    assert status.last_seen is not None
    rig.press(1, PadKey.CALL_NEXT)
    rig.wait_view(1, PadMode.SERVING, "A001")
    assert rig.controller.statuses()[1].answering
    rig.sim.silence(3, False)
    wait_for(lambda: rig.controller.statuses()[3].answering, "pad 3 back")


def test_with_the_hall_away_pads_are_busy_and_a_rating_arrives_once_when_it_is_back(rig: Rig) -> None:
    rig.take("A", 2)
    rig.press(1, PadKey.CALL_NEXT)
    rig.wait_view(1, PadMode.SERVING, "A001")
    rig.hall_down()
    rig.wait_view(1, PadMode.BUSY, "A001")
    rig.wait_view(2, PadMode.BUSY)
    rig.press(1, PadKey.CALL_NEXT)  # refused: the pad stays busy
    rig.press(1, PadKey.INVITE_RATING)  # rating still works: it waits in the local outbox
    rig.wait_view(1, PadMode.AWAITING_RATING, "A001")
    rig.press(1, PadKey.BASIC)
    rig.wait_view(1, PadMode.THANKS)
    rig.wait_view(1, PadMode.BUSY)
    wait_for(lambda: rig.controller.pending_ratings() == 1, "the rating kept locally")
    rig.hall_up()
    rig.wait_view(1, PadMode.SERVING, "A001")  # the ticket is still called at the hall: nobody completed it
    rig.wait_view(2, PadMode.IDLE)
    [rating] = wait_for(rig.ratings, "the rating delivered")
    assert (rating.level, rating.window, rating.channel) == (3, 1, "pad")
    wait_for(lambda: rig.controller.pending_ratings() == 0, "the outbox emptied")
    assert rig.tickets() == {"A001": "called", "A002": "waiting"}  # the refused call-next never happened
    assert len(rig.ratings()) == 1


def test_the_hall_device_page_hears_each_pad_display_and_the_voice(rig: Rig) -> None:
    def reported() -> dict[str, dict[str, object]]:
        return {d["device"]: d for d in rig.get("/api/v1/devices")["devices"] if d["source"] == "hall-devices"}

    def pad_3_is(state: str) -> dict[str, dict[str, object]] | None:
        devices = reported()
        return devices if devices.get("pad-3", {}).get("state") == state else None

    devices = wait_for(lambda: pad_3_is("ready"), "the first device report")
    assert set(devices) == {"pad-1", "pad-2", "pad-3", "display-1", "display-2", "display-3", "voice"}
    assert devices["pad-2"]["name"] == "2号窗口评价器 / pad at window 2" and devices["pad-2"]["detail"]["window"] == 2
    rig.sim.silence(3)
    pad = wait_for(lambda: pad_3_is("offline"), "pad 3 reported silent")["pad-3"]
    assert pad["reasons"] == ["no_answer"] and pad["last_seen"] is not None
    assert "设备无响应 / device not answering" in str(pad["message"])
    assert reported()["pad-1"]["state"] == "ready"
