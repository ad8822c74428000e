"""The parts walk's data: one typed object in `dialog_data` (JSON, so Redis can hold it)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from pydantic import Field

from dialogs.kit.stage import StageData

KEY = "walk"


class Walk(StageData):
    kind: str  # which work: "pricing", "purchase", "receiving" (kinds.py)
    queue: list[int] = Field(default_factory=list)  # part ids to walk, in order
    index: int = 0  # position in `queue` of the part in hand
    step: str = ""  # the question asked about the part in hand (the kind's own names)
    typing: bool = False  # «другой…», «другое…»: the question asks for the answer typed
    review: bool = False  # every part was done when opened: a saved part returns to the list
    answers: dict[str, dict[str, Any]] = Field(default_factory=dict)  # part id → answers
    extra: dict[str, Any] = Field(default_factory=dict)  # the kind's own memory

    @property
    def part_id(self) -> int:
        return self.queue[self.index]

    @property
    def current(self) -> dict[str, Any]:
        """Answers kept for the part in hand (per part: going back loses nothing)."""
        return self.answers.setdefault(str(self.part_id), {})


def load(manager: DialogManager) -> Walk:
    return Walk.model_validate(manager.dialog_data[KEY])


def store(manager: DialogManager, walk: Walk) -> None:
    manager.dialog_data[KEY] = walk.model_dump(mode="json")
