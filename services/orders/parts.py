"""Part states and the per-part facts the guards and queries ask about."""

from __future__ import annotations

from decimal import Decimal

from services.storage.models import OrderPart

# new → priced | unavailable → ordered → received (a partial receipt keeps "ordered").
PART_NEW = "new"
PART_PRICED = "priced"
PART_UNAVAILABLE = "unavailable"
PART_ORDERED = "ordered"
PART_RECEIVED = "received"

# Return flags set on cancellation (OrderPart.return_flag).
FLAG_RETURN = "return"  # ordered, nothing came: cancel or return to the vendor
FLAG_RESTOCK = "restock"  # fully received: back to the shelf
FLAG_PARTIAL = "partial"  # part came (restock it), the rest is still on order (cancel it)


def is_available(part: OrderPart) -> bool:
    return part.status != PART_UNAVAILABLE


def is_priced(part: OrderPart) -> bool:
    return part.purchase_price is not None and part.sale_price is not None


def is_ordered(part: OrderPart) -> bool:
    return bool(part.vendor_order_no) and part.expected_date is not None


def missing_quantity(part: OrderPart) -> Decimal:
    """Ordered minus received; zero for unavailable parts."""
    if not is_available(part):
        return Decimal(0)
    return max(part.quantity - part.received_quantity, Decimal(0))


def return_flag(part: OrderPart) -> str | None:
    """What a cancellation leaves to do with this part, if anything."""
    if not is_available(part):
        return None
    if part.received_quantity >= part.quantity:
        return FLAG_RESTOCK
    if part.received_quantity > 0:
        return FLAG_PARTIAL
    if part.vendor_order_no:
        return FLAG_RETURN
    return None
