"""The pre-issue check's data: one typed object in `dialog_data` (the ticks are the checklist
widget's own, aiogram-dialog keeps them)."""

from __future__ import annotations

from aiogram_dialog import DialogManager
from pydantic import Field

from dialogs.kit.stage import StageData

KEY = "check"
CHECKLIST = "wc"  # the Multiselect's id (dialog.py); its item ids are Item.key


class Check(StageData):
    ticked: list[str] = Field(default_factory=list)  # at the start: ticks kept from before


def load(manager: DialogManager) -> Check:
    return Check.model_validate(manager.dialog_data[KEY])


def store(manager: DialogManager, check: Check) -> None:
    manager.dialog_data[KEY] = check.model_dump(mode="json")
