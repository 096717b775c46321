"""What the kiosk can offer right now, from the devices' and the hall's state, and the words for what it cannot."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from common.refusals import hall_offline_paused
from devices.state import DeviceState
from devices.words import Words
from kiosk.station.filing_ports import FilingPort
from kiosk.station.ports import DevicesPort, HallPort


class Need(StrEnum):
    HALL = "hall"
    PRINTER = "printer"
    ID_READER = "id_reader"
    SCANNER = "scanner"
    FILING = "filing"  # the station provides a filing port (the kiosk is built to take filings)
    PAYMENT = "payment"  # the station provides a payment port (the kiosk is built to take fees)
    BOOKING = "booking"  # the station provides a booking port (the kiosk takes appointments)


# Why a function is paused, by what it lacks; Chinese first.
MISSING: dict[Need, Words] = {
    Need.HALL: hall_offline_paused(),  # the home screen says the rest once, with the hotline
    Need.PRINTER: Words("打印机暂不可用", "The printer is not available"),
    Need.ID_READER: Words("身份证阅读器暂不可用", "The ID card reader is not available"),
    Need.SCANNER: Words("扫码器暂不可用", "The QR code scanner is not available"),
    Need.FILING: Words("本机暂不提供自助申报和办件查询", "This kiosk does not offer filing or progress checks"),
    Need.PAYMENT: Words("本机暂不提供自助缴费", "This kiosk does not take fees"),
    Need.BOOKING: Words("本机暂不提供预约办理", "This kiosk does not take appointments"),
}


@dataclass(frozen=True)
class DeviceNotice:
    """A device that is not fine, in plain words for the message bar."""

    kind: str
    name: Words
    message: Words

    def text(self) -> Words:
        return Words(f"{self.name.zh}：{self.message.zh}", f"{self.name.en}: {self.message.en}")


@dataclass(frozen=True)
class Offers:
    hall_online: bool = True
    can_print: bool = True
    can_read_id: bool = True
    can_scan: bool = True
    notices: tuple[DeviceNotice, ...] = ()
    can_file: bool = False  # set by the kiosk from its ports (Kiosk(filing=...)), never read from the devices
    filings_waiting: int = 0  # filings stored here that the hall has not confirmed yet
    can_pay: bool = False  # set by the kiosk from its ports (Kiosk(payment=...)), never read from the devices
    can_book: bool = False  # set by the kiosk from its ports (Kiosk(booking=...))

    @classmethod
    def read(cls, hall: HallPort, devices: DevicesPort, filing: FilingPort | None = None) -> Offers:
        """Ask the ports (off the UI thread: they may block)."""
        notices = tuple(
            DeviceNotice(info.kind, Words(info.name_zh, info.name_en), info.message)
            for info in devices.infos()
            if info.kind != "hall" and info.message and info.state is not DeviceState.READY
        )
        waiting = filing.waiting() if filing is not None else 0
        return cls(
            hall.online,
            devices.can_print(),
            devices.can_read_id(),
            devices.can_scan(),
            notices,
            filings_waiting=waiting,
        )

    def has(self, need: Need) -> bool:
        return {
            Need.HALL: self.hall_online,
            Need.PRINTER: self.can_print,
            Need.ID_READER: self.can_read_id,
            Need.SCANNER: self.can_scan,
            Need.FILING: self.can_file,
            Need.PAYMENT: self.can_pay,
            Need.BOOKING: self.can_book,
        }[need]
