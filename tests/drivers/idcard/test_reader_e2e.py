"""The production GA 467 driver against the virtual reader over a pty: what it reads, and what each fault does."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from devices.device import HealthMonitor
from devices.identity import CardOutcome, CardResult, Identity, Rejection
from devices.state import DeviceState, Reason, StatusChanged
from devices.url import DeviceUrlError
from devices.words import Words
from drivers.idcard.factory import create_id_reader
from drivers.idcard.protocol import Command, Problem
from drivers.idcard.reader import Ga467Reader
from drivers.sim.idcard import FICTIONAL_IDENTITIES, SimFault, VirtualIdReader
from tests.drivers.idcard.conftest import TODAY, serial_to
from tests.support.waiting import wait_until


@pytest.mark.parametrize("index", range(len(FICTIONAL_IDENTITIES)), ids=lambda i: f"card{i}")
def test_every_field_of_each_fictional_card_round_trips(
    reader: Ga467Reader, virtual_reader: VirtualIdReader, index: int
) -> None:
    virtual_reader.place(index)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.READ, result.message
    assert result.identity == FICTIONAL_IDENTITIES[index]  # every field, the rare character and the photo too
    assert reader.status.state is DeviceState.READY


def test_a_card_left_on_the_reader_is_read_once(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    virtual_reader.place(0)
    assert reader.read_card(10).ok
    again = reader.read_card(1.0)
    assert again.outcome is CardOutcome.NO_CARD
    assert again.message == Words("读卡超时", "timed out waiting for a card")
    assert virtual_reader.reads_served == 1


def test_taking_the_card_off_and_placing_it_again_reads_it_again(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    virtual_reader.place(0)
    assert reader.read_card(10).ok
    virtual_reader.remove()
    assert reader.read_card(0.5).outcome is CardOutcome.NO_CARD
    virtual_reader.place(0)
    result = reader.read_card(10)
    assert result.ok and result.identity == FICTIONAL_IDENTITIES[0]
    assert virtual_reader.reads_served == 2


def test_another_card_placed_while_waiting_is_read(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    timer = threading.Timer(0.5, virtual_reader.place, args=(3,))
    timer.start()
    try:
        result = reader.read_card(10)
    finally:
        timer.join()
    assert result.ok and result.identity == FICTIONAL_IDENTITIES[3]


def test_no_card_is_not_a_fault(reader: Ga467Reader) -> None:
    assert reader.read_card(0.5).outcome is CardOutcome.NO_CARD
    assert reader.status.state is DeviceState.READY


def test_persistent_checksum_errors_are_a_protocol_fault_that_clears(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    virtual_reader.place(0)
    virtual_reader.inject(SimFault.CHECKSUM)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.FAULT and result.reasons == {Reason.PROTOCOL_ERROR}
    assert result.message == Words("设备通信错误", "garbled answers from the device")
    faulted = reader.status
    assert faulted.state is DeviceState.FAULT and faulted.reasons == {Reason.PROTOCOL_ERROR}
    virtual_reader.clear_faults()
    assert reader.read_card(10).ok
    assert reader.status.state is DeviceState.READY


def test_one_garbled_reply_is_retried_and_the_card_still_reads(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    virtual_reader.place(1)
    virtual_reader.inject(SimFault.CHECKSUM, times=1)
    result = reader.read_card(10)
    assert result.ok and result.identity == FICTIONAL_IDENTITIES[1]
    assert reader.frame_problems[Problem.CHECKSUM] == 1


def test_garbage_on_the_line_before_a_reply_is_skipped(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    virtual_reader.place(2)
    original = virtual_reader._reply

    def noisy(answer: bytes, reply) -> None:  # type: ignore[no-untyped-def]
        original(b"\x00\x13\xff" + answer, reply)

    virtual_reader._reply = noisy  # type: ignore[method-assign]
    result = reader.read_card(10)
    assert result.ok and result.identity == FICTIONAL_IDENTITIES[2]
    assert reader.frame_problems[Problem.GARBAGE] > 0


def test_a_silent_reader_is_offline_no_answer(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    virtual_reader.inject(SimFault.SILENT)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.FAULT and result.reasons == {Reason.NO_ANSWER}
    assert result.message == Words("设备无响应", "device not answering")
    assert reader.status.state is DeviceState.OFFLINE
    virtual_reader.clear_faults()
    assert reader.check_health().state is DeviceState.READY


def test_a_failed_sam_is_reset_once_then_reported(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    virtual_reader.inject(SimFault.SAM)
    status = reader.check_health()
    assert status.state is DeviceState.FAULT and status.reasons == {Reason.SAM_FAILURE}
    assert virtual_reader.commands[Command.RESET_SAM] == 1
    virtual_reader.place(0)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.FAULT
    assert result.message == Words("身份证阅读模块故障", "ID reader security module failed")
    virtual_reader.clear_faults()
    assert reader.check_health().state is DeviceState.READY
    assert reader.read_card(10).ok


def test_a_card_that_cannot_be_read_asks_for_it_again_and_the_reader_stays_ready(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    virtual_reader.place(0)
    virtual_reader.inject(SimFault.READ)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.REJECTED and result.rejection is Rejection.UNREADABLE
    assert result.reasons == {Reason.CARD_READ_FAILED} and result.identity is None
    assert result.message == Words("读卡失败，请重新放置身份证", "could not read the card, please place it again")
    assert reader.status.state is DeviceState.READY
    assert virtual_reader.commands[Command.READ_TEXT_PHOTO] == 3  # tried, then twice more


def test_a_corrupted_id_number_is_rejected_without_the_identity(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    virtual_reader.place(0)
    virtual_reader.inject(SimFault.CORRUPT_ID)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.REJECTED and result.rejection is Rejection.INVALID
    assert result.message == Words("请重新放置身份证", "please place the ID card again")
    assert result.identity is None and "check character" in result.detail
    virtual_reader.clear_faults()
    virtual_reader.remove()
    assert reader.read_card(0.5).outcome is CardOutcome.NO_CARD
    virtual_reader.place(0)
    assert reader.read_card(10).ok


def test_an_expired_card_is_rejected_but_carries_the_identity(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    virtual_reader.place(2)  # a 长期 card, served with a validity that ended in 2011
    virtual_reader.inject(SimFault.EXPIRED)
    result = reader.read_card(10)
    assert result.outcome is CardOutcome.REJECTED and result.rejection is Rejection.EXPIRED
    assert result.message == Words("身份证已过期", "this ID card has expired")
    assert result.identity is not None and result.identity.name == FICTIONAL_IDENTITIES[2].name
    assert result.identity.valid_to is not None and result.identity.is_expired(TODAY)


def test_unplug_and_replug_returns_to_ready_by_itself(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    changes: list[StatusChanged] = []
    reader.subscribe(changes.append)
    monitor = HealthMonitor(reader, interval=0.1, first_retry=0.1, max_backoff=0.4)
    monitor.start()
    try:
        virtual_reader.drop_connection()
        assert wait_until(lambda: reader.status.reasons == {Reason.DISCONNECTED})
        assert reader.status.state is DeviceState.OFFLINE
        result = reader.read_card(1)
        assert result.outcome is CardOutcome.FAULT and result.reasons == {Reason.DISCONNECTED}
        assert result.message == Words("设备未连接", "device disconnected")
        virtual_reader.replug()
        assert wait_until(lambda: reader.status.state is DeviceState.READY)
    finally:
        monitor.stop()
    virtual_reader.place(4)
    assert reader.read_card(10).ok
    assert [c.new.state for c in changes][-2:] == [DeviceState.OFFLINE, DeviceState.READY]


def test_a_line_throttled_to_115200_baud_still_reads(tmp_path: Path) -> None:
    sim = VirtualIdReader()
    sim.baud = 115200
    sim.start_pty(tmp_path / "slow")
    sim.place(1)
    driver = Ga467Reader(serial_to(tmp_path / "slow"), today=lambda: TODAY)
    try:
        result = driver.read_card(10)
    finally:
        driver.close()
        sim.stop()
    assert result.ok and result.identity == FICTIONAL_IDENTITIES[1]


def test_waiting_in_the_background_delivers_each_card_once_and_stops_polling_when_told(
    reader: Ga467Reader, virtual_reader: VirtualIdReader
) -> None:
    results: list[CardResult] = []
    reader.start_waiting(results.append)
    try:
        virtual_reader.place(0)
        assert wait_until(lambda: len(results) == 1)
        polls = virtual_reader.commands[Command.FIND_CARD]
        assert wait_until(lambda: virtual_reader.commands[Command.FIND_CARD] >= polls + 3)
        assert len(results) == 1  # still on the reader: not delivered again
        virtual_reader.remove()
        virtual_reader.place(3)
        assert wait_until(lambda: len(results) == 2)
    finally:
        reader.stop_waiting()
    assert [r.identity for r in results] == [FICTIONAL_IDENTITIES[0], FICTIONAL_IDENTITIES[3]]
    stopped_at = virtual_reader.commands[Command.FIND_CARD]
    threading.Event().wait(0.7)
    assert virtual_reader.commands[Command.FIND_CARD] == stopped_at


def test_waiting_in_the_background_reports_a_fault_once(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    results: list[CardResult] = []
    virtual_reader.inject(SimFault.SAM)
    reader.start_waiting(results.append)
    try:
        assert wait_until(lambda: virtual_reader.commands[Command.FIND_CARD] >= 3)
        assert [r.reasons for r in results] == [{Reason.SAM_FAILURE}]
        virtual_reader.clear_faults()
        virtual_reader.place(0)
        assert wait_until(lambda: len(results) == 2)
    finally:
        reader.stop_waiting()
    assert results[1].ok


def test_logs_never_hold_a_full_id_number(
    reader: Ga467Reader, virtual_reader: VirtualIdReader, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for index, fault in enumerate([None, SimFault.EXPIRED, SimFault.CORRUPT_ID]):
        virtual_reader.clear_faults()
        if fault:
            virtual_reader.inject(fault)
        virtual_reader.remove()
        reader.read_card(0.4)
        virtual_reader.place(index)
        assert reader.read_card(10).outcome is not CardOutcome.NO_CARD
    for card in FICTIONAL_IDENTITIES:
        assert card.id_number not in caplog.text
    assert FICTIONAL_IDENTITIES[0].masked_id in caplog.text


def test_sim_url_runs_the_virtual_reader_in_process_with_given_identities() -> None:
    mine = (FICTIONAL_IDENTITIES[4],)
    driver = create_id_reader("sim://?card=0", sim_identities=mine)
    driver.open()
    try:
        assert driver.check_health().state is DeviceState.READY
        assert driver.read_card(10).identity == FICTIONAL_IDENTITIES[4]
    finally:
        driver.close()
    sim = driver.simulator
    assert isinstance(sim, VirtualIdReader) and sim.pty_path is not None
    assert driver.status.state is DeviceState.OFFLINE


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("usb://0x0400:0xc35a", "scheme 'usb' is not supported by this device"),
        ("tcp://10.0.0.5:9100", "not supported by this device"),
        ("sim://?card=7", "bad sim:// option card"),
        ("sim://?fault=smoke", "bad sim:// option fault"),
    ],
)
def test_urls_a_reader_cannot_use_are_refused_with_a_message(url: str, says: str) -> None:
    with pytest.raises(DeviceUrlError, match=says):
        create_id_reader(url)


def test_a_missing_port_is_disconnected_not_an_error(tmp_path: Path) -> None:
    driver = Ga467Reader(serial_to(tmp_path / "ttyNOPE"))
    driver.open()
    assert driver.status.reasons == {Reason.DISCONNECTED}
    assert driver.read_card(0.5).reasons == {Reason.DISCONNECTED}
    driver.close()


def test_identity_type_is_what_the_application_gets(reader: Ga467Reader, virtual_reader: VirtualIdReader) -> None:
    virtual_reader.place(3)
    identity = reader.read_card(10).identity
    assert isinstance(identity, Identity)
    assert identity.masked_id == "990404********048X" and len(identity.photo) == 1024
