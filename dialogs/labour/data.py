"""The labour dialog's data: one typed object in `dialog_data`."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from dialogs.kit.stage import StageData

KEY = "labour"


class Labour(StageData):
    """The labour dialog keeps no answers of its own: the works are saved as typed."""


def load(manager: DialogManager) -> Labour:
    return Labour.model_validate(manager.dialog_data[KEY])


def store(manager: DialogManager, labour: Labour) -> None:
    manager.dialog_data[KEY] = labour.model_dump(mode="json")
