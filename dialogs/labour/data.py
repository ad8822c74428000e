"""The labour dialog's data: one typed object in `dialog_data`."""

from __future__ import annotations

from aiogram_dialog import DialogManager
from pydantic import BaseModel

KEY = "labour"


class Labour(BaseModel):
    order_id: int
    stage: str  # the stage the dialog was opened on (the services' stale check)
    note: str | None = None  # the answer to the last action, on top of the next screen
    pinned: str | None = None  # why the order was sent back, on top of every screen


def load(manager: DialogManager) -> Labour:
    return Labour.model_validate(manager.dialog_data[KEY])


def store(manager: DialogManager, labour: Labour) -> None:
    manager.dialog_data[KEY] = labour.model_dump(mode="json")
