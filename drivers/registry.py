"""The one place that turns a device URL into a working driver: scheme -> transport -> device.

Each device kind has a factory here; ``sim://`` gives the production driver talking to an in-process simulator
over a pty (a virtual camera for the camera), so simulated stations run the same code paths as real ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from devices.pads import Pads
from devices.printer import PrinterProfile
from devices.ticketer import VoiceBackend, WindowDisplays
from devices.url import PRINTER_SCHEMES, DeviceUrl, DeviceUrlError, parse_device_url
from drivers.escpos.printer import EscPosPrinter
from drivers.transports import FileTransport, SerialTransport, TcpTransport, Transport, UsbTransport

TRANSPORTS: dict[str, Callable[[DeviceUrl], Transport]] = {
    "serial": SerialTransport,
    "socket": SerialTransport,
    "rfc2217": SerialTransport,
    "loop": SerialTransport,
    "spy": SerialTransport,
    "tcp": TcpTransport,
    "file": FileTransport,
    "usb": UsbTransport,
}


def open_transport(url: DeviceUrl) -> Transport:
    try:
        return TRANSPORTS[url.scheme](url)
    except KeyError:
        raise DeviceUrlError(f"没有可用的驱动 / no driver for {url.scheme}:// here") from None


def create_printer(url: str, profile: PrinterProfile, *, sim_out_dir: Path | None = None) -> EscPosPrinter:
    """The ESC/POS driver on the URL's transport; ``sim://`` gives it a virtual printer on a pty, started by the
    printer's ``open``."""
    parsed = parse_device_url(url, PRINTER_SCHEMES)
    if parsed.is_simulated:
        from drivers.sim.printer import VirtualPrinter  # noqa: PLC0415 - only simulated stations load it
        from drivers.sim.pty import PtyPlug  # noqa: PLC0415

        sim = VirtualPrinter(dots_per_line=profile.paper.dots_per_line, out_dir=sim_out_dir)
        plug = PtyPlug(sim, "printer")  # started by the printer's open()
        transport = open_transport(parse_device_url(f"serial://{plug.path}"))
        printer = EscPosPrinter(transport, profile, on_open=plug.start, on_close=plug.stop)
        printer.simulator = sim
        return printer
    return EscPosPrinter(open_transport(parsed), profile)


# The other device kinds keep their URL handling beside their drivers; this table is the one list of them.
from drivers.camera.factory import create_camera_scanner, create_document_camera  # noqa: E402
from drivers.idcard.factory import create_id_reader  # noqa: E402
from drivers.scanner.factory import create_scanner  # noqa: E402
from drivers.ticketer.displays import ANSWER_TIMEOUT, HEALTH_INTERVAL, RETRIES, SerialWindowDisplays  # noqa: E402
from drivers.ticketer.voice import SPEED, EspeakVoice, FilePlayer, VoiceUnavailable  # noqa: E402
from drivers.ticketer.voice import create_voice as make_voice  # noqa: E402


def create_pad_bus(url: str, addresses: Iterable[int], *, timeout_s: float = 0.2, retries: int = 2) -> Pads:
    """The pad bus master on ``serial://`` (RS-485 adapter), ``socket://`` (RS-485-to-Ethernet gateway) or
    ``sim://?count=N`` (simulated pads on a pty, the bus's ``simulator``, started by ``open``)."""
    from drivers.pads.master import PadBus  # noqa: PLC0415 - pymodbus only where pads are driven

    return PadBus(url, addresses, timeout_s=timeout_s, retries=retries)


def create_window_displays(
    url: str,
    windows: Mapping[int, int],
    *,
    answer_timeout: float = ANSWER_TIMEOUT,
    retries: int = RETRIES,
    health_interval: float = HEALTH_INTERVAL,
) -> WindowDisplays:
    """The window displays on one RS-485 line (``serial://``, a gateway's ``socket://``) or ``sim://`` (virtual
    displays on a pty, the displays' ``simulator``, started by ``open``). ``windows`` maps window number to bus
    address; ``health_interval`` seconds between the checks that restore what a display lost (0: none)."""
    return SerialWindowDisplays(
        url, windows, answer_timeout=answer_timeout, retries=retries, health_interval=health_interval
    )


def create_voice(name: str, data_dir: Path, *, output: str = "auto", clips_dir: Path | None = None) -> VoiceBackend:
    """The voice named in config (``espeak``, ``clips`` or ``none``) on ``output`` (``auto``, ``aplay[:DEVICE]``
    or ``file[:PATH]``); see drivers/ticketer/voice.py. Nothing to open: each call runs its program."""
    return make_voice(name, data_dir, output=output, clips_dir=clips_dir)


def create_speech(
    engine: str, data_dir: Path, *, speed: int = SPEED, clips_dir: Path | None = None
) -> Callable[[str], bytes]:
    """Text to a WAV for a voice that says any text (the kiosk's voice-guided mode), with the hall caller's
    engines: ``espeak`` (espeak-ng's Mandarin for text with Chinese in it, English otherwise) or ``clips`` (the
    recorded clips say each spelled-out code, "A 零 一 七", espeak-ng the words around it). Raises
    VoiceUnavailable (a technician's message) when a program is missing or fails."""
    espeak = EspeakVoice(FilePlayer(data_dir / "voice" / "unused.wav"), speed=speed)
    if engine == "espeak":
        return lambda text: espeak.synthesize(text).to_wav()
    if engine != "clips":
        raise ValueError(f"语音类型无效 / voice engine must be espeak or clips, got {engine!r}")
    from drivers.ticketer.clips import ClipsVoice  # noqa: PLC0415 - clips are one of two choices
    from drivers.ticketer.wavs import BadAudio, join  # noqa: PLC0415

    clips = ClipsVoice(clips_dir or data_dir / "voice" / "clips", espeak.player, maker=espeak)

    def speak(text: str) -> bytes:
        parts = [part for part in SPELLED.split(text) if part.strip(" ，,")]
        made = [clips.audio(part) if SPELLED.fullmatch(part) else espeak.synthesize(part) for part in parts]
        try:
            return join(made).to_wav()
        except BadAudio:  # a hall's own clips at another rate: espeak-ng says it all
            return espeak.synthesize(text).to_wav()

    return speak


# A code spelled out for speech ("A 零 一 七"): letters and Chinese digits, one at a time; the clips say these.
SPELLED = re.compile(r"((?:[A-Z]|[零一二三四五六七八九])(?: (?:[A-Z]|[零一二三四五六七八九]))+)")


def create_wav_file_player(path: Path) -> FilePlayer:
    """Where there is no sound card: each sound replaces one WAV file, for a technician to check."""
    return FilePlayer(path)


__all__ = [
    "TRANSPORTS",
    "VoiceUnavailable",
    "create_camera_scanner",
    "create_document_camera",
    "create_id_reader",
    "create_pad_bus",
    "create_printer",
    "create_scanner",
    "create_speech",
    "create_voice",
    "create_wav_file_player",
    "create_window_displays",
    "open_transport",
]
