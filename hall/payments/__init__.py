"""Fee payment (自助缴费): orders, the gateway they are paid through, reconciliation. docs/payment.md."""
