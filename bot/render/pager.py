"""The ◀️ ▶️ row under a paged list: the orders, the staff."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.types import InlineKeyboardButton


def pager_row(
    offset: int, shown: int, total: int, size: int, page: Callable[[int], str]
) -> list[InlineKeyboardButton]:
    """◀️ to the page before `offset` and ▶️ to the one after its `shown` items, each only where
    there is one; `page(offset)` packs the callback data that opens the page at `offset`."""
    row = []
    if offset > 0:
        row.append(InlineKeyboardButton(text="◀️", callback_data=page(max(0, offset - size))))
    if offset + shown < total:
        row.append(InlineKeyboardButton(text="▶️", callback_data=page(offset + size)))
    return row
