"""The kiosk's local store: SQLite in WAL mode, migrated at start-up; its outbox table is filled and drained by
kiosk/hallclient/outbox.py."""

from kiosk.store.audit import AuditTrail, KioskAuditEntry
from kiosk.store.database import Store, open_store
from kiosk.store.filing_tables import Filing, FilingAttachment, FilingSequence, SyncState
from kiosk.store.models import Base, IssuedTicket, OutboxMessage, PrintJob

__all__ = [
    "AuditTrail",
    "Base",
    "Filing",
    "FilingAttachment",
    "FilingSequence",
    "IssuedTicket",
    "KioskAuditEntry",
    "OutboxMessage",
    "PrintJob",
    "Store",
    "SyncState",
    "open_store",
]
