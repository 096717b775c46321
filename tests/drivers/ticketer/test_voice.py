"""The offline voices: real espeak-ng audio, clips joined into a call, the chime, and where the sound goes."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from devices.ticketer import Announcer, Call, spoken_text
from drivers.ticketer.clips import CHIME_CLIP, PAUSE_CLIP, ClipsVoice, clip_names
from drivers.ticketer.voice import (
    MANDARIN_VOICE,
    AplayPlayer,
    EspeakVoice,
    FilePlayer,
    SilentVoice,
    VoiceUnavailable,
    create_voice,
    make_player,
)
from drivers.ticketer.wavs import Audio, BadAudio, chime, join, read_wav, rms, silence, trim

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (make test installs it: apt espeak-ng)"
)
CALL = Call("A017", 3)


def wav_file(path: Path) -> Audio:
    with wave.open(str(path), "rb") as wav:  # the standard reader: a header that lies would fail here
        frames = wav.readframes(wav.getnframes())
        assert wav.getnframes() * wav.getsampwidth() * wav.getnchannels() == len(frames)
        return Audio(frames, wav.getframerate(), wav.getnchannels(), wav.getsampwidth())


@needs_espeak
def test_espeak_renders_a_real_call_to_a_wav_file(tmp_path: Path) -> None:
    voice = EspeakVoice(FilePlayer(tmp_path / "unused.wav"))
    path = voice.render_wav(spoken_text(CALL), tmp_path / "a017.wav")
    audio = wav_file(path)
    assert audio.fmt == (22050, 1, 2)
    assert 1.5 < audio.seconds < 8  # thirteen syllables at a calm pace
    assert rms(audio) > 500  # speech, not silence


@needs_espeak
def test_the_mandarin_voice_reads_chinese_as_mandarin() -> None:
    # espeak-ng 1.51's plain `cmn` voice switches to English for every character; the chosen one must not.
    phonemes = subprocess.run(
        ["espeak-ng", "-v", MANDARIN_VOICE, "-x", "-q", spoken_text(CALL)], capture_output=True, text=True, check=True
    ).stdout
    assert "(en)" not in phonemes
    assert phonemes.count("_|") >= 13  # every syllable said: 请 A 零 一 七 号 到 三 号 窗 口 办 理


@needs_espeak
def test_an_announced_call_ends_up_in_the_last_announcement_file(tmp_path: Path) -> None:
    voice = create_voice("espeak", tmp_path, output="file")
    announcer = Announcer(voice, repeats=1, pause=0)
    announcer.open()
    announcer.announce(CALL)
    assert announcer.wait_idle(30)
    announcer.close()
    assert announcer.spoken == 1
    last = wav_file(tmp_path / "voice" / "last-announcement.wav")
    assert last.seconds > 1.5 and rms(last) > 500


@needs_espeak
def test_clips_are_made_once_and_joined_into_a_call(tmp_path: Path) -> None:
    out = tmp_path / "out.wav"
    voice = create_voice("clips", tmp_path, output=f"file:{out}")
    assert isinstance(voice, ClipsVoice)
    made = voice.prepare()
    assert {"qing", "chuangkou", "banli", "0", "10", "A", "Y", PAUSE_CLIP, CHIME_CLIP} <= set(made)
    assert ClipsVoice(voice.directory, FilePlayer(out)).prepare() == []  # the second time, nothing to make
    voice.speak(spoken_text(CALL))
    call = wav_file(out)
    clips = [read_wav((voice.directory / f"{name}.wav").read_bytes()) for name in clip_names(spoken_text(CALL))]
    assert call.seconds > sum(clip.seconds for clip in clips)  # every clip, and the gaps between them
    assert rms(call) > 500
    voice.chime()
    assert wav_file(out).frames == chime().frames


def test_clip_names_follow_the_words() -> None:
    assert clip_names("请A零一七号，到十二号窗口办理") == [
        "qing", "A", "0", "1", "7", "hao", "pause", "dao", "10", "2", "hao", "chuangkou", "banli"
    ]  # fmt: skip
    with pytest.raises(VoiceUnavailable, match="no clip says '市'"):
        clip_names("请到市民中心")


def recordings(directory: Path, rate: int) -> None:
    """A hall's own clips: here tones at ``rate`` standing in for a person's recordings, one per clip name."""
    directory.mkdir(parents=True, exist_ok=True)
    tone = Audio(chime(rate).frames[: rate // 2], rate).to_wav()
    for name in set(clip_names("请ABCDEFGHIJKLMNOPQRSTUVWXYZ零一二三四五六七八九十号到窗口办理")):
        (directory / f"{name}.wav").write_bytes(tone)


def test_a_halls_own_recordings_need_no_espeak(tmp_path: Path) -> None:
    recordings(tmp_path / "clips", 44100)
    out = tmp_path / "out.wav"
    voice = ClipsVoice(tmp_path / "clips", FilePlayer(out))
    assert set(voice.prepare()) == {PAUSE_CLIP, CHIME_CLIP}  # made at the recordings' rate
    voice.speak("请B零零二号，到一号窗口办理")
    assert wav_file(out).rate == 44100


def test_clips_in_another_format_are_named(tmp_path: Path) -> None:
    recordings(tmp_path / "clips", 44100)
    (tmp_path / "clips" / "7.wav").write_bytes(silence(0.2, 22050).to_wav())
    with pytest.raises(BadAudio, match="clip 7 is 22050 Hz"):
        ClipsVoice(tmp_path / "clips", FilePlayer(tmp_path / "out.wav")).prepare()


def test_missing_clips_without_espeak_say_which(tmp_path: Path) -> None:
    recordings(tmp_path / "clips", 22050)
    (tmp_path / "clips" / "banli.wav").unlink()
    with pytest.raises(VoiceUnavailable, match="banli"):
        ClipsVoice(tmp_path / "clips", FilePlayer(tmp_path / "out.wav")).prepare()


def test_the_chime_is_two_falling_notes() -> None:
    ding = chime()
    assert 1.2 < ding.seconds < 1.5
    first, second = (Audio(ding.frames[a * 2 : b * 2]) for a, b in ((0, 9000), (11000, 20000)))

    def crossings(part: Audio) -> float:
        samples = [int.from_bytes(part.frames[i : i + 2], "little", signed=True) for i in range(0, len(part.frames), 2)]
        return sum(1 for a, b in itertools.pairwise(samples) if a < 0 <= b) / part.seconds

    assert crossings(first) == pytest.approx(659, rel=0.05)
    assert crossings(second) == pytest.approx(523, rel=0.05)


def test_trim_cuts_the_quiet_ends() -> None:
    padded = join([silence(0.5), chime(), silence(0.5)])
    assert trim(padded).seconds < chime().seconds + 0.1
    assert trim(silence(1)).frames == b""


def test_a_header_that_lies_about_its_length_is_read_to_the_end() -> None:
    wav = bytearray(chime().to_wav())
    wav[40:44] = (0x7FFFF000).to_bytes(4, "little")  # what espeak-ng --stdout writes: it cannot seek back
    assert read_wav(bytes(wav)).frames == chime().frames
    with pytest.raises(BadAudio):
        read_wav(b"RIFF not a wav")


def test_outputs(tmp_path: Path) -> None:
    assert isinstance(make_player("file", tmp_path), FilePlayer)
    player = make_player("aplay:plughw:1,0", tmp_path)
    assert isinstance(player, AplayPlayer) and player.device == "plughw:1,0"
    auto = make_player("auto", tmp_path)
    assert isinstance(auto, AplayPlayer if shutil.which("aplay") else FilePlayer)
    with pytest.raises(ValueError, match="voice output"):
        make_player("bluetooth", tmp_path)
    with pytest.raises(ValueError, match="voice must be"):
        create_voice("cloud", tmp_path)
    assert isinstance(create_voice("none", tmp_path), SilentVoice)


def test_aplay_gets_the_wav_on_its_input(tmp_path: Path) -> None:
    # A stand-in for aplay with its command line: no sound card here, but the same pipe and arguments.
    fake = tmp_path / "aplay"
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/heard.wav\n')
    fake.chmod(0o755)
    AplayPlayer("plughw:1,0", executable=str(fake)).play(chime().to_wav())
    assert (tmp_path / "args").read_text().split() == ["-q", "-D", "plughw:1,0", "-"]
    assert read_wav((tmp_path / "heard.wav").read_bytes()).frames == chime().frames
    failing = tmp_path / "broken"
    failing.write_text("#!/bin/sh\necho 'no such device' >&2\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(VoiceUnavailable, match="no such device"):
        AplayPlayer(executable=str(failing)).play(chime().to_wav())


def test_the_silent_voice_only_logs() -> None:
    voice = SilentVoice()
    voice.chime()
    voice.speak("请A零一七号，到三号窗口办理")
    assert voice.said == ["请A零一七号，到三号窗口办理"]
