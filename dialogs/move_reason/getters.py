"""What the send-back and cancel windows show."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.render.orders import stage_label, stage_title
from dialogs.kit.stage import Deps, load
from dialogs.move_reason.data import REASONS, MoveReason
from services.orders.pipeline import back_targets


async def targets(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, MoveReason)
    l10n = deps.l10n
    # The pipeline says where this person may send the order; the screen only lists it.
    stages = back_targets(data.stage, deps.roles)
    title = stage_title(l10n, data.stage, data.order_id)
    return {
        "text": data.screen(l10n("move-pick-stage", title=title)),
        "targets": [(stage_label(l10n, s), s.value) for s in stages],
    }


async def reason(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, MoveReason)
    stage = stage_label(deps.l10n, data.target or "")
    return {"text": data.screen(deps.l10n("move-ask-reason", stage=stage))}


async def cancel(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, MoveReason)
    title = stage_title(deps.l10n, data.stage, data.order_id)
    return {
        "text": data.screen(deps.l10n("cancel-ask-reason", title=title)),
        "reasons": [(deps.l10n.raw(key), value) for value, key in REASONS.items()],
    }
