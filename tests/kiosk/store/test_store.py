"""The local store: created from empty by migrations, durable settings, newer schemas refused, outbox atomic."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import String, func, select, text
from sqlalchemy.orm import Mapped, mapped_column

from common.errors import StoreError
from common.schema import alembic_config, code_head, current_revision, migrate
from kiosk.hallclient import outbox
from kiosk.store import Base, OutboxMessage, open_store
from kiosk.store.database import create_sqlite_engine
from kiosk.store.schema import MIGRATIONS, store_migrations


class TicketRow(Base):
    """A stand-in domain row, as later features add them: stored together with its outbox message."""

    __tablename__ = "test_ticket"
    number: Mapped[str] = mapped_column(String(8), primary_key=True)


@pytest.fixture
def store(data_dir: Path):
    data_dir.mkdir(parents=True)
    opened = open_store(data_dir)
    TicketRow.__table__.create(opened.engine)
    yield opened
    opened.close()


def test_migrations_build_the_store_from_empty(data_dir: Path) -> None:
    data_dir.mkdir()
    store = open_store(data_dir)
    try:
        assert current_revision(store.engine) == code_head(store_migrations()) == "0006"
        with store.engine.connect() as connection:
            tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
            assert {"outbox", "print_job", "issued_ticket", "filing", "filing_attachment", "alembic_version"} <= tables
            # The migrations and the typed models describe the same schema.
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            assert [d for d in diff if "test_ticket" not in str(d)] == []
    finally:
        store.close()


def test_every_connection_is_durable(store) -> None:
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_reopening_keeps_the_data_and_makes_no_backup(store, data_dir: Path) -> None:
    with store.sessions.begin() as session:
        outbox.enqueue(session, "ticket.issued", {"number": "A001"})
    store.close()
    again = open_store(data_dir)
    try:
        with again.sessions() as session:
            assert outbox.pending_count(session) == 1
    finally:
        again.close()
    assert not list(data_dir.glob("kiosk.db.before-*"))


def _stamp(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def test_a_store_from_a_newer_version_is_refused_and_left_alone(store, data_dir: Path) -> None:
    store.close()
    path = data_dir / "kiosk.db"
    _stamp(path, "0042")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(data_dir)
    assert "newer version" in caught.value.message and "schema 0042" in caught.value.message
    assert "knows up to 0006" in caught.value.message
    assert path.read_bytes() == before


def test_an_unknown_revision_is_refused(store, data_dir: Path) -> None:
    store.close()
    _stamp(data_dir / "kiosk.db", "abcdef")
    with pytest.raises(StoreError, match="unknown schema revision 'abcdef'"):
        open_store(data_dir)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / "kiosk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable store file"):
        open_store(data_dir)
    assert path.read_bytes() == b"this is not sqlite" * 100


NEXT_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "{next}"
down_revision = "{head}"


def upgrade() -> None:
    op.add_column("outbox", sa.Column("hall_reply", sa.Text(), nullable=True))
"""


def test_an_older_store_is_backed_up_then_migrated(store, data_dir: Path, tmp_path: Path) -> None:
    with store.sessions.begin() as session:
        outbox.enqueue(session, "ticket.issued", {"number": "A001"})
    store.close()
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    head = code_head(store_migrations())
    following = f"{int(head) + 1:04d}"
    migration = NEXT_MIGRATION.replace("{next}", following).replace("{head}", head)
    (migrations / "versions" / f"{following}_reply.py").write_text(migration, encoding="utf-8")
    path = data_dir / "kiosk.db"
    engine = create_sqlite_engine(path)
    try:
        migrate(engine, path, alembic_config(migrations))
        assert current_revision(engine) == following
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM outbox")).scalar() == 1
    finally:
        engine.dispose()
    backup = data_dir / f"kiosk.db.before-{following}"
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        assert copy.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
    copy.close()


def test_outbox_row_commits_with_its_domain_row(store) -> None:
    with store.sessions.begin() as session:
        session.add(TicketRow(number="A001"))
        outbox.enqueue(session, "ticket.issued", {"number": "A001"})
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)) == 1
        [message] = outbox.due(session)
        assert message.kind == "ticket.issued" and message.payload == {"number": "A001"}
        assert message.attempts == 0 and message.sent_at is None


def test_a_rollback_leaves_neither_the_domain_row_nor_the_outbox_row(store) -> None:
    with pytest.raises(RuntimeError), store.sessions.begin() as session:
        session.add(TicketRow(number="A002"))
        outbox.enqueue(session, "ticket.issued", {"number": "A002"})
        session.flush()
        raise RuntimeError("printer caught fire mid-transaction")
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(TicketRow)) == 0
        assert outbox.pending_count(session) == 0


def test_a_failed_constraint_rolls_back_both(store) -> None:
    with store.sessions.begin() as session:
        session.add(TicketRow(number="A003"))
    with pytest.raises(Exception, match="UNIQUE"), store.sessions.begin() as session:
        outbox.enqueue(session, "ticket.issued", {"number": "A003"})
        session.add(TicketRow(number="A003"))
    with store.sessions() as session:
        assert outbox.pending_count(session) == 0


def test_failed_sends_back_off_in_order_and_sent_messages_are_not_due(store) -> None:
    start = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    with store.sessions.begin() as session:
        first = outbox.enqueue(session, "rating.created", {"level": 5}, now=start)
        outbox.enqueue(session, "filing.created", {"n": 1}, now=start + timedelta(seconds=1))
    with store.sessions.begin() as session:
        message = session.get(OutboxMessage, first.id)
        assert message is not None
        outbox.mark_failed(message, "hall unreachable", now=start, jitter=lambda: 1.0)
        outbox.mark_failed(message, "hall unreachable", now=start, jitter=lambda: 1.0)
        assert message.next_attempt_at == start + timedelta(seconds=10)
    with store.sessions() as session:
        # The head backs off and the one behind it waits with it: the hall receives them in order.
        assert outbox.due(session, now=start + timedelta(seconds=2)) == []
        later = outbox.due(session, now=start + timedelta(seconds=11))
        assert [m.kind for m in later] == ["rating.created", "filing.created"]
        assert later[0].last_error == "hall unreachable" and later[0].attempts == 2
    with store.sessions.begin() as session:
        for message in outbox.due(session, now=start + timedelta(seconds=11)):
            outbox.mark_sent(message, now=start + timedelta(seconds=11))
    with store.sessions() as session:
        assert outbox.due(session, now=start + timedelta(days=1)) == []
        assert outbox.pending_count(session) == 0


def test_backoff_has_jitter_and_is_capped(store) -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    assert outbox.backoff(1, lambda: 0.0) == timedelta(seconds=2.5)
    assert outbox.backoff(1, lambda: 1.0) == timedelta(seconds=5)
    assert outbox.backoff(3, lambda: 0.5) == timedelta(seconds=15)  # between 10 and 20 s
    delays = {outbox.backoff(4) for _ in range(50)}
    assert len(delays) > 1 and all(timedelta(seconds=20) <= d <= timedelta(seconds=40) for d in delays)
    with store.sessions.begin() as session:
        message = outbox.enqueue(session, "k", {}, now=now)
        for _ in range(20):
            outbox.mark_failed(message, "down", now=now, jitter=lambda: 1.0)
        assert message.next_attempt_at == now + outbox.MAX_RETRY
        outbox.mark_failed(message, "down", now=now, jitter=lambda: 0.0)
        assert message.next_attempt_at == now + outbox.MAX_RETRY / 2


def test_store_times_must_be_aware(store) -> None:
    with pytest.raises(Exception, match="timezone-aware"), store.sessions.begin() as session:
        outbox.enqueue(session, "k", {}, now=datetime(2026, 11, 22))
        session.flush()
