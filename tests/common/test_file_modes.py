"""Everything the hall and the kiosk make under their data dirs is for the service's user only, whatever the umask:
directories 0700; databases (and their -wal, -shm, -journal), logs, keys and attachments 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from common.settings import ensure_writable_dir, private_sqlite_file
from tests.support.paths import SHIPPED_CONFIG

# Run in a child with umask 000: the parent's umask must stay as it is for the other tests.
HALL_AND_KIOSK = textwrap.dedent(
    """
    import logging, os, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo

    os.umask(0)
    root, config = Path(sys.argv[1]), Path(sys.argv[2])

    os.environ["KIOSK_DATA_DIR"] = str(root / "hall")
    from hall.filing_keys import key_file, load_or_create_key
    from hall.server import build_hall
    hall = build_hall(config)
    load_or_create_key(key_file(hall.config))
    from hall.attachments import AttachmentStore
    from hall.server import attachments_dir
    files = AttachmentStore(attachments_dir(hall.config))
    files.put_bytes(b"%PDF-1.4 a result")
    upload = files.begin_upload("ab" * 32)
    upload.start(0)
    upload.write(b"half a photo")
    upload.close()
    logging.getLogger("hall.test").warning("a line in the hall's log")
    hall.close()

    os.environ["KIOSK_DATA_DIR"] = str(root / "kiosk")
    from common.logs import setup_logging
    from common.settings import ensure_writable_dir, resolve_data_dir
    from kiosk.store import open_store
    from kiosk.store.filings import FilingStore
    from tests.kiosk.store.filing_helpers import attachment, new_filing
    data_dir = ensure_writable_dir(resolve_data_dir(None))
    setup_logging(data_dir, "INFO", console=False)
    kiosk = open_store(data_dir)
    FilingStore(kiosk, data_dir, "K01", ZoneInfo("Asia/Shanghai")).save(new_filing(attachment(100)))
    logging.getLogger("kiosk.test").warning("a line in the kiosk's log")
    with kiosk.engine.connect() as connection:  # keep -wal and -shm there to be checked
        connection.exec_driver_sql("SELECT count(*) FROM filing").fetchall()
        os.write(1, b"ready\\n")
        sys.stdin.read()
    kiosk.close()
    """
)


def modes_under(root: Path) -> dict[str, str]:
    found = {}
    for path in [root, *root.rglob("*")]:
        found[str(path.relative_to(root))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_every_file_and_dir_made_under_the_data_dirs_is_private_with_umask_000(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, "-c", HALL_AND_KIOSK, str(tmp_path / "data"), str(SHIPPED_CONFIG / "hall.toml")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline() == b"ready\n"
        modes = modes_under(tmp_path / "data")
    finally:
        child.stdin.close()
        assert child.wait(timeout=60) == 0
    names = set(modes)
    for expected in ("hall/hall.db", "hall/logs/kiosk.log", "hall/filing-id.key",
                     "kiosk/kiosk.db", "kiosk/kiosk.db-wal", "kiosk/kiosk.db-shm", "kiosk/logs/kiosk.log"):  # fmt: skip
        assert expected in names
    assert any(name.startswith("hall/attachments/.partial/") for name in names)
    assert any(name.startswith("kiosk/attachments/") for name in names), names
    wrong = {
        name: mode
        for name, mode in modes.items()
        if mode != ("0o700" if (tmp_path / "data" / name).is_dir() else "0o600")
    }
    wrong.pop(".", None)  # the test's own folder
    assert wrong == {}


def test_a_data_dir_and_a_database_made_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    for name in ("kiosk.db", "kiosk.db-wal"):
        (data_dir / name).touch()
        (data_dir / name).chmod(0o644)
    ensure_writable_dir(data_dir)
    private_sqlite_file(data_dir / "kiosk.db")
    assert modes_under(data_dir) == {".": "0o700", "kiosk.db": "0o600", "kiosk.db-wal": "0o600"}
