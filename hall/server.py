"""Putting the hall together from its config: data dir, logs, database, shared secret, queue engine, web app."""

from __future__ import annotations

import gc
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from common.logs import setup_logging
from common.settings import (
    ConfigKind,
    HallConfig,
    default_config_path,
    ensure_writable_dir,
    load_hall_config,
    resolve_data_dir,
)
from common.settings.last_good import load_keeping_last_good
from common.settings.public import public_url
from hall.api import create_app
from hall.attachments import AttachmentStore
from hall.codes import move_keys
from hall.database import default_url, open_hall_database
from hall.instance import ensure_instance
from hall.keyring import ID_HASH, KeyRing, keys_dir
from hall.queue import Clock, QueueEngine
from hall.workers import start_workers, stop_workers

log = logging.getLogger(__name__)


@dataclass
class Hall:
    config: HallConfig
    engine: Engine
    sessions: sessionmaker[Session]
    queue: QueueEngine
    app: FastAPI

    def close(self) -> None:
        payments = getattr(self.app.state, "payments", None)
        if payments is not None:
            payments.close()  # the settler's thread, and an in-process gateway simulator
        stop_workers(self.app)
        self.engine.dispose()


def open_database(config_path: Path | None, db_url: str | None) -> tuple[HallConfig, Engine, sessionmaker[Session]]:
    path = config_path or default_config_path(ConfigKind.HALL)
    config, damaged = load_keeping_last_good(path, load_hall_config)
    data_dir = ensure_writable_dir(resolve_data_dir(config.paths.data_dir))
    setup_logging(data_dir, config.logging.level, max_bytes=config.logging.max_bytes, backups=config.logging.backups)
    if damaged:
        log.warning(damaged)
    engine, sessions = open_hall_database(db_url or config.database.url or default_url(data_dir))
    return config, engine, sessions


def attachments_dir(config: HallConfig) -> Path:
    """Where filed attachments and result documents are kept: ``[filings] attachments_dir``, else the data dir's
    attachments/."""
    if config.filings.attachments_dir is not None:
        return ensure_writable_dir(config.filings.attachments_dir)
    return ensure_writable_dir(resolve_data_dir(config.paths.data_dir) / "attachments")


def build_hall(
    config_path: Path | None = None,
    db_url: str | None = None,
    *,
    clock: Clock | None = None,
    host: str | None = None,
    port: int | None = None,
) -> Hall:
    """The hall ready to serve; ``host``/``port`` override the config (and the QR codes' address follows them)."""
    config, engine, sessions = open_database(config_path, db_url)
    try:
        ring = KeyRing(keys_dir(config))
        move_keys(sessions, ring)  # before any key is used: a hall upgraded keeps its keys
        ring.current()  # a signing key from the first start on
        ensure_instance(sessions)  # what kiosks watch to learn of a restore (docs/hall.md, "Backups")
        id_key = ring.secret(ID_HASH)
        queue = QueueEngine(sessions, config, id_key=id_key, clock=clock or (lambda: datetime.now(UTC)))
        phones_url = public_url(config, host, port)
        attachments = AttachmentStore(attachments_dir(config))
        # create_app loads the catalog: a broken one stops here
        app = create_app(queue, public_url=phones_url, attachments=attachments, ring=ring)
        app.state.payments.start_if_used()  # settles what a restart left open (docs/payment.md)
        start_workers(app)  # the route modules' background work (hall/workers.py)
    except BaseException:
        engine.dispose()
        raise
    return Hall(config, engine, sessions, queue, app)


# `kiosk hall serve --workers N` hands its options to the worker processes in this environment variable.
SERVE_ENV = "KIOSK_HALL_SERVE"


def serve_environment(config_path: Path | None, db_url: str | None, host: str, port: int) -> dict[str, str]:
    """What ``app_from_environment`` needs in a worker process, as its environment variable."""
    options = {"config": str(config_path) if config_path else None, "db": db_url, "host": host, "port": port}
    return {SERVE_ENV: json.dumps(options)}


def app_from_environment() -> FastAPI:
    """uvicorn's app factory in each worker process of ``kiosk hall serve --workers N``: the same hall as the
    parent process built (and migrated) first, from the options in ``SERVE_ENV``."""
    options = json.loads(os.environ[SERVE_ENV])
    config = Path(options["config"]) if options["config"] else None
    app = build_hall(config, options["db"], host=options["host"], port=options["port"]).app
    settle_for_serving()
    return app


def settle_for_serving() -> None:
    """Once the hall is built, in a process that goes on to serve it: collect garbage once, then keep every object
    alive now (modules, the app, SQLAlchemy's and pydantic's tables: several hundred thousand) out of the garbage
    collector's sight. Otherwise each full collection walks them all, 60-100 ms on the build machine, during
    which no request is answered: the slowest 1 % at 100 requests/s (docs/hall-performance.md). Frozen objects are
    never freed, so this is for a serving process only, not for tests or tools that build many halls."""
    gc.collect()
    gc.freeze()
