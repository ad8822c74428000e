"""The kinds of parts work, by name and by the stage whose work they are."""

from __future__ import annotations

from dialogs.parts_walk.data import Walk
from dialogs.parts_walk.kinds import PartsKind
from dialogs.pricing.kind import PricingKind
from dialogs.purchase.kind import PurchaseKind
from dialogs.receiving.kind import ReceivingKind
from services.orders import Stage

KINDS: dict[str, PartsKind] = {
    "pricing": PricingKind(),
    "purchase": PurchaseKind(),
    "receiving": ReceivingKind(),
}
KIND_OF_STAGE = {
    Stage.PARTS_PRICING.value: "pricing",
    Stage.PARTS_PURCHASE.value: "purchase",
    Stage.AWAITING_DELIVERY.value: "receiving",
}


def kind_of(walk: Walk) -> PartsKind:
    return KINDS[walk.kind]
