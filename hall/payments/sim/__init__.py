"""The reference payment gateway's simulator: the protocol of hall/payments/gateway_wire.py served over HTTP, with
a payer's phone page, signed notifications retried until acknowledged, and faults on command. docs/payment.md,
"The reference gateway and its simulator"."""

from hall.payments.sim.server import GatewaySimulator

__all__ = ["GatewaySimulator"]
