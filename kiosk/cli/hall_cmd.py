"""`kiosk hall …`: serve the hall, and manage its API tokens and signing keys."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from common.stopping import StopSignals
from hall.audit import record_cli
from hall.tokens import REPORTING_ROLES, Role, TokenError, create_token, revoke_token
from kiosk.cli import (
    hall_audit_cmd,
    hall_backup_cmd,
    hall_devices_cmd,
    hall_disclosure_cmd,
    hall_payments_cmd,
    hall_supervision_cmd,
    hall_web_demo_cmd,
)

log = logging.getLogger(__name__)


def register(commands: Any) -> None:
    hall = commands.add_parser("hall", help="the central hall server: serve it, manage its tokens, read its audit log")
    actions = hall.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="run the hall server (HTTP API, ticket pages)")
    _database_options(serve)
    serve.add_argument("--host", help="default: server.host from the config")
    serve.add_argument("--port", type=int, help="default: server.port from the config")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (default 1); on PostgreSQL one per core adds capacity, on SQLite keep 1",
    )
    serve.set_defaults(handler=_serve)
    token = actions.add_parser("token", help="API tokens: create or revoke")
    tokens = token.add_subparsers(dest="token_action", metavar="ACTION", required=True)
    create = tokens.add_parser("create", help="make a token and print it once")
    create.add_argument("--name", required=True, help="who holds it, e.g. kiosk-01")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument(
        "--source",
        help="kiosk, pads and display tokens: the source it reports devices for (the kiosk's station id, the "
        "controller's hall.source); default: the name",
    )
    _database_options(create)
    create.set_defaults(handler=_create)
    revoke = tokens.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    _database_options(revoke)
    revoke.set_defaults(handler=_revoke)
    keys = actions.add_parser("keys", help="the keys that sign tickets and receipts: list or rotate")
    key_actions = keys.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    listed = key_actions.add_parser("list", help="key ids and when each was made (never the keys)")
    listed.add_argument("--config", type=Path, help="default: config/hall.toml")
    listed.set_defaults(handler=_keys_list)
    rotate = key_actions.add_parser("rotate", help="make a new current key; older keys still verify")
    _database_options(rotate)  # the rotation is recorded in the hall's audit log
    rotate.set_defaults(handler=_keys_rotate)
    hall_devices_cmd.register(actions)
    hall_audit_cmd.register(actions, _database_options)
    hall_disclosure_cmd.register(actions, _database_options)
    hall_payments_cmd.register(actions, _database_options)
    hall_web_demo_cmd.register(actions, _database_options)
    hall_supervision_cmd.register(actions, _database_options)
    hall_backup_cmd.register(actions, _database_options)


def _database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="default: config/hall.toml")
    parser.add_argument("--db", help="database URL; default: database.url, else SQLite in the data dir")


def _serve(args: argparse.Namespace) -> int:
    from common.sdnotify import WatchdogPinger  # noqa: PLC0415
    from hall.server import build_hall, serve_environment, settle_for_serving  # noqa: PLC0415
    from hall.serving import HallServer, serve_workers  # noqa: PLC0415
    from hall.transport import hall_uvicorn_config  # noqa: PLC0415

    if not 1 <= args.workers <= 64:
        print(f"--workers 应为 1 到 64 / --workers must be 1 to 64, got {args.workers}", file=sys.stderr)
        return 2
    hall = build_hall(args.config, args.db, host=args.host, port=args.port)  # migrates once, before any worker
    host, port = args.host or hall.config.server.host, args.port or hall.config.server.port
    server = hall.config.server
    scheme = "https" if server.tls_cert is not None else "http"
    print(f"大厅服务 / hall server: {scheme}://{host}:{port}  (API: /api/v1, spec: /openapi.json)", flush=True)
    if args.workers == 1:
        settle_for_serving()
        # uvicorn hears the signal first, and hands it on once it has stopped: here it is only recorded.
        with StopSignals() as signals:
            try:
                uvicorn_config = hall_uvicorn_config(hall.app, server, host=host, port=port)
                HallServer(uvicorn_config, on_signal=signals.request, pinger=WatchdogPinger()).run()
            finally:
                hall.close()
        return signals.exit_code if signals.requested else 0
    if hall.queue.dialect == "sqlite":
        print(
            "提示：SQLite 只有一个写锁，多进程不会更快 / note: SQLite has one write lock; more processes add no speed"
        )
    hall.close()
    os.environ.update(serve_environment(args.config, args.db, host, port))
    factory = "hall.server:app_from_environment"
    serve_workers(
        hall_uvicorn_config(factory, server, host=host, port=port, factory=True, workers=args.workers),
        WatchdogPinger(),
    )
    return 0


def _create(args: argparse.Namespace) -> int:
    from hall.server import open_database  # noqa: PLC0415

    _config, engine, sessions = open_database(args.config, args.db)
    try:
        role = Role(args.role)
        token = create_token(sessions, args.name, role, source=args.source)
        bound = (args.source or args.name) if role in REPORTING_ROLES else None
        record_cli(sessions, "token.create", f"token={args.name}", {"role": args.role, "source": bound})
    except TokenError as error:
        record_cli(sessions, "token.create", f"token={args.name}", {"refused": str(error)}, outcome=2)
        print(error, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(token)
    print(f"令牌只显示这一次，请妥善保存 / this {args.role} token is shown only once; keep it safe", file=sys.stderr)
    if bound is not None:
        print(f"此令牌只代表来源 {bound} 上报设备 / it reports devices for source {bound!r} only", file=sys.stderr)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from hall.server import open_database  # noqa: PLC0415

    _config, engine, sessions = open_database(args.config, args.db)
    try:
        revoke_token(sessions, args.name)
        record_cli(sessions, "token.revoke", f"token={args.name}")
    except TokenError as error:
        record_cli(sessions, "token.revoke", f"token={args.name}", {"refused": str(error)}, outcome=2)
        print(error, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"已撤销 / revoked: {args.name}")
    return 0


def _ring(config_path: Path | None) -> Any:
    from common.settings import load_hall_config  # noqa: PLC0415
    from hall.keyring import KeyRing, keys_dir  # noqa: PLC0415

    return KeyRing(keys_dir(load_hall_config(config_path)))


def _keys_list(args: argparse.Namespace) -> int:
    ring = _ring(args.config)
    keys = ring.signing_keys()
    current = max((k.number for k in keys), default=None)
    print(f"密钥目录 / key ring: {ring.directory}")
    for key in keys:
        role = "当前 / current" if key.number == current else "仅验证 / verify only"
        if key.key_id == "0":
            role = "旧回执 / legacy receipts, verify only"
        print(f"{key.key_id}\t{key.created.isoformat()}\t{role}")
    if not keys:
        print("还没有签名密钥，大厅首次启动时生成 / no signing key yet: the hall makes one on first start")
    return 0


def _keys_rotate(args: argparse.Namespace) -> int:
    from hall.keyring import KeyRing, keys_dir  # noqa: PLC0415
    from hall.server import open_database  # noqa: PLC0415

    config, engine, sessions = open_database(args.config, args.db)
    try:
        key = KeyRing(keys_dir(config)).rotate()
        record_cli(sessions, "key.rotate", f"key={key.key_id}")
    finally:
        engine.dispose()
    print(f"新的当前密钥 / new current key: {key.key_id}  (旧密钥保留用于验证 / older keys still verify)")
    return 0
