"""What is owed, priced by the hall from its catalog (docs/payment.md, "What is owed"): a filing owes its item's
fee lines marked ``per_filing`` until it is paid (nothing once rejected, and nothing when its item left the
catalog); an item's lines marked ``at_kiosk`` can be paid without a filing."""

from __future__ import annotations

from common.hallapi.catalog import ServiceItem
from common.hallapi.filings import FilingStatus
from common.hallapi.payments import FeeLineOut, PayableOut
from hall.catalog import Catalog
from hall.filings import Filing


def item_payable(item: ServiceItem) -> PayableOut | None:
    """The item's fee payable at the kiosk without a filing; None when it has none."""
    lines = [FeeLineOut(name=fee.name, amount_fen=fee.amount_fen or 0) for fee in item.fees if fee.at_kiosk]
    lines = [line for line in lines if line.amount_fen > 0]
    if not lines:
        return None
    return PayableOut(
        kind="item",
        ref=item.code,
        title_zh=item.name,
        title_en=item.name,
        lines=lines,
        amount_fen=sum(line.amount_fen for line in lines),
    )


def filing_lines(catalog: Catalog, filing: Filing) -> list[FeeLineOut]:
    """The fee lines a filing of its item owes, paid or not."""
    item = catalog.get(filing.item_code)
    if item is None:
        return []
    lines = [FeeLineOut(name=fee.name, amount_fen=fee.amount_fen or 0) for fee in item.fees if fee.per_filing]
    return [line for line in lines if line.amount_fen > 0]


def filing_owes(catalog: Catalog, filing: Filing) -> bool:
    """Whether the filing still owes its fee: it has one, it is not paid, and it was not rejected."""
    if filing.paid_at is not None or filing.status == FilingStatus.REJECTED.value:
        return False
    return bool(filing_lines(catalog, filing))


def filing_payable(catalog: Catalog, filing: Filing) -> PayableOut:
    """The filing's fee as an order charges it (whether or not it is owed now)."""
    item = catalog.get(filing.item_code)
    name = item.name if item is not None else filing.item_code
    lines = filing_lines(catalog, filing)
    return PayableOut(
        kind="filing",
        ref=filing.number,
        title_zh=f"{name}（受理号 {filing.number}）",
        title_en=f"{name} (filing {filing.number})",
        lines=lines,
        amount_fen=sum(line.amount_fen for line in lines),
    )


def fee_items(catalog: Catalog) -> list[PayableOut]:
    return [payable for item in catalog.items if (payable := item_payable(item)) is not None]
