"""The hash chain of an append-only audit log, shared by the hall's and the kiosk's: each entry's hash covers the
hash of the entry before it and its own fields, so an entry removed, altered or reordered by someone who bypassed
the database's refusals breaks the chain at that entry (``verify_chain``)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from devices.privacy import mask_id_numbers

GENESIS = "0" * 64  # the "hash before" of the first entry
MAX_DETAIL_CHARS = 1000  # an entry's detail is short: what was asked, not what was answered
MAX_TEXT_CHARS = 300  # any one string inside a detail
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
COLUMNS = ["id", "at", "actor", "role", "action", "target", "detail", "address", "outcome", "before", "hash"]


@dataclass(frozen=True)
class ChainFields:
    """What an entry's hash covers, in this order."""

    id: int
    at: datetime
    actor: str
    role: str
    action: str
    target: str
    detail: str
    address: str
    outcome: int | str  # the hall: an HTTP status or a command's exit status; the kiosk: a word (ok, wrong_pin)


def at_text(at: datetime) -> str:
    """The one spelling of an entry's time that its hash covers: UTC to the microsecond."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(before: str, fields: ChainFields) -> str:
    values = [before, fields.id, at_text(fields.at), fields.actor, fields.role, fields.action, fields.target]
    values += [fields.detail, fields.address, fields.outcome]
    encoded = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def _encodable(text: str) -> str:
    """``text`` with a lone surrogate (JSON may carry one, UTF-8 cannot) written as \\udXXX."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        text = mask_id_numbers(_encodable(value))
        return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS] + "…"
    if isinstance(value, Mapping):
        return {_masked(str(key)): _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value[:50]]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _masked(str(value))


def detail_text(detail: Mapping[str, Any] | None) -> str:
    """An entry's detail as short canonical JSON, ID numbers masked in every string, long strings cut."""
    text = json.dumps(_masked(dict(detail or {})), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if len(text) > MAX_DETAIL_CHARS:
        text = json.dumps({"truncated": text[: MAX_DETAIL_CHARS - 40]}, ensure_ascii=False)
    return text


def masked_text(text: str, limit: int = 200) -> str:
    """A short free-text field of an entry (actor, target, address): ID numbers masked, control characters (a NUL
    in a path parameter) shown as \\uXXXX, cut at ``limit``."""
    shown = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", _encodable(text))
    return mask_id_numbers(shown)[:limit]


@dataclass(frozen=True)
class StoredEntry:
    fields: ChainFields
    before: str  # the hash of the entry before, as stored in this entry
    hash: str


def stored_entry(row: Any) -> StoredEntry:
    """A stored row of either audit table (the hall's ``AuditEntry``, the kiosk's ``KioskAuditEntry``: the same
    columns) as the chain sees it."""
    fields = ChainFields(
        id=row.id,
        at=row.at,
        actor=row.actor,
        role=row.role,
        action=row.action,
        target=row.target,
        detail=row.detail,
        address=row.address,
        outcome=row.outcome,
    )
    return StoredEntry(fields=fields, before=row.before, hash=row.hash)


def verify_chain(entries: Iterable[StoredEntry]) -> tuple[int, str, list[str]]:
    """Walk the entries in id order: (how many, the hash of the last, what is wrong: one line per broken entry,
    each naming the entry)."""
    problems: list[str] = []
    count, previous_id, previous_hash = 0, 0, GENESIS
    for entry in entries:
        count += 1
        number = entry.fields.id
        if number != previous_id + 1:
            missing = f"{previous_id + 1}" if number == previous_id + 2 else f"{previous_id + 1}-{number - 1}"
            problems.append(f"entry {number}: entries {missing} before it are missing / 其前的记录缺失")
        elif entry.before != previous_hash:
            problems.append(f"entry {number}: the entry before it was altered or replaced / 其前一条记录被改动")
        if entry_hash(entry.before, entry.fields) != entry.hash:
            problems.append(f"entry {number}: its fields do not match its hash (altered) / 该记录被改动")
        previous_id, previous_hash = number, entry.hash
    return count, previous_hash, problems


def export_row(entry: StoredEntry) -> dict[str, object]:
    """An entry as the exports write it (``COLUMNS``), its time in ``at_text``'s spelling."""
    row: dict[str, object] = {**vars(entry.fields), "before": entry.before, "hash": entry.hash}
    row["at"] = at_text(entry.fields.at)
    return row


def csv_lines(entries: Iterable[StoredEntry]) -> Iterator[str]:
    """The entries as CSV with a header row, in chunks of about 64 KiB."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(export_row(entry))
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def jsonl_lines(entries: Iterable[StoredEntry]) -> Iterator[str]:
    """The entries as JSON lines, one object a line."""
    for entry in entries:
        yield json.dumps(export_row(entry), ensure_ascii=False) + "\n"
