"""A button per choice the getter lists, as (label, id) pairs."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog.widgets.kbd import Select
from aiogram_dialog.widgets.kbd.select import OnItemClick
from aiogram_dialog.widgets.text import Format


def choices(
    widget_id: str, items: str, on_click: OnItemClick[Select[str], str], shown: str = "{item[0]}"
) -> Select[str]:
    """A button per (label, id) pair of the getter's `items`, labelled by `shown`."""
    return Select(
        Format(shown), id=widget_id, item_id_getter=itemgetter(1), items=items, on_click=on_click
    )
