"""ID card reader URLs to drivers: ``sim://`` starts the virtual reader on a pty, serial URLs get the driver."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from devices.identity import Identity
from devices.url import READER_SCHEMES, DeviceUrlError, parse_device_url
from drivers.idcard.reader import Ga467Reader
from drivers.sim.idcard import SimFault, VirtualIdReader
from drivers.sim.pty import PtyPlug
from drivers.transports import SerialTransport


def create_id_reader(url: str, *, sim_identities: Sequence[Identity] | None = None) -> Ga467Reader:
    """The GA 467 driver on the URL's serial line. ``sim://?card=N&fault=F`` gives a virtual reader on a pty,
    started by the reader's ``open``, holding ``sim_identities`` (default: the fictional set), with card N
    placed and fault F on."""
    parsed = parse_device_url(url, READER_SCHEMES)
    if parsed.is_simulated:
        sim = VirtualIdReader(sim_identities)
        _apply_sim_options(sim, parsed.params, url)
        plug = PtyPlug(sim, "idcard")  # started by the reader's open()
        reader = Ga467Reader(
            SerialTransport(parse_device_url(f"serial://{plug.path}")), on_open=plug.start, on_close=plug.stop
        )
        reader.simulator = sim
        return reader
    return Ga467Reader(SerialTransport(parsed))


def _apply_sim_options(sim: VirtualIdReader, params: Mapping[str, str], url: str) -> None:
    faults = {fault.value for fault in SimFault}
    for key, value in params.items():
        if key == "card" and value.isdigit() and int(value) < len(sim.identities):
            sim.place(int(value))
        elif key == "fault" and value in faults:
            sim.inject(SimFault(value))
        else:
            raise DeviceUrlError(
                f"模拟阅读器参数无效 / bad sim:// option {key}={value!r} "
                f"(card=0..{len(sim.identities) - 1}, fault={'|'.join(sorted(faults))}): {url}"
            )
