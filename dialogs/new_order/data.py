"""What the dialog keeps between steps, in FSM data (JSON only, so Redis can hold it).

Nothing is written to the database before «Сохранить»: the client, the car answer and the
order are all saved together at the end, so a cancelled dialog leaves no trace.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiogram.fsm.context import FSMContext

from services.clients import CarResolution
from services.normalize import PartLine
from services.orders import MediaInput, PartInput

PHONE = "phone"  # E.164
CLIENT_ID = "client_id"  # a found client (a new one is saved with the order)
CLIENT_NEW = "client_new"  # True: created at save time from PHONE and CLIENT_NAME
CLIENT_NAME = "client_name"  # present (maybe None = «без имени») once answered
CARS = "cars"  # the found client's current cars: [[car_id, label], …]
CAR = "car"  # see `car_ready`
COMPLAINT = "complaint"
PARTS = "parts"  # [[name, article | None, quantity as str], …]
EDITING = "editing"  # 0-based index of the part being replaced
MEDIA = "media"  # [{kind, file_id, file_unique_id, file_size, media_group_id, looks}, …]
ALBUM = "album"  # media_group_id of the album the screen already acknowledged

MAX_PARTS = 30
MAX_MEDIA = 30
# Telegram lets bots download files up to 20 MB; bigger ones can still be sent on by file_id.
BIG_FILE = 20 * 1024 * 1024

# Which answer keys depend on which: a new phone means another client, so another car.
CLIENT_KEYS = (CLIENT_ID, CLIENT_NEW, CLIENT_NAME, CARS, CAR)


async def change(state: FSMContext, *, drop: tuple[str, ...] = (), **values: Any) -> dict[str, Any]:
    """Update some keys and remove others in one write; returns the new data."""
    data = await state.get_data()
    for key in drop:
        data.pop(key, None)
    data.update(values)
    await state.set_data(data)
    return data


# --- the car ---------------------------------------------------------------------------------
# CAR is {"label": str, "car_id": int} for a car picked from the client's list, or
# {"label": str, "resolution": CarResolution.to_dict(), "answer": Answer | None,
#  "note", "make", "model", "year"} for one found or created by VIN/plate; "answer" None means
# a question is still open.


def car_ready(data: dict[str, Any]) -> bool:
    car = data.get(CAR)
    return bool(car) and (car.get("car_id") is not None or car.get("answer") is not None)


def resolution(data: dict[str, Any]) -> CarResolution:
    return CarResolution.from_dict(data[CAR]["resolution"])


# --- parts and media -------------------------------------------------------------------------


def part_rows(lines: list[PartLine]) -> list[list[str | None]]:
    return [[line.name, line.article, str(line.quantity)] for line in lines]


def parts(data: dict[str, Any]) -> list[PartInput]:
    return [PartInput(name, article, Decimal(qty)) for name, article, qty in data.get(PARTS, [])]


def media(data: dict[str, Any]) -> list[MediaInput]:
    fields = MediaInput._fields
    return [
        MediaInput(**{k: v for k, v in item.items() if k in fields}) for item in data.get(MEDIA, [])
    ]


def media_counts(data: dict[str, Any]) -> tuple[int, int, int]:
    """Photos, videos and files too big for the bot to download. A video sent as a file is
    stored as a document (it is sent on as one) but counted as the video it "looks" like."""
    items = data.get(MEDIA, [])
    videos = sum(1 for m in items if m["looks"] == "video")
    big = sum(1 for m in items if (m.get("file_size") or 0) > BIG_FILE)
    return len(items) - videos, videos, big
