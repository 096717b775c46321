"""Programs the power-cut tests run as child processes under the layer: each prints a line per durable step."""

from __future__ import annotations

# Writes files with and without fsync, then waits to be killed. argv: the watched dir.
FILES = r"""
import os, sys
from pathlib import Path
root = Path(sys.argv[1])

def sync_dir(path):
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(fd)
    os.close(fd)

def write_synced(path, data):
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())

write_synced(root / "kept", b"durable " * 1000)
write_synced(root / "settings", b"old settings")
moving = open(root / "moving", "wb")
moving.write(b"first")
moving.flush()
os.fsync(moving.fileno())
os.rename(root / "moving", root / "moved")
sync_dir(root)
with open(root / "kept", "r+b") as f:  # overwrite pages in the middle and grow it, never synced
    for n in range(20):
        f.seek(n * 700)
        f.write(b"LOST" * 50)
    f.seek(0, 2)
    f.write(b"tail" * 3000)
with open(root / "unsynced", "wb") as f:
    f.write(b"no fsync at all")
with open(root / "synced-but-not-its-dir", "wb") as f:
    f.write(b"fsynced")
    f.flush()
    os.fsync(f.fileno())
(root / "new.tmp").write_bytes(b"replacement")
fd = os.open(root / "new.tmp", os.O_RDONLY)
os.fsync(fd)
os.close(fd)
os.replace(root / "new.tmp", root / "config")  # the rename is not followed by an fsync of the directory
os.link(root / "kept", root / "second-name")  # nor is this new name
write_synced(root / "settings.tmp", b"new settings")
os.replace(root / "settings.tmp", root / "settings")  # replaces a durable file, without a directory fsync
os.mkdir(root / "made")  # its contents and itself are synced, but not the directory it is in
write_synced(root / "made" / "inside", b"synced")
sync_dir(root / "made")
moving.write(b" second")  # through a descriptor opened under the file's earlier name
moving.flush()
print("written", flush=True)
sys.stdin.read()
"""

# The kiosk store's own settings: one audit entry per commit; prints each id once record() returned.
KIOSK_STORE = r"""
import sys
from pathlib import Path
from kiosk.store import open_store
from kiosk.store.audit import AuditTrail
store = open_store(Path(sys.argv[1]))
trail = AuditTrail(store, "powercut")
for n in range(1, 10_000):
    entry = trail.record("probe", target=str(n), detail={"pad": "x" * (n % 700)})
    print(f"committed {entry.id}", flush=True)
"""

# Plain SQLite in WAL mode with synchronous=OFF: commits return before anything reached the disk.
SQLITE_UNSYNCED = r"""
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
for n in range(1, 10_000):
    db.execute("INSERT INTO probe (n, pad) VALUES (?, ?)", (n, "x" * 300))
    print(f"committed {n}", flush=True)
"""

# Filings with an attachment each, through the kiosk's FilingStore; prints the filing id once save() returned.
# With a second argument "busy", the kiosk first commits something else (as a kiosk up for a while has).
KIOSK_FILINGS = r"""
import sys
from pathlib import Path
from zoneinfo import ZoneInfo
from kiosk.store import open_store
from kiosk.store.audit import AuditTrail
from kiosk.store.filings import FilingStore
from tests.kiosk.store.filing_helpers import attachment, new_filing
data = Path(sys.argv[1])
store = open_store(data)
if sys.argv[2:] == ["busy"]:
    AuditTrail(store, "powercut").record("started")
filings = FilingStore(store, data, "K01", ZoneInfo("Asia/Shanghai"))
for n in range(1, 10_000):
    record = filings.save(new_filing(attachment(3000 + 37 * n, fill=bytes([65 + n % 26]))))
    print(f"committed {n} {record.id}", flush=True)
"""
