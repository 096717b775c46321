"""The embedded hall: with ``hall.embedded = true`` the kiosk runs its own hall server on 127.0.0.1.

It is the same hall as ``kiosk hall serve`` (hall/server.py), on SQLite in the kiosk's data dir, served by
uvicorn on a background thread, and the kiosk still talks to it over HTTP. Its config is ``hall.toml`` beside
the kiosk's config file, else the shipped one. The kiosk and pads tokens are made on first start and kept in
``tokens/`` in the data dir (0600); a token the hall no longer knows (a new database) is replaced.

Beside the hall runs the hall device controller (kiosk/halldevices/: evaluation pads, window displays, voice)
from ``hall-devices.toml`` (beside the kiosk config, else shipped: simulated pads and displays), pointed at this
hall with the pads token. Stopping goes in reverse: controller, server, database.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from common.errors import KioskError
from common.logs import setup_logging
from common.settings import HallConfig, KioskConfig
from common.settings.loader import load_hall_devices_config
from common.settings.paths import shipped_config_dir
from devices.simulator import Simulator
from hall.server import Hall, build_hall
from hall.serving import HallServer
from hall.tokens import Role, TokenError, create_token, revoke_token, role_of
from hall.transport import hall_uvicorn_config
from kiosk.hallclient import HallClient
from kiosk.halldevices.controller import HallDeviceController

log = logging.getLogger(__name__)

HALL_DB = "hall.db"
TOKENS_DIR = "tokens"
START_TIMEOUT_S = 15.0


class EmbeddedHallError(KioskError):
    exit_code = 2


def beside_or_shipped(kiosk_config_path: Path, name: str) -> Path:
    """``name`` in the kiosk config's directory when it is there, else the shipped one."""
    beside = kiosk_config_path.parent / name
    return beside if beside.is_file() else shipped_config_dir() / name


def port_in_use(host: str, port: int) -> bool:
    """Whether another process listens on host:port (bound the way uvicorn binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno in {errno.EADDRINUSE, errno.EACCES}
    return False


class EmbeddedHall:
    """start() builds and serves the hall and makes the tokens; stop() ends the server and closes the database."""

    def __init__(
        self,
        config: KioskConfig,
        config_path: Path,
        data_dir: Path,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.kiosk_config, self.data_dir = config, data_dir
        self.clock = clock  # the hall's wall clock (aware); None: the real time
        self.hall_config_path = beside_or_shipped(config_path, "hall.toml")
        self.devices_config_path = beside_or_shipped(config_path, "hall-devices.toml")
        parts = urlsplit(config.hall.url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.url = config.hall.url
        self.hall: Hall | None = None
        self.kiosk_token = ""
        self.pads_token = ""
        self.controller: HallDeviceController | None = None
        self._server: HallServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def config(self) -> HallConfig:
        assert self.hall is not None, "the embedded hall is not started"
        return self.hall.config

    def start(self) -> EmbeddedHall:
        if port_in_use(self.host, self.port):
            raise EmbeddedHallError(
                f"端口 {self.port} 已被占用，内置大厅服务无法启动 / port {self.port} on {self.host} is in use, the "
                f"embedded hall cannot start: stop the other program or change hall.url in the kiosk config"
            )
        db_url = f"sqlite:///{self.data_dir / HALL_DB}"
        log.info("embedded hall from %s on %s, database %s", self.hall_config_path, self.url, db_url)
        self.hall = build_hall(self.hall_config_path, db_url, clock=self.clock, host=self.host, port=self.port)
        if (self.hall.config.server.tls_cert is not None) != self.url.startswith("https:"):
            wanted = "https" if self.hall.config.server.tls_cert is not None else "http"
            self.stop()
            raise EmbeddedHallError(
                f"内置大厅的 hall.toml 与本机配置的 hall.url 协议不一致，应为 {wanted}:// / the embedded hall serves "
                f"{wanted} ({self.hall_config_path} [server] tls_cert), so hall.url in the kiosk config must start "
                f"with {wanted}://"
            )
        self._restore_kiosk_logging()  # the hall set up logging for its own config; the kiosk's log stays the one
        try:
            self.kiosk_token = self._token(self.kiosk_config.station.id, Role.KIOSK, "kiosk.token")
            devices_source = load_hall_devices_config(self.devices_config_path).hall.source
            self.pads_token = self._token("pads", Role.PADS, "pads.token", source=devices_source)
            self._serve()
            self._start_controller()
        except BaseException:
            self.stop()
            raise
        return self

    def simulators(self) -> dict[str, Simulator]:
        """The hall devices' simulators (pads, displays), for the technician page."""
        controller = self.controller
        return {} if controller is None else controller.simulators()

    def stop(self) -> None:
        controller, self.controller = self.controller, None
        if controller is not None:
            controller.stop()
            log.info("embedded hall devices stopped")
        server, self._server = self._server, None
        thread, self._thread = self._thread, None
        if server is not None:
            server.stop()
        if thread is not None:
            thread.join(timeout=10)
            if thread.is_alive():
                log.error("embedded hall server did not stop within 10 s")
        hall, self.hall = self.hall, None
        if hall is not None:
            hall.close()
            log.info("embedded hall stopped")

    # -- helpers --------------------------------------------------------------------------------------------
    def _serve(self) -> None:
        assert self.hall is not None
        # Open event streams never end by themselves: give them a second when the server stops.
        server = self.hall.config.server  # its timeouts, and TLS when hall.toml sets a certificate
        config = hall_uvicorn_config(self.hall.app, server, host=self.host, port=self.port, timeout_graceful_shutdown=1)
        self._server = HallServer(config)
        self._thread = threading.Thread(target=self._server.run, name="embedded-hall", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        ca_file = self.kiosk_config.hall.ca_file
        with HallClient(self.url, self.kiosk_token, timeout_s=1, ca_file=ca_file) as client:
            while time.monotonic() < deadline:
                if not self._thread.is_alive():
                    raise EmbeddedHallError(
                        f"内置大厅服务无法启动 / the embedded hall could not start on {self.url} "
                        "(is the port taken? details in the kiosk log)"
                    )
                if self._server.started and client.health():
                    log.info("embedded hall serving on %s", self.url)
                    return
                time.sleep(0.05)
        raise EmbeddedHallError(
            f"内置大厅服务启动超时 / the embedded hall did not answer on {self.url} within {START_TIMEOUT_S:.0f} s"
        )

    def _start_controller(self) -> None:
        config = load_hall_devices_config(self.devices_config_path)
        # This hall, whatever the file says, checked against the kiosk's CA file when it serves https.
        link = config.hall.model_copy(update={"url": self.url, "token": "", "ca_file": self.kiosk_config.hall.ca_file})
        controller = HallDeviceController(
            config.model_copy(update={"hall": link}), self.data_dir, token=self.pads_token
        )
        try:
            controller.start()
        except BaseException:
            controller.stop()
            raise
        self.controller = controller
        log.info("embedded hall devices from %s running", self.devices_config_path)

    def _token(self, name: str, role: Role, file_name: str, *, source: str | None = None) -> str:
        """The token kept in the data dir when the hall knows it; else a new one, written 0600."""
        assert self.hall is not None
        path = self.data_dir / TOKENS_DIR / file_name
        with contextlib.suppress(FileNotFoundError):
            kept = path.read_text(encoding="utf-8").strip()
            with self.hall.sessions() as session:
                if role_of(session, kept) is role:
                    return kept
            log.warning("token in %s is not known to the embedded hall; making a new one", path)
        with contextlib.suppress(TokenError):
            revoke_token(self.hall.sessions, name)  # one left from a token file that was lost
        token = create_token(self.hall.sessions, name, role, source=source)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token + "\n")
        partial.replace(path)
        log.info("%s token made for the embedded hall in %s", role.value, path)
        return token

    def _restore_kiosk_logging(self) -> None:
        logging_config = self.kiosk_config.logging
        setup_logging(
            self.data_dir, logging_config.level, max_bytes=logging_config.max_bytes, backups=logging_config.backups
        )
