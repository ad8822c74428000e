"""What the parts walk's windows show: the kind's screen, under the pinned text and the note."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.parts_walk.data import load
from dialogs.parts_walk.kinds import Ctx
from dialogs.parts_walk.registry import kind_of

MAX_ROWS = 6  # rows of likely answers a screen may have (dialog.py draws that many)


async def screen(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    walk = load(dialog_manager)
    shown = await kind_of(walk).screen(Ctx(dialog_manager, walk))
    text = f"{walk.note}\n\n{shown.text}" if walk.note else shown.text
    if walk.pinned:
        text = f"{walk.pinned}\n\n{text}"
    rows = {f"row{n}": shown.rows[n] if n < len(shown.rows) else [] for n in range(MAX_ROWS)}
    return {
        "text": text,
        "parts": shown.parts,
        **rows,
        "finish": shown.finish,
        "back": shown.back,
        "cancel": shown.cancel,
    }
