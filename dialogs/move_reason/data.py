"""The send-back and cancel dialog's data: one typed object in `dialog_data`."""

from __future__ import annotations

from typing import Literal

# The client's common refusals (the button's value → the label, saved as the reason): the
# same whether the master hears them at approval or later.
from dialogs.approval.data import REASONS as REASONS
from dialogs.kit.stage import StageData

# Longer reasons are cut to what Order.cancel_reason and StageTransition.reason keep.
MAX_REASON = 500


class MoveReason(StageData):
    """The order, the stage its card showed, what is asked and the stage picked so far."""

    kind: Literal["back", "cancel"]
    target: str | None = None  # send back: the stage picked
