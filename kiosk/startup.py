"""Bringing a station up in a safe order: config, data dir, logs, then the store; any failure stops here."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from common.logs import setup_logging
from common.settings import KioskConfig, ensure_writable_dir, load_kiosk_config, resolve_data_dir
from common.settings.last_good import load_keeping_last_good
from kiosk.store import Store, open_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Station:
    config_path: Path
    config: KioskConfig
    data_dir: Path
    log_file: Path
    store: Store

    def close(self) -> None:
        self.store.close()


Prepared = tuple[KioskConfig, Path, Path]  # what prepare_logs gives: the config, the data dir, the log file


def prepare_logs(config_path: Path) -> Prepared:
    """The first steps, which the out-of-service screen needs too: the config (its last good copy when the file is
    damaged), the data dir and the log file."""
    config, damaged = load_keeping_last_good(config_path, load_kiosk_config)
    data_dir = ensure_writable_dir(resolve_data_dir(config.paths.data_dir))
    log_file = setup_logging(
        data_dir, config.logging.level, max_bytes=config.logging.max_bytes, backups=config.logging.backups
    )
    if damaged:
        log.warning(damaged)
    return config, data_dir, log_file


def prepare_station(config_path: Path, prepared: Prepared | None = None) -> Station:
    """``prepared``: what a caller already had from prepare_logs, so the config is read (and a damaged file
    reported) once."""
    config, data_dir, log_file = prepared or prepare_logs(config_path)
    log.info("station %s starting with %s, data in %s", config.station.id, config_path, data_dir)
    store = open_store(data_dir, key_file=config.filings.id_key_file)
    return Station(config_path, config, data_dir, log_file, store)
