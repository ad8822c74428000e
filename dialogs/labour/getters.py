"""What the labour dialog shows: the order with the works so far, or the comment question."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.kit.close import CLOSING
from dialogs.kit.stage import Deps, load
from dialogs.labour import render
from dialogs.labour.data import Labour


async def works(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Labour)
    card = await deps.card(data.order_id)
    trash = [
        (deps.l10n.raw("labour-btn-remove", n=n), str(work.id))
        for n, work in enumerate(card.works, 1)
    ]
    return {"text": data.screen(render.works_text(deps.l10n, card)), "trash": trash}


async def comment(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = load(dialog_manager, Labour)
    return {"text": data.screen(render.comment_text(Deps(dialog_manager).l10n, data.order_id))}


async def closed(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"text": dialog_manager.dialog_data[CLOSING]}
