"""The hall benchmark's load generator: open loop on a clock, closed-loop clients, latencies per request."""

from __future__ import annotations

import asyncio

import pytest

from devtools.loadgen import closed_loop, open_loop, percentile, schedule


class FakeClock:
    """Virtual time: sleeping moves it forward at once; ``stall_on`` makes one sleep overshoot like a busy client."""

    def __init__(self, stall_on: int | None = None, stall: float = 0.0) -> None:
        self.now = 100.0
        self.sleeps = 0
        self.stall_on, self.stall = stall_on, stall

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)  # like a real sleep, let the requests already due run first
        self.now += seconds + (self.stall if self.sleeps == self.stall_on else 0.0)
        self.sleeps += 1


def test_given_a_rate_when_scheduled_then_sends_are_evenly_spaced_at_that_rate() -> None:
    offsets = schedule(100, 5)
    assert offsets == pytest.approx([0.0, 0.01, 0.02, 0.03, 0.04])
    with pytest.raises(ValueError, match="positive"):
        schedule(0, 3)


def test_given_an_open_loop_when_run_then_each_request_is_sent_at_its_time_on_the_clock() -> None:
    clock = FakeClock()
    sent_at: list[float] = []

    async def send(_index: int) -> int:
        sent_at.append(clock())
        return 201

    run = asyncio.run(open_loop(send, 100, 50, clock=clock, sleep=clock.sleep))
    assert sent_at == pytest.approx([100.0 + i / 100 for i in range(50)])
    assert [s.index for s in run.samples] == list(range(50))
    assert run.count(201) == 50 and all(s.latency == 0 for s in run.samples)


def test_given_a_slow_server_when_open_loop_then_requests_keep_going_out_without_waiting_for_answers() -> None:
    started: list[int] = []

    async def scenario() -> None:
        everyone_sent = asyncio.Event()

        async def send(index: int) -> int:
            started.append(index)
            if len(started) == 20:
                everyone_sent.set()
            await everyone_sent.wait()  # no answer comes until every request has gone out
            return 201

        run = await asyncio.wait_for(open_loop(send, 2000, 20), timeout=30)
        assert run.count(201) == 20

    asyncio.run(scenario())
    assert sorted(started) == list(range(20))


def test_given_the_client_stalls_when_open_loop_then_latency_counts_from_the_scheduled_send_time() -> None:
    clock = FakeClock(stall_on=1, stall=0.2)  # the wait before request 2 oversleeps by 200 ms

    async def send(_index: int) -> int:
        return 201

    run = asyncio.run(open_loop(send, 100, 5, clock=clock, sleep=clock.sleep))
    latencies = [s.latency for s in run.samples]
    # Request 2 went out 200 ms late and 3, 4 right after it: the delay shows up in their latencies, as a user
    # waiting for them would see it, instead of vanishing because the answer itself was quick.
    assert latencies == pytest.approx([0.0, 0.0, 0.2, 0.19, 0.18])
    assert [s.lag for s in run.samples] == pytest.approx([0.0, 0.0, 0.2, 0.19, 0.18])


def test_given_clients_when_closed_loop_then_each_waits_for_its_answer_and_every_request_goes_once() -> None:
    in_flight, most = 0, 0

    async def send(index: int) -> int:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0)
        in_flight -= 1
        return 409 if index % 10 == 0 else 201

    run = asyncio.run(closed_loop(send, 5, 100))
    assert most == 5
    assert [s.index for s in run.samples] == list(range(100))
    assert run.statuses() == {201: 90, 409: 10}
    assert all(s.finished >= s.started == s.scheduled for s in run.samples)


def test_given_a_duration_when_closed_loop_then_no_request_starts_after_it() -> None:
    clock = FakeClock()

    async def send(_index: int) -> int:
        await asyncio.sleep(0)
        clock.now += 0.1  # every answer takes 100 ms of virtual time
        return 201

    run = asyncio.run(closed_loop(send, 2, 1000, duration=1.0, clock=clock))
    assert 0 < len(run.samples) < 1000
    assert all(s.started - run.began < 1.0 for s in run.samples)
    assert run.statuses() == {201: len(run.samples)}


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.99), percentile(values, 1.0)) == (50.0, 99.0, 100.0)
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) != percentile([], 0.5)  # NaN: no samples, no figure
