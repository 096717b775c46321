"""The GA 467 ID card reader driver: finds, selects and reads cards over a serial line, with retries and status."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date

from devices.device import BoardStatus
from devices.identity import CardListener, CardOutcome, CardResult, IdCardReader, Rejection
from devices.state import DeviceState, DeviceStatus, Reason, StatusBoard
from drivers.idcard.protocol import (
    READ_REPLY_SIZE,
    Command,
    Frame,
    FrameParser,
    MalformedReply,
    Problem,
    Reply,
    ReplyKind,
    command_frame,
    split_read_data,
)
from drivers.idcard.text import parse_text_block
from drivers.transports import Transport, TransportError

log = logging.getLogger(__name__)

POLL_INTERVAL = 0.3  # find card this often while a screen waits for one
ANSWER_TIMEOUT = 0.5  # plus the reply's own wire time at the line's speed
RETRIES = 2  # a bad frame or a failed read is tried again this many times before it counts
FAULT_POLL_INTERVAL = 1.0  # while faulted, the waiting thread retries less often
SHORT_REPLY_SIZE = 20


class _Failure(Exception):
    """An exchange that did not give a usable answer: the reason for the device's status."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class Ga467Reader(BoardStatus, IdCardReader):
    """A reader with a GA 467 SAM module on a serial line. Thread-safe: polling and health checks share one lock."""

    def __init__(
        self,
        transport: Transport,
        *,
        name: str = "id_reader",
        poll_interval: float = POLL_INTERVAL,
        answer_timeout: float = ANSWER_TIMEOUT,
        retries: int = RETRIES,
        today: Callable[[], date] = date.today,
        on_close: Callable[[], None] | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        self.name = name
        self.transport = transport
        self.poll_interval = poll_interval
        self.answer_timeout = answer_timeout
        self.retries = retries
        self.today = today
        self.frame_problems: Counter[Problem] = Counter()
        self._board = StatusBoard(name)
        self._lock = threading.RLock()
        self._on_close = on_close
        self._on_open = on_open  # starts the simulator behind a sim:// URL before the port opens
        self._awaiting_removal = False  # the card on the reader was delivered; wait until it is taken off
        self._waiter: threading.Thread | None = None
        self._stop_waiting = threading.Event()

    # -- Device ---------------------------------------------------------------------------------------------
    def open(self) -> None:
        """Open the port and check the SAM; a missing port leaves the reader DISCONNECTED, not an error."""
        if self._on_open is not None:
            self._on_open()
        self.check_health()

    def close(self) -> None:
        self.stop_waiting()
        with self._lock:
            self.transport.close()
            self._board.publish(DeviceStatus(DeviceState.OFFLINE, detail="closed"))
        if self._on_close is not None:
            self._on_close()

    def check_health(self) -> DeviceStatus:
        with self._lock:
            try:
                self._connect()
                self._check_sam()
                status = DeviceStatus(DeviceState.READY)
            except (_Failure, TransportError) as error:
                status = self._status_of(error)
            self._board.publish(status)
            return status

    def _check_sam(self) -> None:
        try:
            self._exchange(Command.SAM_STATUS)
        except _Failure as failure:
            if failure.reason is not Reason.SAM_FAILURE:
                raise
            # A reset brings back a SAM that failed only its last self-test; one that fails again is broken.
            log.warning("%s: %s; resetting the SAM", self.name, failure.detail)
            self._exchange(Command.RESET_SAM)
            self._exchange(Command.SAM_STATUS)

    # -- cards ----------------------------------------------------------------------------------------------
    def read_card(self, timeout: float) -> CardResult:
        deadline = time.monotonic() + timeout
        while True:
            result = self._poll()
            if result is not None:
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                return CardResult.no_card()
            time.sleep(min(self.poll_interval, left))

    def start_waiting(self, listener: CardListener) -> None:
        self.stop_waiting()
        self._stop_waiting.clear()
        self._waiter = threading.Thread(
            target=self._wait_for_cards, args=(listener,), name=f"{self.name}-waiting", daemon=True
        )
        self._waiter.start()

    def stop_waiting(self) -> None:
        self._stop_waiting.set()
        waiter, self._waiter = self._waiter, None
        if waiter is not None and waiter is not threading.current_thread():
            waiter.join(timeout=10)

    def _wait_for_cards(self, listener: CardListener) -> None:
        last_fault: frozenset[Reason] | None = None
        while not self._stop_waiting.is_set():
            result = self._poll()
            pause = self.poll_interval
            if result is not None and result.outcome is CardOutcome.FAULT:
                pause = max(pause, FAULT_POLL_INTERVAL)
                repeated, last_fault = result.reasons == last_fault, result.reasons
                if repeated:
                    result = None  # the screen already shows this fault
            else:
                last_fault = None
            if result is not None:
                try:
                    listener(result)
                except Exception:
                    log.exception("%s: card listener failed", self.name)
            self._stop_waiting.wait(pause)

    def _poll(self) -> CardResult | None:
        """One round: find card, and select and read it when it is new. None when there is nothing to deliver."""
        with self._lock:
            try:
                self._connect()
                result = self._poll_card()
            except (_Failure, TransportError) as error:
                status = self._status_of(error)
                self._board.publish(status)
                return CardResult.fault(status.reasons, status.detail)
            self._board.publish(DeviceStatus(DeviceState.READY))
            return result

    def _poll_card(self) -> CardResult | None:
        found = self._exchange(Command.FIND_CARD)
        if found.kind is not ReplyKind.CARD_FOUND:
            self._awaiting_removal = False
            return None
        if self._awaiting_removal:
            return None
        result = self._read_card()
        if result is not None:
            self._awaiting_removal = True
        return result

    def _read_card(self) -> CardResult | None:
        rejection, detail = Rejection.UNREADABLE, ""
        for _ in range(1 + self.retries):
            if self._exchange(Command.SELECT_CARD).kind is not ReplyKind.OK:
                return None  # taken off between find and select, or not a resident ID card
            reply = self._exchange(Command.READ_TEXT_PHOTO)
            if reply.kind is not ReplyKind.OK:
                rejection, detail = Rejection.UNREADABLE, f"read: {reply.describe()}"
                continue
            try:
                identity = parse_text_block(*split_read_data(reply.data), today=self.today())
            except MalformedReply as error:
                rejection, detail = Rejection.UNREADABLE, str(error)
                continue
            except ValueError as error:  # a bad ID number or field: corrupted on the way, or not a real card
                rejection, detail = Rejection.INVALID, str(error)
                continue
            if identity.is_expired(self.today()):
                log.info("%s: card %s expired on %s", self.name, identity.masked_id, identity.valid_to)
                return CardResult.rejected(Rejection.EXPIRED, f"valid to {identity.valid_to}", identity=identity)
            log.info("%s: read card %s", self.name, identity.masked_id)
            return CardResult.read(identity)
        log.warning("%s: card rejected after %d tries: %s", self.name, 1 + self.retries, detail)
        reason = Reason.CARD_READ_FAILED if rejection is Rejection.UNREADABLE else None
        return CardResult.rejected(rejection, detail, reason=reason)

    # -- frames ---------------------------------------------------------------------------------------------
    def _connect(self) -> None:
        if not self.transport.is_open:
            self.transport.open()
            log.info("%s: connected", self.name)

    def _exchange(self, command: Command) -> Reply:
        """Send a command and return its answer, trying again after a bad frame; _Failure when it persists."""
        size = READ_REPLY_SIZE if command is Command.READ_TEXT_PHOTO else SHORT_REPLY_SIZE
        wait = self.answer_timeout + self.transport.seconds_to_send(size)
        problem = ""
        for _ in range(1 + self.retries):
            self._send(command)
            reply, problem = self._await_reply(wait)
            if reply is None:
                continue
            if reply.kind is ReplyKind.SAM_FAILED:
                raise _Failure(Reason.SAM_FAILURE, f"{command.name}: {reply.describe()}")
            if reply.kind in {ReplyKind.LINE_ERROR, ReplyKind.READER_ERROR}:
                problem = f"reader answered {reply.describe()}"
                continue
            return reply
        if not problem:
            raise _Failure(Reason.NO_ANSWER, f"no answer to {command.name} in {wait * 1000:.0f} ms")
        raise _Failure(Reason.PROTOCOL_ERROR, f"{command.name}: {problem}, {1 + self.retries} tries")

    def _send(self, command: Command) -> None:
        """Drop stale input (a late answer to an earlier command) and send the command."""
        self.transport.discard_input()
        self.transport.write(command_frame(command))

    def _await_reply(self, wait: float) -> tuple[Reply | None, str]:
        """The first good frame within ``wait`` seconds, or None and what went wrong ("" when nothing came)."""
        parser = FrameParser()
        deadline = time.monotonic() + wait
        problem = ""
        while (left := deadline - time.monotonic()) > 0:
            for event in parser.feed(self.transport.read(4096, left)):
                if isinstance(event, Frame):
                    return Reply.of(event), ""
                self.frame_problems[event.kind] += 1
                problem = f"{event.kind.value} frame ({event.size} bytes dropped)"
                log.warning("%s: %s", self.name, problem)
                if event.kind is not Problem.GARBAGE:
                    return None, problem
        if parser.pending:
            problem = f"truncated frame ({parser.pending} bytes, then silence)"
        return None, problem

    def _status_of(self, error: _Failure | TransportError) -> DeviceStatus:
        if isinstance(error, TransportError):
            return DeviceStatus.from_reasons(frozenset({Reason.DISCONNECTED}), str(error))
        return DeviceStatus.from_reasons(frozenset({error.reason}), error.detail)
