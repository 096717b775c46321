"""The virtual ID card reader: a GA 467 peer on a pty, with fictional cards to place and faults on command."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import select
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from devices.identity import Identity
from devices.simulator import Action, Fault, FaultMode, Simulator, once
from drivers.idcard.protocol import (
    PHOTO_SIZE,
    TEXT_SIZE,
    Command,
    Frame,
    FrameParser,
    Problem,
    Sw3,
    reply_frame,
)
from drivers.idcard.text import encode_text_block
from drivers.sim.pty import close_pty, open_pty

log = logging.getLogger(__name__)


def fake_photo(seed: str) -> bytes:
    """1,024 bytes standing in for a card's encrypted WLT photo: opaque, and different per card."""
    blocks = (hashlib.sha256(f"{seed}/{n}".encode()).digest() for n in range(PHOTO_SIZE // 32))
    return b"".join(blocks)


def _card(row: str) -> Identity:
    name, sex, nation, born, address, number, issuer, valid = row.split("|")
    start, _, end = valid.partition("-")
    return Identity(
        name=name,
        sex=sex,
        nation=nation,
        birth_date=date.fromisoformat(born),
        address=address,
        id_number=number,
        issuer=issuer,
        valid_from=date.fromisoformat(start),
        valid_to=None if end == "长期" else date.fromisoformat(end),
        photo=fake_photo(number),
    )


# Fictional people in a fictional city; region codes 99xxxx belong to no real place, so no number here can be a
# real person's. Each number's birth date and check character are right. Card 1 has a name with a character
# outside the BMP (𠮷, U+20BB7); card 2 is valid for life (长期); card 3's check character is X.
FICTIONAL_IDENTITIES: tuple[Identity, ...] = tuple(
    _card(row)
    for row in (
        "张示例|男|汉|19900307|示例市示范区幸福路18号3栋2单元501室|990101199003071237|示例市公安局示范分局|20150601-20350601",
        "李\U00020bb7祥|女|回|19851123|示例市新城区和平街道光明巷7号|990202198511230043|示例市公安局新城分局|20120815-20320815",
        "王长青|男|蒙古|19580115|示例市草原县团结乡红旗村三组|990303195801150015|示例市草原县公安局|20100420-长期",
        "赵晓测|女|维吾尔|20010830|示例市绿洲区葡萄园路66号|99040420010830048X|示例市公安局绿洲分局|20190901-20290901",
        "欧阳小范|男|朝鲜|20140612|示例市示范区学府路1号|990505201406120037|示例市公安局示范分局|20250701-20300701",
    )
)


class SimFault(StrEnum):
    CHECKSUM = "checksum"  # replies go out with a wrong checksum
    SILENT = "silent"  # no replies at all
    SAM = "sam"  # the SAM fails its self-test: every command answers SW3 60
    READ = "read"  # reading the card fails: SW3 41
    CORRUPT_ID = "corrupt-id"  # the card's ID number comes back with a wrong check character
    EXPIRED = "expired"  # the card comes back with a validity that ended years ago


def corrupted(identity: Identity) -> Identity:
    right = identity.id_number[-1]
    return replace(identity, id_number=identity.id_number[:-1] + ("1" if right == "0" else "0"))


def expired(identity: Identity) -> Identity:
    start = max(identity.birth_date, date(2006, 1, 1))
    return replace(identity, valid_from=start, valid_to=start.replace(year=start.year + 5))


Reply = Callable[[bytes], None]


FAULT_TEXT = {
    SimFault.CHECKSUM: ("应答校验和错误", "Replies with a bad checksum"),
    SimFault.SILENT: ("不应答", "No replies at all"),
    SimFault.SAM: ("安全模块自检失败", "Security module fails its self-test"),
    SimFault.READ: ("读卡失败", "Reading the card fails"),
    SimFault.CORRUPT_ID: ("身份证号校验位错误", "ID number with a wrong check character"),
    SimFault.EXPIRED: ("证件已过期", "The card has expired"),
}
SAMPLE_CARDS = 3  # cards the technician page offers to place


class VirtualIdReader(Simulator):
    """Answers GA 467 commands like a reader with a SAM module; cards are placed and faults set while it runs."""

    kind = "id_reader"

    def __init__(self, identities: Sequence[Identity] | None = None) -> None:
        self.identities = tuple(identities or FICTIONAL_IDENTITIES)
        self.baud: int | None = None
        self.faults: set[SimFault] = set()
        self.commands: Counter[Command] = Counter()
        self.reads_served = 0
        self._bad_checksums_left: int | None = None  # None: every reply while the fault is on
        self._placed: Identity | None = None
        self._selected = False
        # A card taken off is out of the field for longer than one poll, however fast a test swaps cards.
        self._removal_unseen = False
        self._parser = FrameParser(min_body=2)
        self._lock = threading.Lock()
        self._running = True
        self._pty: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._link: Path | None = None
        self.pty_path: str | None = None

    # -- cards and faults -----------------------------------------------------------------------------------
    @property
    def placed(self) -> Identity | None:
        return self._placed

    def place(self, card: int | Identity) -> Identity:
        """Put a card on the reader: one of ``identities`` by index, or any identity."""
        identity = self.identities[card] if isinstance(card, int) else card
        with self._lock:
            self._removal_unseen |= self._placed is not None
            self._placed, self._selected = identity, False
        return identity

    def remove(self) -> None:
        with self._lock:
            self._removal_unseen |= self._placed is not None
            self._placed, self._selected = None, False

    def inject(self, fault: SimFault, times: int | None = None) -> None:
        """Turn a fault on; ``times`` limits a checksum fault to that many replies."""
        with self._lock:
            self.faults.add(fault)
            if fault is SimFault.CHECKSUM:
                self._bad_checksums_left = times

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()
            self._bad_checksums_left = None

    def fault_list(self) -> tuple[Fault, ...]:
        cards = min(SAMPLE_CARDS, len(self.identities))
        placing = [
            Fault(f"card-{n + 1}", f"放示例卡 {n + 1}", f"Place card {n + 1}", FaultMode.ONCE, technician=True)
            for n in range(cards)
        ]
        removing = Fault("remove-card", "取走卡", "Remove card", FaultMode.ONCE, technician=True)
        return (*placing, removing, *(Fault(f.value, *FAULT_TEXT[f]) for f in SimFault))

    def fault_actions(self) -> dict[str, tuple[Action, Action]]:
        def place(number: int) -> Action:
            return lambda _t: self.place(number)

        def switch(fault: SimFault) -> tuple[Action, Action]:
            return lambda _t: self.inject(fault), lambda _t: self._clear(fault)

        actions = {f"card-{n + 1}": once(place(n)) for n in range(min(SAMPLE_CARDS, len(self.identities)))}
        actions["remove-card"] = once(lambda _t: self.remove())
        return actions | {fault.value: switch(fault) for fault in SimFault}

    def _clear(self, fault: SimFault) -> None:
        with self._lock:
            self.faults.discard(fault)

    # -- endpoint -------------------------------------------------------------------------------------------
    def start_pty(self, link: Path | None = None) -> str:
        """Open a virtual serial port; return its path (and point ``link`` at it)."""
        master, slave, self.pty_path = open_pty(link)
        self._pty = (master, slave)
        self._link = link if link is not None else self._link
        self._running = True
        self._thread = threading.Thread(target=self._serve, args=(master,), name="virtual-idcard", daemon=True)
        self._thread.start()
        log.info("virtual ID card reader on %s", self.pty_path)
        return self.pty_path

    def stop(self) -> None:
        self._running = False
        self.drop_connection()

    def drop_connection(self) -> None:
        """Pull the cable: the pty disappears."""
        pty, self._pty = self._pty, None
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            # Let the server notice before the descriptors close: a new pty may reuse their numbers.
            thread.join(timeout=2)
        if pty is not None:
            close_pty(pty, self._link)

    def replug(self) -> str:
        """Plug the cable back in: a new pty, the link pointed at it."""
        self.drop_connection()
        return self.start_pty(self._link)

    def _serve(self, master: int) -> None:
        def reply(data: bytes) -> None:
            self._send(master, data)

        while self._running and self._pty is not None and self._pty[0] == master:
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except (OSError, ValueError):
                return
            if not data:
                return
            if self.baud is not None:
                time.sleep(len(data) * 10 / self.baud)
            with contextlib.suppress(OSError):
                self.receive(data, reply)

    def _send(self, master: int, data: bytes) -> None:
        # Throttled, a reply goes out in pieces of about 10 ms of line time, as a UART would drip it.
        step = len(data) if self.baud is None else max(1, self.baud // 1000)
        view = memoryview(data)
        while view:
            piece = view[:step]
            if self.baud is not None:
                time.sleep(len(piece) * 10 / self.baud)
            view = view[os.write(master, piece) :]

    # -- the reader itself ----------------------------------------------------------------------------------
    def receive(self, data: bytes, reply: Reply) -> None:
        """Bytes from the host: answer each command frame; a damaged one gets SW3 10 or 11, as a reader would."""
        for event in self._parser.feed(data):
            if isinstance(event, Frame):
                answer = self._answer(event.body)
            elif event.kind is Problem.CHECKSUM:
                answer = reply_frame(Sw3.CHECKSUM_ERROR)
            elif event.kind is Problem.BAD_LENGTH:
                answer = reply_frame(Sw3.LENGTH_ERROR)
            else:
                log.warning("virtual ID reader skipped %d byte(s): %s", event.size, event.kind)
                continue
            self._reply(answer, reply)

    def _reply(self, answer: bytes, reply: Reply) -> None:
        with self._lock:
            if SimFault.SILENT in self.faults:
                return
            if SimFault.CHECKSUM in self.faults and self._bad_checksums_left != 0:
                answer = answer[:-1] + bytes([answer[-1] ^ 0xFF])
                if self._bad_checksums_left is not None:
                    self._bad_checksums_left -= 1
        reply(answer)

    def _answer(self, body: bytes) -> bytes:
        try:
            command = Command((body[0], body[1]))
        except ValueError:
            return reply_frame(Sw3.COMMAND_ERROR)
        with self._lock:
            self.commands[command] += 1
            card, data = self._placed, b""
            if SimFault.SAM in self.faults:
                sw3 = Sw3.SAM_FAILED
            elif command in {Command.SAM_STATUS, Command.RESET_SAM}:
                sw3 = Sw3.OK
            elif command is Command.FIND_CARD:
                sw3, data = (Sw3.CARD_FOUND, bytes(4)) if card and not self._removal_unseen else (Sw3.NO_CARD, b"")
                self._removal_unseen = False
            elif command is Command.SELECT_CARD:
                self._selected = card is not None
                sw3, data = (Sw3.OK, bytes(8)) if card else (Sw3.SELECT_FAILED, b"")
            elif card is None or not self._selected or SimFault.READ in self.faults:
                sw3 = Sw3.READ_FAILED
            else:
                sw3, data = Sw3.OK, self._card_data(card)
                self.reads_served += 1
        return reply_frame(sw3, data)

    def _card_data(self, card: Identity) -> bytes:
        if SimFault.CORRUPT_ID in self.faults:
            card = corrupted(card)
        if SimFault.EXPIRED in self.faults:
            card = expired(card)
        photo = (card.photo + bytes(PHOTO_SIZE))[:PHOTO_SIZE]
        sizes = TEXT_SIZE.to_bytes(2, "big") + PHOTO_SIZE.to_bytes(2, "big")
        return sizes + encode_text_block(card) + photo
