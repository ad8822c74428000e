"""The staff dialog's data: one typed object in `dialog_data`."""

from __future__ import annotations

from aiogram_dialog import DialogManager
from pydantic import BaseModel, Field

from dialogs.kit.feedback import with_notice

KEY = "staff"


class PortalPick(BaseModel):
    id: int
    name: str


class Staff(BaseModel):
    offset: int = 0  # the list's page, as the offset of its first line
    employee_id: int = 0  # whose card is open
    portal: list[PortalPick] = Field(default_factory=list)  # the users offered to pick from
    portal_failed: bool = False  # the portal did not answer: the id is typed
    note: str | None = None  # the answer to the last typed text, on top of the next screen

    def screen(self, body: str) -> str:
        """`body` under the note; the note is shown once."""
        return with_notice(self.note, [body])


def load(manager: DialogManager) -> Staff:
    return Staff.model_validate(manager.dialog_data.get(KEY) or {})


def store(manager: DialogManager, staff: Staff) -> None:
    manager.dialog_data[KEY] = staff.model_dump(mode="json")
