"""Fee payment (自助缴费): orders, their trades at the gateway and their event log; a filing's paid mark; the
day's reconciliation; and the supervisors' alerts.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

LIVE = "status IN ('open', 'paying') AND filing_id IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("filing") as batch:
        batch.add_column(sa.Column("paid_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("paid_order_no", sa.String(32), nullable=True))
    op.create_table(
        "payment_order",
        sa.Column("order_no", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("ref", sa.String(40), nullable=False),
        sa.Column("filing_id", sa.Uuid(), sa.ForeignKey("filing.id"), nullable=True),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("title_en", sa.String(160), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("trade_no", sa.String(32), nullable=False),
        sa.Column("pay_url", sa.String(500), nullable=False),
        sa.Column("message_zh", sa.String(200), nullable=False),
        sa.Column("message_en", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.Column("paid_trade_no", sa.String(32), nullable=True),
        sa.Column("transaction_id", sa.String(64), nullable=False),
    )
    op.create_index(
        "ux_payment_order_live_filing",
        "payment_order",
        ["filing_id"],
        unique=True,
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
    op.create_index("ix_payment_order_filing", "payment_order", ["filing_id"])
    op.create_table(
        "payment_trade",
        sa.Column("out_trade_no", sa.String(32), primary_key=True),
        sa.Column("order_no", sa.String(32), sa.ForeignKey("payment_order.order_no"), nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(12), nullable=True),
        sa.Column("transaction_id", sa.String(64), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.Column("refund_no", sa.String(40), nullable=True),
        sa.Column("refund_state", sa.String(12), nullable=False),
        sa.Column("refunded_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("next_check_at", sa.DateTime(), nullable=True),
        sa.Column("checks", sa.Integer(), nullable=False),
    )
    op.create_index("ix_payment_trade_order", "payment_trade", ["order_no"])
    op.create_index("ix_payment_trade_due", "payment_trade", ["next_check_at"])
    op.create_table(
        "payment_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("order_no", sa.String(32), sa.ForeignKey("payment_order.order_no"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(12), nullable=True),
        sa.Column("to_status", sa.String(12), nullable=False),
        sa.Column("out_trade_no", sa.String(32), nullable=True),
        sa.Column("trade_state", sa.String(12), nullable=True),
        sa.Column("notice_id", sa.String(64), nullable=True),
        sa.Column("note", sa.String(500), nullable=False),
    )
    op.create_index("ix_payment_event_order", "payment_event", ["order_no", "id"])
    op.create_index("ix_payment_event_notice", "payment_event", ["notice_id"])
    op.create_table(
        "payment_reconcile",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("ran_at", sa.DateTime(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("differences", sa.JSON(), nullable=False),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False),
        sa.Column("message_zh", sa.String(500), nullable=False),
        sa.Column("message_en", sa.String(800), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_by", sa.String(200), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
    )
    op.create_index("ix_alert_open", "alert", ["acknowledged_at", "kind", "subject"])


def downgrade() -> None:
    op.drop_index("ix_alert_open", "alert")
    op.drop_table("alert")
    op.drop_table("payment_reconcile")
    op.drop_index("ix_payment_event_notice", "payment_event")
    op.drop_index("ix_payment_event_order", "payment_event")
    op.drop_table("payment_event")
    op.drop_index("ix_payment_trade_due", "payment_trade")
    op.drop_index("ix_payment_trade_order", "payment_trade")
    op.drop_table("payment_trade")
    op.drop_index("ix_payment_order_filing", "payment_order")
    op.drop_index("ux_payment_order_live_filing", "payment_order")
    op.drop_table("payment_order")
    with op.batch_alter_table("filing") as batch:
        batch.drop_column("paid_order_no")
        batch.drop_column("paid_at")
