"""What the labour windows show: the works with their bins, the question for a comment."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.labour import render
from dialogs.labour.data import load


async def works(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    l10n, labour = deps["l10n"], load(dialog_manager)
    card = await deps["queries"].order_card(labour.order_id, deps["employee"])
    bins = [(l10n.raw("labour-btn-remove", n=n), str(w.id)) for n, w in enumerate(card.works, 1)]
    return {
        "text": _pinned(labour.pinned, render.works_text(l10n, card, labour.note)),
        "bins": bins,
    }


async def comment(dialog_manager: DialogManager, **deps: Any) -> dict[str, Any]:
    labour = load(dialog_manager)
    text = render.comment_text(deps["l10n"], labour.order_id, labour.note)
    return {"text": _pinned(labour.pinned, text)}


def _pinned(pinned: str | None, text: str) -> str:
    return f"{pinned}\n\n{text}" if pinned else text
