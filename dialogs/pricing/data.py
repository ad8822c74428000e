"""What the pricing dialog keeps in FSM data (JSON only, so Redis can hold it).

Each part is saved as soon as its answers are complete, so only the part in hand lives here.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext

from services.storage.models import OrderPart

ORDER = "order_id"
QUEUE = "queue"  # ids of the parts this dialog walks through, in the order's order
INDEX = "index"  # position in QUEUE of the part in hand
REVIEW = "review"  # True: started with every part priced; a saved part returns to the overview
ANSWERS = "answers"  # part id → its answers: purchase, sale ("markup" or a sum), vendor, days
LAST = "last"  # {"vendor", "days"} of the part priced just before: the one-tap "same as before"
VENDORS = "vendors"  # recent vendor names, for the vendor buttons (picked by index)
NOTE = "note"  # what the last save did, shown above the next question


async def change(state: FSMContext, **values: Any) -> dict[str, Any]:
    data = await state.get_data()
    data.update(values)
    await state.set_data(data)
    return data


async def answer(state: FSMContext, **values: Any) -> dict[str, Any]:
    """Keep answers for the part in hand (kept per part, so going back loses nothing)."""
    data = await state.get_data()
    key = str(part_id(data))
    data[ANSWERS] = {**data.get(ANSWERS, {}), key: {**current(data), **values}}
    await state.set_data(data)
    return data


def current(data: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = data.get(ANSWERS, {}).get(str(part_id(data)), {})
    return answers


def answers_of(part: OrderPart) -> dict[str, Any]:
    """A part's saved values as kept answers: going back to it shows what it has."""
    answers: dict[str, Any] = {}
    if part.purchase_price is not None:
        answers["purchase"] = str(part.purchase_price)
    if part.sale_price is not None:
        answers["sale"] = str(part.sale_price)
    if part.vendor:
        answers["vendor"] = part.vendor
    if part.delivery_days is not None:
        answers["days"] = part.delivery_days
    return answers


def part_id(data: dict[str, Any]) -> int:
    return int(data[QUEUE][data[INDEX]])
