"""The cost of durability: one domain row plus its outbox message per commit, synchronous=FULL against NORMAL."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.hallclient import outbox
from kiosk.store import Base, open_store

COMMITS = 300


class BenchTicket(Base):
    __tablename__ = "bench_ticket"
    number: Mapped[str] = mapped_column(String(16), primary_key=True)


def commits_per_second(synchronous: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        BenchTicket.__table__.create(store.engine)

        def relax(connection: object, _record: object) -> None:
            connection.execute(f"PRAGMA synchronous={synchronous}")

        store.engine.dispose()
        event.listen(store.engine, "connect", relax)
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar() == {"FULL": 2, "NORMAL": 1}[synchronous]
        start = time.perf_counter()
        for i in range(COMMITS):
            with store.sessions.begin() as session:
                session.add(BenchTicket(number=f"A{i:05d}"))
                outbox.enqueue(session, "ticket.issued", {"number": f"A{i:05d}"})
        elapsed = time.perf_counter() - start
        store.close()
        return COMMITS / elapsed


def main() -> None:
    normal = commits_per_second("NORMAL")
    full = commits_per_second("FULL")
    print(f"| synchronous | commits/s ({COMMITS} commits, row + outbox each) | relative to NORMAL |")
    print("|---|---|---|")
    print(f"| NORMAL | {normal:,.0f} | 1.00 |")
    print(f"| FULL (shipped) | {full:,.0f} | {full / normal:.2f} |")


if __name__ == "__main__":
    main()
