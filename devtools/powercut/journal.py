"""Reading the power-cut layer's journal: the records cutfs.c appended, in the order the calls happened."""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass
from pathlib import Path

MAGIC = 0x54554350
_HEAD = struct.Struct("<IIQ")  # magic, type, size of what follows
_BODY = struct.Struct("<8QIIQ")  # eight fields, path length, second path length, data length


class Kind(enum.IntEnum):
    DATA = 1  # bytes at [offset, offset+length) are about to change; old bytes and old/new size kept
    SYNC = 2  # fsync/fdatasync of a file: its earlier data records are durable
    DIRSYNC = 3  # fsync of a directory: earlier creations and renames into it are durable
    SYNCALL = 4  # sync()/syncfs(): everything earlier is durable
    CREATE = 5  # a file was created
    RENAME = 6  # a file was renamed (possibly over another one, whose bytes are kept)
    UNLINK = 7  # a name was removed


@dataclass(frozen=True)
class Record:
    seq: int
    kind: Kind
    fields: tuple[int, ...]
    path: str
    path2: str
    data: bytes

    @property
    def inode(self) -> tuple[int, int]:
        return (self.fields[0], self.fields[1])


def read_journal(journal: Path) -> list[Record]:
    """Every complete record; a last record cut short by the kill is ignored (its write never happened)."""
    if not journal.exists():
        return []
    raw = journal.read_bytes()
    records: list[Record] = []
    pos = 0
    while pos + _HEAD.size <= len(raw):
        magic, kind, size = _HEAD.unpack_from(raw, pos)
        if magic != MAGIC:
            raise ValueError(f"掉电日志已损坏 / the power-cut journal is damaged at byte {pos}: {journal}")
        end = pos + _HEAD.size + size
        if end > len(raw):
            break
        *fields, path_len, path2_len, data_len = _BODY.unpack_from(raw, pos + _HEAD.size)
        at = pos + _HEAD.size + _BODY.size
        path = raw[at : at + path_len].decode("utf-8", "surrogateescape")
        at += path_len
        path2 = raw[at : at + path2_len].decode("utf-8", "surrogateescape")
        at += path2_len
        data = raw[at : at + data_len]
        records.append(Record(len(records), Kind(kind), tuple(fields), path, path2, data))
        pos = end
    return records
