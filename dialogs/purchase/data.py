"""What the purchase dialog keeps in FSM data (JSON only, so Redis can hold it).

Each part is saved as soon as it has a number and a date; only answers in hand live here.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext

from services.storage.models import OrderPart

ORDER = "order_id"
QUEUE = "queue"  # ids of the parts to order, grouped by vendor so one vendor order is typed once
INDEX = "index"
REVIEW = "review"  # True: every part was ordered already; a saved part returns to the overview
ANSWERS = "answers"  # part id → {"number": str, "date": ISO date}
KNOWN = "known"  # vendor orders recorded in this dialog: [[vendor, number, ISO date], …]
TYPING_DATE = "typing_date"  # «другая дата…» was tapped: the date screen asks to type it


async def change(state: FSMContext, **values: Any) -> dict[str, Any]:
    data = await state.get_data()
    data.update(values)
    await state.set_data(data)
    return data


def part_id(data: dict[str, Any]) -> int:
    return int(data[QUEUE][data[INDEX]])


def current(data: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = data.get(ANSWERS, {}).get(str(part_id(data)), {})
    return answers


async def answer(state: FSMContext, **values: Any) -> dict[str, Any]:
    data = await state.get_data()
    key = str(part_id(data))
    data[ANSWERS] = {**data.get(ANSWERS, {}), key: {**current(data), **values}}
    await state.set_data(data)
    return data


def answers_of(part: OrderPart) -> dict[str, Any]:
    """A part's recorded order as kept answers: going back to it shows what it has."""
    answers: dict[str, Any] = {}
    if part.vendor_order_no:
        answers["number"] = part.vendor_order_no
    if part.expected_date is not None:
        answers["date"] = part.expected_date.isoformat()
    return answers
