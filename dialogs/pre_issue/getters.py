"""What the checklist shows: the order, its parts and works as ☐/☑ toggles."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.kit.close import CLOSING
from dialogs.kit.stage import Deps, load
from dialogs.pre_issue import render
from dialogs.pre_issue.data import Check


async def check(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, data = Deps(dialog_manager), load(dialog_manager, Check)
    card = await deps.queries.order_card(data.order_id, deps.employee)
    items = render.checklist(deps.l10n, card)
    # Ticks of items no longer on the order (a work removed after a move back) do not count.
    ticked = set(data.ticked) & {item.key for item in items}
    return {
        "text": data.screen(render.check_text(deps.l10n, card)),
        "items": [
            (f"{'☑' if item.key in ticked else '☐'} {item.label}"[:64], item.key) for item in items
        ],
        # Shown either way: a tap before everything is ticked says what is left.
        "done": len(ticked) == len(items),
    }


async def closed(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"text": dialog_manager.dialog_data[CLOSING]}
