"""What the checklist shows: the order, its parts and works as ticks, the issue button."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import ManagedMultiselect

from dialogs.pre_issue import render
from dialogs.pre_issue.data import CHECKLIST, load


async def check(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n, state = deps["l10n"], load(dialog_manager)
    card = await deps["queries"].order_card(state.order_id, deps["employee"])
    items = render.checklist(l10n, card)
    widget: ManagedMultiselect[str] = dialog_manager.find(CHECKLIST)  # type: ignore[assignment]
    # Ticks of items no longer on the order (a work removed after a move back) do not count.
    done = all(widget.is_checked(item.key) for item in items)
    text = render.check_text(l10n, card, state.note)
    # Shown either way: a tap before everything is ticked says what is left.
    issue = l10n.raw("pre-issue-btn-issue" if done else "pre-issue-btn-issue-locked")
    return {
        "text": f"{state.pinned}\n\n{text}" if state.pinned else text,
        "items": [(item.label[:62], item.key) for item in items],
        "issue": issue,
    }
