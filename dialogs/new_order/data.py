"""What the dialog keeps between steps: one typed object (Draft) in `dialog_data`.

Nothing is written to the database before «Сохранить»: the client, the car answer and the
order are all saved together at the end, so a cancelled dialog leaves no trace.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiogram_dialog import DialogManager
from pydantic import BaseModel

from services.clients import CarResolution
from services.normalize import PartLine
from services.orders import MediaInput, PartInput

KEY = "new_order"  # dialog_data key of the Draft

MAX_PARTS = 30
MAX_MEDIA = 30
# Telegram lets bots download files up to 20 MB; bigger ones can still be sent on by file_id.
BIG_FILE = 20 * 1024 * 1024


class CarChoice(BaseModel):
    """A car picked from the client's list (`car_id`), or one found or created by VIN/plate
    (`resolution`); `answer` None means a question about it is still open."""

    label: str
    car_id: int | None = None
    resolution: dict[str, Any] | None = None
    answer: str | None = None
    note: str | None = None
    make: str | None = None
    model: str | None = None
    year: int | None = None

    @property
    def ready(self) -> bool:
        return self.car_id is not None or self.answer is not None

    def found(self) -> CarResolution:
        assert self.resolution is not None
        return CarResolution.from_dict(self.resolution)


class MediaItem(BaseModel):
    kind: str  # photo, video, document
    looks: str  # photo or video: what a document shows
    file_id: str
    file_unique_id: str
    file_size: int | None = None
    media_group_id: str | None = None


class Draft(BaseModel):
    phone: str | None = None  # E.164
    client_new: bool | None = None  # None: not looked up yet; True: created at save time
    client_id: int | None = None  # a found client
    client_name: str | None = None  # None = «без имени»
    name_answered: bool = False  # the name step has an answer (maybe «без имени»)
    cars: list[tuple[int, str]] = []  # the found client's current cars: (car_id, label)
    car: CarChoice | None = None
    complaint: str | None = None
    parts: list[tuple[str, str | None, str]] = []  # (name, article, quantity as str)
    editing: int | None = None  # 0-based index of the part being replaced
    media: list[MediaItem] = []
    album: str | None = None  # media_group_id of the album the screen already acknowledged
    notice: str | None = None  # the answer to the last input, above the next question

    @property
    def car_ready(self) -> bool:
        return self.car is not None and self.car.ready

    def forget_client(self) -> None:
        """A new phone means another client, so another car."""
        self.client_new = self.client_id = self.client_name = self.car = None
        self.name_answered = False
        self.cars = []

    def add_parts(self, lines: list[PartLine]) -> list[tuple[str, str | None, str]]:
        return [*self.parts, *part_rows(lines)]

    def part_inputs(self) -> list[PartInput]:
        return [PartInput(name, article, Decimal(qty)) for name, article, qty in self.parts]

    def media_inputs(self) -> list[MediaInput]:
        return [MediaInput(**item.model_dump(exclude={"looks"})) for item in self.media]

    def media_counts(self) -> tuple[int, int, int]:
        """Photos, videos and files too big for the bot to download. A video sent as a file
        is stored as a document (it is sent on as one) but counted as the video it looks like."""
        videos = sum(1 for m in self.media if m.looks == "video")
        big = sum(1 for m in self.media if (m.file_size or 0) > BIG_FILE)
        return len(self.media) - videos, videos, big


def part_rows(lines: list[PartLine]) -> list[tuple[str, str | None, str]]:
    return [(line.name, line.article, str(line.quantity)) for line in lines]


def load(manager: DialogManager) -> Draft:
    return Draft.model_validate(manager.dialog_data.get(KEY) or {})


def begin(manager: DialogManager) -> Draft:
    """A handler's start: the draft, the last notice dropped (it answered the input before)."""
    draft = load(manager)
    draft.notice = None
    return draft


def store(manager: DialogManager, draft: Draft) -> None:
    manager.dialog_data[KEY] = draft.model_dump(mode="json")
