"""The voice queue: every call spoken once, in order, whole, with its chime and repeats; quiet hours stay quiet."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, time

import pytest

from devices.ticketer import (
    Announcer,
    Call,
    VoiceUnavailable,
    announcement_text,
    in_quiet_hours,
    spell_number,
    spoken_text,
    zh_number,
)


class RecordingVoice:
    """Stands in for the speaker: records what would be heard, with start and end so overlaps would show."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.heard: list[str] = []
        self.gate = gate
        self._lock = threading.Lock()
        self._playing = 0
        self.overlaps = 0
        self.started = threading.Event()

    def _play(self, what: str) -> None:
        with self._lock:
            self._playing += 1
            self.overlaps += self._playing > 1
            self.heard.append("start " + what)
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(10)
        with self._lock:
            self.heard.append("end " + what)
            self._playing -= 1

    def speak(self, text: str) -> None:
        self._play(text)

    def chime(self) -> None:
        self._play("chime")

    def said(self) -> list[str]:
        return [h.removeprefix("end ") for h in self.heard if h.startswith("end ")]


def test_the_words_are_the_halls_and_spelt_for_the_voice() -> None:
    call = Call("A017", 3)
    assert announcement_text(call) == "请A017号到3号窗口办理"
    assert announcement_text(call, "en") == "Number A017, please go to window 3"
    assert spoken_text(call) == "请A零一七号，到三号窗口办理"
    assert spoken_text(Call("V100", 12)) == "请V一零零号，到十二号窗口办理"
    assert spoken_text(call, "en") == "Number A 0 1 7, please go to window 3"


@pytest.mark.parametrize(
    ("window", "said"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (105, "一零五")]
)
def test_window_numbers_are_said_as_numbers(window: int, said: str) -> None:
    assert zh_number(window) == said


def test_ticket_numbers_are_said_sign_by_sign() -> None:
    assert spell_number("y009") == "Y零零九"


def test_each_call_is_a_chime_then_the_words_repeated() -> None:
    voice = RecordingVoice()
    announcer = Announcer(voice, repeats=2, pause=0)
    announcer.open()
    announcer.announce(Call("A017", 3))
    assert announcer.wait_idle(10)
    announcer.close()
    assert voice.said() == ["chime", "请A零一七号，到三号窗口办理", "请A零一七号，到三号窗口办理"]


def test_calls_in_a_row_queue_and_none_is_cut_off() -> None:
    gate = threading.Event()
    voice = RecordingVoice(gate)
    announcer = Announcer(voice, repeats=2, pause=0)
    announcer.open()
    calls = [Call("A017", 3), Call("B002", 1), Call("A018", 5, recalls=1)]
    # Given the first call is still playing (the gate holds the speaker), when more calls come in,
    for call in calls:
        announcer.announce(call)  # then announcing returns at once: the caller never waits for audio
    assert announcer.pending == 3
    gate.set()
    assert announcer.wait_idle(10)
    announcer.close()
    # and every call was heard whole, in the order called, nothing overlapping.
    assert voice.overlaps == 0
    expected: list[str] = []
    for call in calls:
        expected += ["chime", spoken_text(call), spoken_text(call)]
    assert voice.said() == expected
    assert all(a.replace("start ", "end ", 1) == b for a, b in zip(voice.heard[::2], voice.heard[1::2], strict=True))
    assert announcer.spoken == 3


def test_bilingual_halls_hear_chinese_then_english() -> None:
    voice = RecordingVoice()
    announcer = Announcer(voice, repeats=1, languages=("zh", "en"), pause=0)
    announcer.open()
    announcer.announce(Call("A017", 3))
    assert announcer.wait_idle(10)
    announcer.close()
    assert voice.said() == ["chime", "请A零一七号，到三号窗口办理", "Number A 0 1 7, please go to window 3"]


def test_quiet_hours_are_not_spoken(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "devices.ticketer")
    now = datetime(2025, 3, 3, 23, 30)
    voice = RecordingVoice()
    announcer = Announcer(voice, quiet_hours=[(time(22), time(7))], clock=lambda: now, pause=0)
    announcer.open()
    announcer.announce(Call("A017", 3))
    assert announcer.wait_idle(10)
    now = datetime(2025, 3, 4, 7, 0)
    announcer.announce(Call("A018", 3))
    assert announcer.wait_idle(10)
    announcer.close()
    assert voice.said() == ["chime", spoken_text(Call("A018", 3)), spoken_text(Call("A018", 3))]
    assert announcer.skipped_quiet == 1
    assert "quiet hours: A017" in caplog.text


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [(time(21, 59), False), (time(22), True), (time(3), True), (time(7), False), (time(12, 30), True)],
)
def test_quiet_hour_spans(moment: time, quiet: bool) -> None:
    spans = [(time(22), time(7)), (time(12), time(13))]
    assert in_quiet_hours(moment, spans) is quiet


def test_a_failing_speaker_does_not_stop_later_calls() -> None:
    class BrokenOnce(RecordingVoice):
        def speak(self, text: str) -> None:
            if not self.said().count("chime") > 1:
                raise OSError("audio device busy")
            super().speak(text)

    voice = BrokenOnce()
    announcer = Announcer(voice, repeats=1, pause=0)
    announcer.open()
    announcer.announce(Call("A017", 3))
    announcer.announce(Call("A018", 4))
    assert announcer.wait_idle(10)
    announcer.close()
    assert voice.said() == ["chime", "chime", spoken_text(Call("A018", 4))]
    assert (announcer.failed, announcer.spoken) == (1, 1)


def test_close_lets_the_current_call_finish_and_drops_the_queue() -> None:
    gate = threading.Event()
    voice = RecordingVoice(gate)
    announcer = Announcer(voice, repeats=1, pause=0)
    announcer.open()
    announcer.announce(Call("A017", 3))
    announcer.announce(Call("A018", 4))
    assert voice.started.wait(10)  # A017's chime is playing
    closer = threading.Thread(target=announcer.close)
    closer.start()
    gate.set()
    closer.join(10)
    assert voice.said() == ["chime", spoken_text(Call("A017", 3))]
    assert voice.overlaps == 0
    announcer.announce(Call("A019", 5))  # after close: logged, not queued
    assert announcer.wait_idle(1)


def test_no_sound_here_is_one_warning_line_not_a_traceback_per_call(caplog: pytest.LogCaptureFixture) -> None:
    class NoSoundCard(RecordingVoice):
        def chime(self) -> None:
            raise VoiceUnavailable("无法播放声音 / aplay failed: no soundcards found")

    announcer = Announcer(NoSoundCard(), repeats=1, pause=0)

    announcer.open()
    with caplog.at_level(logging.DEBUG, logger="devices.ticketer"):
        for number in ("A017", "A018", "A019"):
            announcer.announce(Call(number, 3))
        assert announcer.wait_idle(10)
        announcer.close()
    failures = [r for r in caplog.records if "could not speak" in r.getMessage()]
    assert [r.levelno for r in failures] == [logging.WARNING, logging.DEBUG, logging.DEBUG]
    assert all(r.exc_info is None for r in failures) and "no soundcards" in failures[0].getMessage()
    assert announcer.failed == 3
