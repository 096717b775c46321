"""The station's voice (kiosk/station/voice.py) without a screen: real espeak-ng synthesis into a WAV file, a new
text stopping the one being heard, a stopped aplay, a missing program said once in the log and never raised;
the words of speech (codes digit by digit, in the citizen's language); the [voice] settings."""

from __future__ import annotations

import logging
import stat
import threading
import time
import wave
from io import BytesIO
from pathlib import Path

import pytest
from pydantic import ValidationError

from common.settings.loader import load_kiosk_config
from common.settings.paths import shipped_config_dir
from common.settings.voice import KioskVoiceSection
from drivers.registry import VoiceUnavailable, create_speech
from kiosk.flows.voice import VoiceGuide, VoiceSettings
from kiosk.flows.voice_words import spell, spoken
from kiosk.station.voice import StationVoice, open_station_voice
from kiosk.station.voice_player import AplayPlayer, WavFilePlayer, has_sound_card, make_voice_player


class HeldPlayer:
    """A sound card whose sounds last until stopped: shows what a new text does to the one being heard."""

    def __init__(self) -> None:
        self.started: list[bytes] = []
        self.stopped = 0
        self.playing = threading.Event()
        self._stop = threading.Event()

    def play(self, wav: bytes) -> None:
        self.started.append(wav)
        self._stop.clear()
        self.playing.set()
        self._stop.wait(timeout=10)
        self.playing.clear()

    def stop(self) -> None:
        self.stopped += 1
        self._stop.set()


def test_espeak_says_chinese_and_english_into_a_wav_file(tmp_path: Path) -> None:
    player = WavFilePlayer(tmp_path / "voice" / "last-guide.wav")
    voice = StationVoice(create_speech("espeak", tmp_path), player)
    try:
        voice.say(spoken("取号成功。您的排队号 A017", "zh_CN"), "zh_CN")
        assert voice.wait_quiet()
        with wave.open(str(player.path)) as heard:
            chinese = heard.getnframes() / heard.getframerate()
        voice.say(spoken("Your number A017", "en"), "en")
        assert voice.wait_quiet()
        with wave.open(str(player.path)) as heard:
            english = heard.getnframes() / heard.getframerate()
    finally:
        voice.close()
    assert voice.said == [("取号成功。您的排队号 A 零 一 七", "zh_CN"), ("Your number A zero one seven", "en")]
    assert chinese > 1.5 and english > 1.0  # seconds of real speech, not a click
    assert voice.problem is None


def test_the_clips_engine_says_a_ticket_number_from_its_recordings(tmp_path: Path) -> None:
    speak = create_speech("clips", tmp_path)
    number = speak("A 零 一 七")  # every word has a clip: made once with espeak-ng, then joined
    assert (tmp_path / "voice" / "clips" / "A.wav").exists()
    sentence = speak("取号成功")  # no clip says 取: espeak-ng says it
    for made in (number, sentence):
        with wave.open(BytesIO(made)) as heard:
            assert heard.getnframes() > 0


def test_a_new_text_stops_the_one_being_heard(tmp_path: Path) -> None:
    player = HeldPlayer()
    voice = StationVoice(lambda text: text.encode(), player)
    try:
        voice.say("第一句很长", "zh_CN")
        assert player.playing.wait(5)
        assert voice.speaking
        voice.say("第二句", "zh_CN")
        voice.say("第三句", "zh_CN")  # replaces the second before it is made: never heard
        deadline = time.monotonic() + 10
        while len(player.started) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert player.stopped >= 1
        voice.stop()
        assert voice.wait_quiet()
    finally:
        voice.close()
    assert player.started[0] == "第一句很长".encode()
    assert player.started[-1] == "第三句".encode() and "第二句".encode() not in player.started


def test_aplay_is_stopped_mid_sound(tmp_path: Path) -> None:
    program = tmp_path / "aplay"
    program.write_text("#!/bin/sh\ncat > /dev/null\nsleep 30\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    player = AplayPlayer(executable=str(program))
    done = threading.Event()

    def play() -> None:
        player.play(b"RIFF....")  # returns without an error once stopped
        done.set()

    thread = threading.Thread(target=play)
    thread.start()
    while player._process is None and thread.is_alive():
        thread.join(0.01)
    player.stop()
    thread.join(10)
    assert done.is_set()


def test_a_missing_program_is_logged_once_and_never_raised(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    def broken(_text: str) -> bytes:
        raise VoiceUnavailable("语音合成不可用 / espeak-ng cannot run: not installed")

    voice = StationVoice(broken, WavFilePlayer(tmp_path / "x.wav"))
    try:
        with caplog.at_level(logging.WARNING):
            for text in ("一", "二", "三"):
                voice.say(text, "zh_CN")
                assert voice.wait_quiet()
    finally:
        voice.close()
    assert [r.message for r in caplog.records].count(
        "voice guide cannot speak: 语音合成不可用 / espeak-ng cannot run: not installed"
    ) == 1
    assert voice.problem is not None


def test_the_output_is_a_file_where_there_is_no_sound_card(tmp_path: Path) -> None:
    assert not has_sound_card(tmp_path / "no-cards")
    (tmp_path / "cards").write_text("--- no soundcards ---\n")
    assert not has_sound_card(tmp_path / "cards")
    assert isinstance(make_voice_player("file:guide.wav", tmp_path), WavFilePlayer)
    assert isinstance(make_voice_player("aplay:plughw:1,0", tmp_path), AplayPlayer)
    with pytest.raises(ValueError, match="voice output"):
        make_voice_player("pulse", tmp_path)


@pytest.mark.parametrize(
    ("text", "language", "said"),
    [
        ("A017", "zh_CN", "A 零 一 七"),
        ("A017", "en", "A zero one seven"),
        ("服务热线 12345", "zh_CN", "服务热线 一 二 三 四 五"),
        ("预约码 SZ-2026-0042", "zh_CN", "预约码 S Z 二 零 二 六 零 零 四 二"),
        ("等候 3 人", "zh_CN", "等候 三 人"),
        ("请到 15 号窗口", "zh_CN", "请到 十五 号窗口"),
        ("08:30-17:00", "zh_CN", "八点三十分至十七点整"),
        ("2 people ahead", "en", "2 people ahead"),
        ("您的排队号\nA017", "zh_CN", "您的排队号，A 零 一 七"),
    ],
)
def test_codes_and_numbers_are_said_in_the_citizens_language(text: str, language: str, said: str) -> None:
    assert spoken(text, language) == said  # type: ignore[arg-type]


def test_a_code_is_spelled_a_character_at_a_time() -> None:
    assert spell("13800138000", "zh_CN") == "一 三 八 零 零 一 三 八 零 零 零"
    assert spell("990101********1237", "en").split()[:2] == ["nine", "nine"]


def test_the_mode_is_offered_only_with_a_voice_and_the_config_allowing_it(tmp_path: Path) -> None:
    assert not VoiceGuide(None).offered
    guide = VoiceGuide(StationVoice(lambda text: b"", WavFilePlayer(tmp_path / "x.wav")), VoiceSettings(enabled=False))
    try:
        assert not guide.switch(True) and not guide.on
    finally:
        assert guide.port is not None
        guide.port.close()  # type: ignore[attr-defined]
    assert open_station_voice(KioskVoiceSection(enabled=False), tmp_path) is None


def test_the_voice_settings_refuse_what_cannot_work() -> None:
    with pytest.raises(ValidationError, match="engine"):
        KioskVoiceSection.model_validate({"engine": "festival"})
    with pytest.raises(ValidationError, match="idle_timeout_s"):
        KioskVoiceSection.model_validate({"idle_timeout_s": 5})
    with pytest.raises(ValidationError, match="output"):
        KioskVoiceSection.model_validate({"output": "pulse"})
    shipped = VoiceSettings.from_config(load_kiosk_config(shipped_config_dir() / "kiosk.toml"))
    assert shipped.enabled and shipped.long_press_s == 2.0 and shipped.idle_timeout_s > 120  # more than elder mode's
