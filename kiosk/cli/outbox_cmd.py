"""`kiosk outbox [--json]` and `kiosk outbox retry ID`: what the kiosk still owes the hall, for a technician.

Reads the store in the kiosk's data dir (the one `kiosk run` uses, from the same config), so it works while
the kiosk runs; `retry` puts a parked message back in line and the running kiosk's sender takes it on its next
round.
"""

from __future__ import annotations

import argparse
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from common.errors import KioskError
from common.settings import default_config_path, load_kiosk_config, resolve_data_dir
from kiosk.hallclient.outbox_state import OutboxReport, outbox_report, retry
from kiosk.store import AuditTrail, Filing, OutboxMessage, Store, open_store
from kiosk.store.database import STORE_FILE


class OutboxCommandError(KioskError):
    exit_code = 2


def register(commands: Any) -> None:
    outbox = commands.add_parser("outbox", help="what the kiosk still has to send to the hall (technicians)")
    outbox.add_argument("--config", type=Path, help="default: $KIOSK_CONFIG or config/kiosk.toml")
    outbox.add_argument("--json", action="store_true", help="machine-readable output")
    outbox.set_defaults(handler=_show)
    actions = outbox.add_subparsers(dest="action", metavar="ACTION")
    again = actions.add_parser("retry", help="put a parked message back in line (after fixing its cause)")
    again.add_argument("id", help="the message id `kiosk outbox` shows (or its first 8+ characters)")
    again.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    again.set_defaults(handler=_retry)


def _open(args: argparse.Namespace) -> tuple[Store, ZoneInfo]:
    store, zone, _station = open_station_store(args)
    return store, zone


def open_station_store(args: argparse.Namespace) -> tuple[Store, ZoneInfo, str]:
    config = load_kiosk_config(args.config or default_config_path())
    data_dir = resolve_data_dir(config.paths.data_dir)
    if not (data_dir / STORE_FILE).exists():
        raise OutboxCommandError(
            f"本机还没有本地数据库 / no local store in {data_dir}: the kiosk has not run with this config yet"
        )
    store = open_store(data_dir, key_file=config.filings.id_key_file)
    return store, ZoneInfo(config.station.timezone), config.station.id


def _show(args: argparse.Namespace) -> int:
    store, zone = _open(args)
    try:
        with store.sessions() as session:
            report = outbox_report(session, zone=zone)
            numbers = _filing_numbers(session, report)
    finally:
        store.close()
    if args.json:
        shown = report.as_json()
        for parked in shown["parked"]:
            parked["filing_number"] = numbers.get(parked["id"])
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_lines(report, numbers, zone)))
    return 0


def _filing_numbers(session: Any, report: OutboxReport) -> dict[str, str]:
    """The filing number (受理号) of each parked filing: the message id is the filing's id."""
    ids = [p.id for p in report.parked if p.kind == "filing"]
    rows = session.execute(select(Filing.id, Filing.number).where(Filing.id.in_(ids))).all() if ids else []
    return {str(row[0]): row[1] for row in rows}


def _lines(report: OutboxReport, numbers: dict[str, str], zone: ZoneInfo) -> list[str]:
    oldest = f"（最早 / oldest {_age(report.oldest_pending_age)}）" if report.oldest_pending_age is not None else ""
    lines = [f"待发送 / pending: {report.pending}{oldest}", f"今日已送达 / delivered today: {report.delivered_today}"]
    if report.paused is not None:
        since = f" {_local(report.paused_since, zone)}" if report.paused_since else ""
        lines += [
            f"已暂停 / PAUSED{since}: 大厅拒绝了本机 / the hall refuses this kiosk: {report.paused}",
            "  配置新的 hall.token 后重启 kiosk，不会丢失任何消息 / set a new hall.token and restart the kiosk; "
            "nothing is lost",
        ]
    elif report.pending and report.last_error:
        lines.append(f"等待原因 / waiting because: {report.last_error}")
    lines.append(f"已搁置 / parked: {len(report.parked)}")
    for parked in report.parked:
        label = numbers.get(str(parked.id), "")
        lines.append(f"  {parked.id}  {parked.kind} {label}  {_local(parked.parked_at, zone)}  {parked.reason}")
    if report.parked:
        lines.append("  原因排除后重试 / after fixing the cause: kiosk outbox retry ID")
    return lines


def _age(age: timedelta | None) -> str:
    seconds = int(age.total_seconds()) if age else 0
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _retry(args: argparse.Namespace) -> int:
    """Put a parked message back in line; the retry (or its refusal) is in the kiosk's audit log."""
    store, _zone, station = open_station_store(args)
    audit = AuditTrail(store, station)
    try:
        with store.sessions.begin() as session:
            message_id = _find(session, args.id)
            message = retry(session, message_id, now=datetime.now(UTC))
            sent = message is not None and message.sent_at is not None
        audit.record_cli("outbox.retry", target=f"message={message_id}", outcome="delivered" if sent else "ok")
    except OutboxCommandError as error:
        audit.record_cli("outbox.retry", target=f"message={args.id}", outcome="refused", detail={"why": str(error)})
        raise
    finally:
        store.close()
    if sent:
        print(f"{message_id}: 已送达，无需重试 / already delivered, nothing to retry")
    else:
        print(f"{message_id}: 已重新排队，运行中的 kiosk 将再次发送 / back in line; the running kiosk sends it next")
    return 0


def _find(session: Any, text: str) -> uuid.UUID:
    text = text.strip().lower()
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    if len(text) >= 8:
        ids = [i for i in session.scalars(select(OutboxMessage.id)) if str(i).startswith(text)]
        if len(ids) == 1:
            found: uuid.UUID = ids[0]
            return found
        if len(ids) > 1:
            raise OutboxCommandError(f"编号不唯一 / {text!r} matches {len(ids)} messages: give more of the id")
    raise OutboxCommandError(f"没有这条消息 / no outbox message {text!r}: see `kiosk outbox`")
