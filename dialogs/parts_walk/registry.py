"""The kinds of parts work, by name and by the stage whose work they are."""

from __future__ import annotations

from dialogs.parts_walk.data import Walk
from dialogs.parts_walk.kinds import PartsKind
from dialogs.receiving.kind import ReceivingKind
from services.orders import Stage

KINDS: dict[str, PartsKind] = {"receiving": ReceivingKind()}
KIND_OF_STAGE = {Stage.AWAITING_DELIVERY.value: "receiving"}


def kind_of(walk: Walk) -> PartsKind:
    return KINDS[walk.kind]
