"""QR decoders for camera frames behind one small protocol: raw bytes out, text decoded by the project's own rule."""

from __future__ import annotations

import ctypes
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import zxingcpp
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from devices.scanner import decode_payload
from devices.url import DeviceUrlError

log = logging.getLogger(__name__)

Gray = NDArray[np.uint8]
QR = "QRCode"  # the symbology name every decoder reports, as ScanEvent.symbology documents it


@dataclass(frozen=True)
class DecodedCode:
    """One code found in a frame: its bytes exactly as stored in the symbol, and the text read from them."""

    raw: bytes
    text: str | None  # devices.scanner.decode_payload(raw): UTF-8, else GB18030, else None
    symbology: str


class Decoder(Protocol):
    name: str

    def decode(self, gray: Gray) -> list[DecodedCode]:
        """Every code in a grayscale frame (2-D uint8); an empty list when there is none."""
        ...


class ImageUnreadable(ValueError):
    """An image file that is missing or cannot be read as a picture; the message is for people, Chinese first."""


class UnknownDecoder(DeviceUrlError):
    """A decoder name that is not in DECODERS (a DeviceUrlError so the CLI reports it like a bad URL)."""


def _code(raw: bytes, symbology: str = QR) -> DecodedCode:
    return DecodedCode(raw, decode_payload(raw), symbology)


class ZxingDecoder:
    """zxing-cpp: the bytes come from ``Barcode.bytes``; its ``.text`` reads GBK as Latin-1 or Shift_JIS: ignored."""

    name = "zxing"

    def decode(self, gray: Gray) -> list[DecodedCode]:
        # Made per call (a microsecond), not kept in a module global: nanobind reports such a global as leaked when
        # the interpreter exits, a page of noise after every kiosk command.
        qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        found = zxingcpp.read_barcodes(gray, formats=qr_only)
        return [_code(bytes(result.bytes)) for result in found if result.valid]


class ZbarUnavailable(RuntimeError):
    """libzbar is missing, or too old to hand back a QR code's bytes untouched."""


_Y800 = int.from_bytes(b"Y800", "little")  # zbar's fourcc for 8-bit grayscale


class _ZbarQrScanner:
    """A libzbar image scanner for QR codes only, in binary mode, driven through pyzbar's ctypes bindings.

    pyzbar 0.1.9 cannot do this: its decode() builds a fresh scanner and only sets CFG_ENABLE, and its
    ZBarConfig enum stops before ZBAR_CFG_BINARY. Without that option zbar guesses an encoding for byte-mode
    data and re-encodes it as UTF-8, which turns GBK into mojibake (docs/qr-decoding.md). So this calls
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1) itself; the two numbers are
    looked up with libzbar's own zbar_parse_config("qrcode.binary") so they follow the installed zbar.h.
    """

    def __init__(self) -> None:
        try:
            from pyzbar import wrapper  # noqa: PLC0415 - loading libzbar can fail; only this decoder needs it
        except ImportError as error:
            raise ZbarUnavailable(str(error)) from None
        self._zbar = wrapper
        symbol, option = ctypes.c_int(), ctypes.c_int()
        value = ctypes.c_int()
        lib = wrapper.load_libzbar()
        if lib.zbar_parse_config(b"qrcode.binary", ctypes.byref(symbol), ctypes.byref(option), ctypes.byref(value)):
            raise ZbarUnavailable("libzbar does not know qrcode.binary (zbar 0.23 or later is needed)")
        scanner = wrapper.zbar_image_scanner_create()
        if not scanner:
            raise ZbarUnavailable("zbar_image_scanner_create failed")
        self._scanner = scanner
        self._finalizer = weakref.finalize(self, wrapper.zbar_image_scanner_destroy, scanner)
        enable = wrapper.ZBarConfig.CFG_ENABLE
        wrapper.zbar_image_scanner_set_config(scanner, 0, enable, 0)  # symbology 0 (ZBAR_NONE) means all of them
        wrapper.zbar_image_scanner_set_config(scanner, symbol.value, enable, 1)
        if wrapper.zbar_image_scanner_set_config(scanner, symbol.value, option.value, 1) != 0:
            self.close()
            raise ZbarUnavailable("libzbar refused binary mode for QR codes")

    def close(self) -> None:
        self._finalizer()

    def scan(self, gray: Gray) -> list[bytes]:
        zb = self._zbar
        height, width = gray.shape
        pixels = np.ascontiguousarray(gray, dtype=np.uint8)  # zbar reads it in place: kept alive past the scan
        image = zb.zbar_image_create()
        try:
            zb.zbar_image_set_format(image, _Y800)
            zb.zbar_image_set_size(image, width, height)
            zb.zbar_image_set_data(image, pixels.ctypes.data_as(ctypes.c_void_p), pixels.size, None)
            if zb.zbar_scan_image(self._scanner, image) < 0:
                return []
            found: list[bytes] = []
            symbol = zb.zbar_image_first_symbol(image)
            while symbol:
                found.append(ctypes.string_at(zb.zbar_symbol_get_data(symbol), zb.zbar_symbol_get_data_length(symbol)))
                symbol = zb.zbar_symbol_next(symbol)
            return found
        finally:
            zb.zbar_image_destroy(image)


class ZbarDecoder:
    """zbar in binary mode (see _ZbarQrScanner): without it zbar re-encodes GBK as mojibake UTF-8."""

    name = "zbar"

    def __init__(self) -> None:
        self._local = threading.local()  # a zbar image scanner is not safe to share between threads

    def decode(self, gray: Gray) -> list[DecodedCode]:
        scanner: _ZbarQrScanner | None = getattr(self._local, "scanner", None)
        if scanner is None:
            scanner = self._local.scanner = _ZbarQrScanner()
        return [_code(raw) for raw in scanner.scan(gray)]


def opencv_bytes(text: str) -> bytes:
    """The payload bytes behind OpenCV's string, as far as they can be recovered.

    OpenCV hands back byte-mode data as UTF-8 when the bytes are valid UTF-8, and otherwise maps each byte to
    the code point of the same number (Latin-1). So a string of code points under 256 whose Latin-1 bytes are
    not UTF-8 came from such bytes (GBK does). What is lost: a UTF-8 payload whose every character is under
    U+0100 but not ASCII ("café", "×") comes back as its Latin-1 bytes, not its UTF-8 bytes; a NUL byte ends
    the string; and Kanji-mode segments arrive already converted, so their Shift_JIS bytes are gone.
    """
    if all(ord(ch) < 256 for ch in text):
        latin = text.encode("latin-1")
        try:
            latin.decode("utf-8")
        except UnicodeDecodeError:
            return latin
    return text.encode("utf-8")


class OpenCvDecoder:
    """OpenCV's QR detector (the classic one, or the Aruco-based one); one code per frame, bytes recovered."""

    def __init__(self, name: str, factory: Callable[[], cv2.QRCodeDetector | cv2.QRCodeDetectorAruco]) -> None:
        self.name = name
        self._factory = factory
        self._local = threading.local()  # a detector keeps per-call state; one per thread

    def decode(self, gray: Gray) -> list[DecodedCode]:
        detector = getattr(self._local, "detector", None)
        if detector is None:
            detector = self._local.detector = self._factory()
        try:
            text, _points, _straight = detector.detectAndDecode(gray)
        except cv2.error:
            # Some malformed candidates make the detector throw instead of reporting nothing.
            return []
        if not text:
            return []
        return [_code(opencv_bytes(text))]


def _available_decoders() -> dict[str, Decoder]:
    found: dict[str, Decoder] = {"zxing": ZxingDecoder()}
    try:
        _ZbarQrScanner().close()
    except ZbarUnavailable as error:
        log.warning("zbar decoder not available: %s", error)
    else:
        found["zbar"] = ZbarDecoder()
    found["opencv"] = OpenCvDecoder("opencv", cv2.QRCodeDetector)
    found["opencv-aruco"] = OpenCvDecoder("opencv-aruco", cv2.QRCodeDetectorAruco)
    return found


DECODERS: dict[str, Decoder] = _available_decoders()
DEFAULT_DECODER = "zxing"  # fastest and most robust on the frame set: docs/qr-decoding.md


def get_decoder(name: str) -> Decoder:
    try:
        return DECODERS[name]
    except KeyError:
        raise UnknownDecoder(
            f"未知的解码器 / unknown QR decoder {name!r} (available: {', '.join(sorted(DECODERS))})"
        ) from None


def load_gray(path: Path) -> Gray:
    """An image file as a grayscale array; ImageUnreadable (one line, Chinese first) if it is missing or not one."""
    if not path.is_file():
        raise ImageUnreadable(f"找不到图片文件 / image file not found: {path}")
    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("L"), dtype=np.uint8)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ImageUnreadable(f"无法读取图片 / not a readable image: {path} ({error.__class__.__name__})") from None


def decode_image_file(path: Path, decoder: str = DEFAULT_DECODER) -> list[DecodedCode]:
    """Every QR code in one image file (PNG, JPEG …); an empty list when the picture holds none."""
    chosen = get_decoder(decoder)
    return chosen.decode(load_gray(Path(path)))
