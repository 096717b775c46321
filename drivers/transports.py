"""Transports: open, close, read and write bytes to a device, whatever carries them. No protocol here."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import termios
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import serial

from devices.url import DeviceUrl

# pyserial lets termios.error (not an OSError) through from tcflush/tcdrain once a pty or USB adapter is gone.
_PORT_ERRORS = (serial.SerialException, OSError, termios.error)

SERIAL_OPTIONS = {"baudrate": int, "bytesize": int, "parity": str, "stopbits": float, "rtscts": bool, "xonxoff": bool}


class TransportError(OSError):
    """The device cannot be reached: port missing, unplugged, connection dropped or refused."""


class Transport(ABC):
    """One byte channel to a device. ``read`` returns what arrived within ``timeout`` (maybe nothing)."""

    has_back_channel = True

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def write(self, data: bytes) -> None: ...

    @abstractmethod
    def read(self, size: int, timeout: float) -> bytes: ...

    @abstractmethod
    def discard_input(self) -> None: ...

    @property
    @abstractmethod
    def is_open(self) -> bool: ...

    def seconds_to_send(self, size: int) -> float:
        """How long ``size`` bytes take on the wire, where the line has a known speed (8N1: 10 bits a byte)."""
        return 0.0


def _bool(text: str) -> bool:
    return text.lower() in {"1", "true", "yes", "on"}


class SerialTransport(Transport):
    """serial:// and every other pyserial URL (socket://, rfc2217://, loop://, spy://)."""

    def __init__(self, url: DeviceUrl, *, default_baudrate: int = 115200, write_timeout: float = 30.0) -> None:
        self.url = url
        options: dict[str, Any] = {"baudrate": default_baudrate}
        passthrough: list[str] = []
        for key, value in url.params.items():
            kind = SERIAL_OPTIONS.get(key)
            if kind is None:
                passthrough.append(f"{key}={value}")
            else:
                options[key] = _bool(value) if kind is bool else kind(value)
        self._options = options
        if url.scheme == "serial":
            self._port = url.host + url.path
        else:
            base = url.raw.split("?", 1)[0]
            self._port = base + ("?" + "&".join(passthrough) if passthrough else "")
        self._write_timeout = write_timeout
        self._serial: serial.SerialBase | None = None

    def seconds_to_send(self, size: int) -> float:
        return size * 10 / int(self._options["baudrate"])

    def open(self) -> None:
        self.close()
        try:
            self._serial = serial.serial_for_url(
                self._port, timeout=0, write_timeout=self._write_timeout, exclusive=None, **self._options
            )
        except (serial.SerialException, OSError, ValueError) as error:
            raise TransportError(f"cannot open {self.url}: {error}") from None

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(*_PORT_ERRORS):
                port.close()

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def _port_or_fail(self) -> serial.SerialBase:
        if self._serial is None:
            raise TransportError(f"{self.url} is not open")
        return self._serial

    def write(self, data: bytes) -> None:
        port = self._port_or_fail()
        try:
            port.write(data)
            port.flush()
        except _PORT_ERRORS as error:
            self.close()
            raise TransportError(f"write to {self.url} failed: {error}") from None

    def read(self, size: int, timeout: float) -> bytes:
        port = self._port_or_fail()
        deadline = time.monotonic() + timeout
        try:
            while True:
                # pyserial's blocking read waits out its whole timeout even when the byte is already there on
                # some platforms; polling in_waiting answers as soon as the printer does.
                if port.in_waiting:
                    return bytes(port.read(min(size, port.in_waiting)))
                if time.monotonic() >= deadline:
                    return b""
                time.sleep(0.002)
        except _PORT_ERRORS as error:
            self.close()
            raise TransportError(f"read from {self.url} failed: {error}") from None

    def discard_input(self) -> None:
        port = self._port_or_fail()
        try:
            port.reset_input_buffer()
        except _PORT_ERRORS as error:
            self.close()
            raise TransportError(f"{self.url}: {error}") from None


class TcpTransport(Transport):
    """tcp://host:port, as network receipt printers listen on 9100."""

    def __init__(self, url: DeviceUrl, *, default_port: int = 9100, connect_timeout: float = 3.0) -> None:
        self.url = url
        self._address = (url.host, url.port or default_port)
        self._connect_timeout = connect_timeout
        self._socket: socket.socket | None = None

    def open(self) -> None:
        self.close()
        try:
            self._socket = socket.create_connection(self._address, timeout=self._connect_timeout)
            self._socket.settimeout(30.0)
        except OSError as error:
            raise TransportError(f"cannot connect to {self.url}: {error}") from None

    def close(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()

    @property
    def is_open(self) -> bool:
        return self._socket is not None

    def _socket_or_fail(self) -> socket.socket:
        if self._socket is None:
            raise TransportError(f"{self.url} is not open")
        return self._socket

    def write(self, data: bytes) -> None:
        try:
            self._socket_or_fail().sendall(data)
        except OSError as error:
            self.close()
            raise TransportError(f"send to {self.url} failed: {error}") from None

    def read(self, size: int, timeout: float) -> bytes:
        sock = self._socket_or_fail()
        try:
            ready, _, _ = select.select([sock], [], [], timeout)
            if not ready:
                return b""
            data = sock.recv(size)
        except OSError as error:
            self.close()
            raise TransportError(f"receive from {self.url} failed: {error}") from None
        if not data:
            self.close()
            raise TransportError(f"{self.url} closed the connection")
        return data

    def discard_input(self) -> None:
        while self.read(4096, 0):
            pass


class FileTransport(Transport):
    """file:///path: bytes appended to a file or spool device; nothing ever comes back."""

    has_back_channel = False

    def __init__(self, url: DeviceUrl) -> None:
        self.url = url
        self.path = Path(url.path)
        self._fd: int | None = None

    def open(self) -> None:
        self.close()
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as error:
            raise TransportError(f"cannot open {self.url}: {error.strerror}") from None

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise TransportError(f"{self.url} is not open")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as error:
            raise TransportError(f"write to {self.url} failed: {error.strerror}") from None

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def discard_input(self) -> None:
        return None


class UsbTransport(Transport):
    """usb://VID:PID through python-escpos's Usb class, which finds the printer's bulk endpoints."""

    def __init__(self, url: DeviceUrl, *, timeout_ms: int = 3000) -> None:
        self.url = url
        self._ids = url.usb_ids
        self._timeout_ms = timeout_ms
        self._printer: Any = None

    def open(self) -> None:
        self.close()
        try:
            from escpos.printer import Usb  # noqa: PLC0415 - pyusb and libusb are needed only for usb://

            printer = Usb(self._ids[0], self._ids[1], timeout=self._timeout_ms)
            printer.open(raise_not_found=True)
        except Exception as error:  # escpos raises its own types, usb.core raises USBError
            raise TransportError(f"cannot open {self.url}: {error}") from None
        self._printer = printer

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            # An unplugged device fails to close; it is gone either way.
            with contextlib.suppress(Exception):
                printer.close()

    @property
    def is_open(self) -> bool:
        return self._printer is not None

    def write(self, data: bytes) -> None:
        if self._printer is None:
            raise TransportError(f"{self.url} is not open")
        try:
            self._printer._raw(data)
        except Exception as error:
            self.close()
            raise TransportError(f"write to {self.url} failed: {error}") from None

    def read(self, size: int, timeout: float) -> bytes:
        if self._printer is None:
            raise TransportError(f"{self.url} is not open")
        deadline = time.monotonic() + timeout
        while True:
            try:
                data = bytes(self._printer.device.read(self._printer.in_ep, size, max(1, int(timeout * 1000))))
            except Exception as error:
                if "timed out" in str(error).lower() or "timeout" in str(error).lower():
                    data = b""
                else:
                    self.close()
                    raise TransportError(f"read from {self.url} failed: {error}") from None
            if data or time.monotonic() >= deadline:
                return data

    def discard_input(self) -> None:
        self.read(64, 0.01)
